import type { Update } from 'telegraf/types';
import * as z from 'zod';
import type { Logger } from '../../logger.js';
import { backoffMs } from '../../queue/backoff.js';
import type { Clock } from '../../time/clock.js';
import type { CallApi } from './bot-api.js';
import { isTokenRefused, loggableError, retryAfterMsOf } from './telegram-errors.js';
import { ALLOWED_UPDATES } from './telegram-updates.js';

/** What getUpdates answers, as far as the loop reads it; each update is checked where it is translated. */
const UpdatesSchema = z.array(z.looseObject({ update_id: z.number().int().nonnegative() }));

/**
 * The longest wait before asking again for updates that could not be recorded: while the store is away,
 * each poll is also when the chats that wrote since hear so.
 */
const RECORD_RETRY_MAX_MS = 5_000;

export interface LongPollingDeps {
  /** The Bot API with its deadlines (a poll gets its own wait on top). */
  readonly callApi: CallApi;
  /**
   * Takes one update (the durable intake); resolves once it is recorded. A rejection (the store is
   * away) leaves it unconfirmed: polling waits, then asks Telegram for it again.
   */
  readonly handle: (update: Update) => Promise<unknown>;
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
  /**
   * Ends the poll under way and any wait; `run()` then confirms what was taken and resolves. `confirm:
   * false` (the lease was lost: another instance polls now) skips that last call, which would cut the
   * new holder's poll short; the new holder's copies of those updates are known to the intake.
   */
  stop(options?: { readonly confirm?: boolean }): void;
}

/**
 * Long polling that never gives up by itself: a poll that fails (network, 5xx, 409 while another
 * instance polls, a poll past its deadline, an answer that is not a list of updates) is logged and tried
 * again after a back-off with jitter (1 s doubling to 60 s, or Telegram's `retry_after`); only a refused
 * token ends it. Updates are handed on in order, and the offset (which confirms every update below it to
 * Telegram, https://core.telegram.org/bots/api#getupdates) moves past each one only once `handle` has
 * taken it; one it could not take is asked for again, with those after it, after a back-off of at most
 * 5 s (those after it are still handed on, for the chats to hear that the store is away). On
 * stop, one last call confirms the offset, so Telegram does not send those updates again on the next start.
 */
export function createLongPolling(deps: LongPollingDeps): LongPolling {
  const stopped = new AbortController();
  const waitS = deps.waitS ?? 50;
  const random = deps.random ?? Math.random;
  let offset = 0;
  let confirmAtStop = true;
  let failures = 0;
  /** Polls in a row whose updates could not all be recorded. */
  let refusals = 0;

  /** Waits after a failure, counting it; ends early on stop. */
  async function backOff(
    error: unknown,
    message: string,
    { attempt, maxMs }: { attempt: number; maxMs: number },
  ): Promise<'again'> {
    const waitMs = backoffMs(attempt, random, {
      baseMs: 1_000,
      maxMs,
      retryAfterMs: retryAfterMsOf(error) ?? 0,
    });
    deps.logger.warn({ error: loggableError(error), failures: attempt, retryInMs: waitMs }, message);
    await deps.clock.sleep(waitMs, stopped.signal).catch(() => undefined);
    return 'again';
  }

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
      return backOff(error, 'Telegram getUpdates failed, polling again later', {
        attempt: failures,
        maxMs: 60_000,
      });
    }
    let refused: unknown;
    for (const update of updates) {
      try {
        await deps.handle(update);
        if (refused === undefined) offset = update.update_id + 1;
      } catch (error) {
        // The rest of the batch is still handed on (each chat hears that the store is away), unconfirmed.
        refused ??= error;
      }
    }
    if (refused === undefined) {
      refusals = 0;
      return 'again';
    }
    refusals += 1;
    return backOff(
      refused,
      'a Telegram update could not be recorded: not confirmed, asking for it again later',
      {
        attempt: refusals,
        maxMs: RECORD_RETRY_MAX_MS,
      },
    );
  }

  return {
    async run() {
      while (!stopped.signal.aborted && (await pollOnce()) === 'again');
      if (offset === 0 || !confirmAtStop) return;
      await deps.callApi('getUpdates', { offset, limit: 1, timeout: 0 }).catch((error: unknown) => {
        deps.logger.debug({ error: loggableError(error) }, 'Telegram offset not confirmed at stop');
      });
    },
    stop(options) {
      if (options?.confirm === false) confirmAtStop = false;
      stopped.abort(new Error('polling stopped'));
    },
  };
}
