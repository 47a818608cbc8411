import { Worker } from 'node:worker_threads';
import tsTrackingNumber from 'ts-tracking-number';

/**
 * The library users reach for today, measured beside Postie in the same run: ts-tracking-number
 * (https://www.npmjs.com/package/ts-tracking-number), a port of the tracking_number_data patterns.
 */
export const baseline = {
  name: `ts-tracking-number`,
  /** Tracking numbers found in `text`, normalized (upper case, no spaces). */
  find(text: string): string[] {
    return tsTrackingNumber.findTracking(text).map((t) => t.trackingNumber.replace(/\s+/g, '').toUpperCase());
  },
  /** The courier code of a single number, or undefined. */
  carrierOf(number: string): string | undefined {
    return tsTrackingNumber.getTracking(number)?.courier.code;
  },
  /** Seconds to search `text`, or `null` when it did not finish within `timeoutMs`. */
  timeSearch(text: string, timeoutMs: number): Promise<number | null> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./baseline-worker.js', import.meta.url), { workerData: { text } });
      const timer = setTimeout(() => {
        void worker.terminate();
        resolve(null);
      }, timeoutMs);
      worker.once('message', (message: { seconds: number }) => {
        clearTimeout(timer);
        void worker.terminate();
        resolve(message.seconds);
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  },
};
