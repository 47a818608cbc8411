import type { Update } from 'telegraf/types';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import { backoffMs } from '../../queue/backoff.js';
import type { Clock } from '../../time/clock.js';
import type { CallApi } from './bot-api.js';
import { isTokenRefused, loggableError, retryAfterMsOf } from './telegram-errors.js';
import { ALLOWED_UPDATES } from './telegram-updates.js';

/** What getUpdates answers, as far as the loop reads it; each update is checked where it is translated. */
const UpdatesSchema = z.array(z.looseObject({ update_id: z.number().int().nonnegative() }));

export interface LongPollingDeps {
  /** The Bot API with its deadlines (a poll gets its own wait on top). */
  readonly callApi: CallApi;
  /** Takes one update (telegraf's `handleUpdate`, with its error boundary); resolves once it is queued. */
  readonly handle: (update: Update) => Promise<void>;
  /** What measures the waits after a failed poll. */
  readonly clock: Clock;
  /** @defaultValue Math.random */
  readonly random?: () => number;
  readonly logger: Logger;
  /** Telegram refused the token (401) or does not know it (404): polling ends, and no retry would help. */
  readonly onTokenRefused: (error: unknown) => void;
  /**
   * How long Telegram holds a poll open while nothing happens, in seconds (getUpdates `timeout`,
   * https://core.telegram.org/bots/api#getupdates). @defaultValue 50, as telegraf polls
   */
  readonly waitS?: number;
}

export interface LongPolling {
  /** Polls until `stop()` or a refused token; resolves then, never rejects. */
  run(): Promise<void>;
  /** Ends the poll under way and any wait; `run()` then confirms what was taken and resolves. */
  stop(): void;
}

/**
 * Long polling that never gives up by itself: a poll that fails (network, 5xx, 409 while another
 * instance polls, a poll past its deadline, an answer that is not a list of updates) is logged and tried
 * again after a back-off with jitter (1 s doubling to 60 s, or Telegram's `retry_after`); only a refused
 * token ends it. Updates are handed on in order, and the offset moves past each one handed on. On stop,
 * one last call confirms the offset, so Telegram does not send those updates again on the next start.
 */
export function createLongPolling(deps: LongPollingDeps): LongPolling {
  const stopped = new AbortController();
  const waitS = deps.waitS ?? 50;
  const random = deps.random ?? Math.random;
  let offset = 0;
  let failures = 0;

  async function pollOnce(): Promise<'again' | 'end'> {
    let updates: Update[];
    try {
      const answer = await deps.callApi(
        'getUpdates',
        { offset, timeout: waitS, allowed_updates: [...ALLOWED_UPDATES] },
        stopped.signal,
      );
      const parsed = UpdatesSchema.safeParse(answer);
      if (!parsed.success) throw new Error('getUpdates answered something other than a list of updates');
      updates = parsed.data as unknown as Update[];
      failures = 0;
    } catch (error) {
      if (stopped.signal.aborted) return 'end';
      if (isTokenRefused(error)) {
        deps.onTokenRefused(error);
        return 'end';
      }
      failures += 1;
      const waitMs = backoffMs(failures, random, {
        baseMs: 1_000,
        maxMs: 60_000,
        retryAfterMs: retryAfterMsOf(error) ?? 0,
      });
      deps.logger.warn(
        { error: loggableError(error), failures, retryInMs: waitMs },
        'Telegram getUpdates failed, polling again later',
      );
      await deps.clock.sleep(waitMs, stopped.signal).catch(() => undefined);
      return 'again';
    }
    for (const update of updates) {
      offset = update.update_id + 1;
      try {
        await deps.handle(update);
      } catch (error) {
        deps.logger.error(
          { error: loggableError(error), updateId: update.update_id },
          'a Telegram update failed',
        );
      }
    }
    return 'again';
  }

  return {
    async run() {
      while (!stopped.signal.aborted && (await pollOnce()) === 'again');
      if (offset === 0) return;
      await deps.callApi('getUpdates', { offset, limit: 1, timeout: 0 }).catch((error: unknown) => {
        deps.logger.debug({ error: loggableError(error) }, 'Telegram offset not confirmed at stop');
      });
    },
    stop: () => stopped.abort(new Error('polling stopped')),
  };
}
