import { StoreFileLostError } from '../domain/store-unavailable.js';
import type { Logger } from '../logger.js';
import { type Clock, systemClock } from '../time/clock.js';
import type { StoreState } from './store-backend.js';
import { describeStoreUrl } from './store-url.js';

/**
 * The store's changes of state as log lines that name `STORE_URL` and the store as `describeStoreUrl`
 * shows it (never a password): one error line when it cannot be reached at start or is lost while
 * running, one info line when it is back (with how long it was away, `unavailableMs`), never one per
 * reconnection attempt. `clock` measures the outage: real time. @defaultValue the system clock
 */
export function reportStoreState(
  url: string,
  logger: Logger,
  clock: Clock = systemClock,
): (state: StoreState, error?: Error) => void {
  const fields = { setting: 'STORE_URL', store: describeStoreUrl(url) };
  let previous: StoreState = 'connecting';
  let since = clock.now();
  return (state, error) => {
    const was = previous;
    previous = state;
    if (state === 'unavailable') {
      since = clock.now();
      const problem = { ...fields, err: error };
      if (error instanceof StoreFileLostError)
        logger.error(
          problem,
          'the store file STORE_URL names is gone: nothing more is written; restore it and restart',
        );
      else if (was === 'connecting')
        logger.error(
          problem,
          'cannot reach the store STORE_URL names: chats hear "try again in a minute" meanwhile, and Postie keeps trying',
        );
      else
        logger.error(
          problem,
          'lost the store STORE_URL names: chats hear "try again in a minute" meanwhile, and Postie keeps trying',
        );
    } else if (state === 'ready' && was === 'unavailable') {
      logger.info({ ...fields, unavailableMs: clock.now() - since }, 'the store STORE_URL names is back');
    }
  };
}
