import type { AdapterId } from '../domain/carrier.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../time/clock.js';

export interface CreditsPollerOptions {
  /** The carriers that tell their credits (`Lookups.credits`); the signal aborts an ask under way at stop. */
  readonly readers: ReadonlyMap<AdapterId, (signal?: AbortSignal) => Promise<number>>;
  /** Real time. */
  readonly clock: Clock;
  readonly logger: Logger;
  /** @defaultValue one hour: the account endpoint is asked rarely, outside the carrier's lane */
  readonly intervalMs?: number;
}

export interface CreditsPoller {
  /** The credits last read, and when (epoch ms). */
  get(adapter: AdapterId): { readonly left: number; readonly at: number } | undefined;
  stop(): Promise<void>;
}

/**
 * Asks each carrier's account for its credits at start and then every `intervalMs`; a failed ask keeps
 * the last value and is one warning line (its `CarrierError` code, never the key).
 */
export function pollCredits(options: CreditsPollerOptions): CreditsPoller {
  const { clock, logger } = options;
  const intervalMs = options.intervalMs ?? 3_600_000;
  const last = new Map<AdapterId, { left: number; at: number }>();
  const stopped = new AbortController();

  const readAll = () =>
    Promise.all(
      [...options.readers].map(async ([adapter, read]) => {
        try {
          last.set(adapter, { left: await read(stopped.signal), at: clock.now() });
        } catch (error) {
          if (stopped.signal.aborted) return;
          const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
          logger.warn({ adapter, code }, 'could not read the carrier account credits');
        }
      }),
    );
  const running =
    options.readers.size === 0
      ? Promise.resolve()
      : (async () => {
          while (!stopped.signal.aborted) {
            await readAll();
            await clock.sleep(intervalMs, stopped.signal).catch(() => undefined);
          }
        })();

  return {
    get: (adapter) => last.get(adapter),
    async stop() {
      stopped.abort();
      await running;
    },
  };
}
