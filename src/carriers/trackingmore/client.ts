import type { TrackingMoreConfig } from '../../config.js';
import { type HttpClient, HttpError } from '../../http/http-client.js';
import { CarrierError } from '../carrier-error.js';
import type { RawAnswer } from './meta-codes.js';

/**
 * HTTP to TrackingMore: JSON POSTs to `{baseUrl}{path}` with the API key header, each with its own time
 * limit and the caller's signal. Transport failures become `CarrierError`s; answers are returned raw
 * for the pure interpreters in `response.ts`. The key never reaches a message or a log.
 */
export interface TrackingmoreClient {
  post(path: string, body: unknown, signal?: AbortSignal): Promise<RawAnswer>;
}

export interface ClientOptions {
  readonly http: HttpClient;
  /** Per-request time limit, in milliseconds. */
  readonly timeoutMs: number;
  /** The header that carries the key: `Trackingmore-Api-Key` (v2) or `Tracking-Api-Key` (v4). */
  readonly keyHeader: string;
}

export function createTrackingmoreClient(
  config: TrackingMoreConfig,
  options: ClientOptions,
): TrackingmoreClient {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  return {
    async post(path, body, signal) {
      try {
        return await options.http.request({
          method: 'POST',
          url: `${baseUrl}${path}`,
          headers: {
            [options.keyHeader]: config.apiKey,
            'Content-Type': 'application/json',
            Accept: 'application/json',
          },
          body: JSON.stringify(body),
          timeoutMs: options.timeoutMs,
          ...(signal === undefined ? {} : { signal }),
        });
      } catch (error) {
        throw transportError(error, path);
      }
    },
  };
}

function transportError(error: unknown, path: string): CarrierError {
  const what = `POST ${path}`;
  if (!(error instanceof HttpError)) {
    return new CarrierError('trackingmore', 'unavailable', `${what} failed`, { cause: error });
  }
  switch (error.kind) {
    case 'timeout':
      return new CarrierError('trackingmore', 'timeout', `${what}: no answer in time`, { cause: error });
    case 'aborted':
      return new CarrierError('trackingmore', 'timeout', `${what}: abandoned by the caller`, {
        cause: error,
      });
    case 'too_large':
      return new CarrierError('trackingmore', 'bad_response', `${what}: answer too large`, { cause: error });
    case 'network':
      return new CarrierError('trackingmore', 'unavailable', `${what}: TrackingMore unreachable`, {
        cause: error,
      });
  }
}
