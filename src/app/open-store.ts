import type { Config } from '../config.js';
import { SettingRefused } from '../domain/setting-refused.js';
import { StoreUnavailableError } from '../domain/store-unavailable.js';
import type { Logger } from '../logger.js';
import { openStoreBackend } from '../store/open-store-backend.js';
import { reportStoreState } from '../store/report-store-state.js';
import type { StoreBackend } from '../store/store-backend.js';
import type { Clock } from '../time/clock.js';

/**
 * The store `STORE_URL` names, opened once for the process (one connection; everything Postie keeps
 * lives on it), its state changes logged. A Redis that cannot be reached is no reason to fail (see
 * `openStoreBackend`); a SQLite file that cannot be opened (a folder that cannot be made, a file this
 * release does not read) is a `SettingRefused` naming STORE_URL and the path: one line, exit 78.
 *
 * @param retryClock what measures the waits between reconnections to Redis: real time.
 */
export async function openStore(config: Config, logger: Logger, retryClock?: Clock): Promise<StoreBackend> {
  try {
    return await openStoreBackend(config.store.url, {
      onStateChange: reportStoreState(config.store.url, logger, retryClock),
      ...(retryClock ? { retryClock } : {}),
    });
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    throw new SettingRefused(
      'STORE_URL',
      `${error.message}: check STORE_URL, and that Postie may write there`,
    );
  }
}
