import type { HttpClient } from '../../http/http-client.js';
import { requestCarrier } from '../carrier-http.js';
import type { RawAnswer } from './meta-codes.js';
import type { TrackingmoreSettings } from './settings.js';

/**
 * HTTP to TrackingMore: JSON POSTs (and the account's GET) to `{baseUrl}{path}` with the API key header, each with its own time
 * limit and the caller's signal. Transport failures become `CarrierError`s; answers are returned raw
 * for the pure interpreters in `response.ts`. The key never reaches a message or a log.
 */
export interface TrackingmoreClient {
  post(path: string, body: unknown, signal?: AbortSignal): Promise<RawAnswer>;
  /** A GET without a body (the account endpoint). */
  get(path: string, signal?: AbortSignal): Promise<RawAnswer>;
}

export interface ClientOptions {
  readonly http: HttpClient;
  /** Per-request time limit, in milliseconds. */
  readonly timeoutMs: number;
  /** The header that carries the key: `Trackingmore-Api-Key` (v2) or `Tracking-Api-Key` (v4). */
  readonly keyHeader: string;
}

export function createTrackingmoreClient(
  config: TrackingmoreSettings,
  options: ClientOptions,
): TrackingmoreClient {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const headers = { [options.keyHeader]: config.apiKey, Accept: 'application/json' };
  return {
    get: (path, signal) =>
      requestCarrier('trackingmore', options.http, {
        method: 'GET',
        url: `${baseUrl}${path}`,
        headers,
        timeoutMs: options.timeoutMs,
        ...(signal === undefined ? {} : { signal }),
      }),
    post: (path, body, signal) =>
      requestCarrier('trackingmore', options.http, {
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
      }),
  };
}
