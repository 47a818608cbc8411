import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../time/clock.js';
import { type StopOutcome, stopWithin } from '../time/stop-within.js';

/**
 * `App.stop`: runs `parts` once, within SHUTDOWN_TIMEOUT_MS; `abandon` aborts when the time is nearly
 * out. A part that fails is logged and the stop ends there. `announce` logs how it ended.
 */
export function stopOnce(
  deps: {
    readonly config: Config;
    readonly logger: Logger;
    readonly deadlineClock: Clock;
    readonly announce: boolean;
  },
  parts: (abandon: AbortSignal) => Promise<void>,
): () => Promise<StopOutcome> {
  const { logger } = deps;
  const timeoutMs = deps.config.shutdown.timeoutMs;
  const onAbandon = () =>
    logger.warn(
      { timeoutMs },
      'shutdown is running out of time: giving up calls under way (unsent notifications stay in the outbox)',
    );
  let stopping: Promise<StopOutcome> | undefined;
  return () => {
    stopping ??= stopWithin({ clock: deps.deadlineClock, timeoutMs, onAbandon }, async (abandon) => {
      try {
        await parts(abandon);
      } catch (error) {
        logger.error({ err: error }, 'a part of Postie failed to stop');
      }
    }).then((outcome) => {
      if (deps.announce) logger.info({ outcome }, 'stopped');
      return outcome;
    });
    return stopping;
  };
}
