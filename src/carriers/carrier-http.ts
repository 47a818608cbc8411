import { CarrierError, type CarrierErrorCode } from '../domain/carrier-error.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../http/http-client.js';
import { HttpError } from '../http/http-error.js';

/** How a transport failure reads to the queue; a caller that gave up waiting saw the call take too long. */
const TRANSPORT_FAILURES: Readonly<Record<HttpError['kind'], CarrierErrorCode>> = {
  timeout: 'timeout',
  aborted: 'timeout',
  network: 'unavailable',
  too_large: 'bad_response',
};

/**
 * `http.request` for an adapter: the answer comes back whatever its status, and a transport failure is
 * thrown as a `CarrierError` of that adapter. The message names the method and host only, never a path,
 * a query or a header (where keys and tokens travel).
 */
export async function requestCarrier(
  adapter: string,
  http: HttpClient,
  request: HttpRequest,
): Promise<HttpResponse> {
  try {
    return await http.request(request);
  } catch (error) {
    if (error instanceof HttpError) {
      throw new CarrierError(adapter, TRANSPORT_FAILURES[error.kind], error.message, { cause: error });
    }
    throw new CarrierError(adapter, 'unavailable', `${adapter} could not be reached`, { cause: error });
  }
}

/** The body as JSON, or `undefined` when it is not JSON (the caller decides what that means). */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The longest wait a carrier's hint (`Retry-After`, a rate-limit reset) is taken at: a hint is outside
 * input, and "come back in 31 years" would silence a carrier for good. The longest documented pause is
 * TrackingMore's 120 s after a 429 (CARRIERS.md), the longest window Fuuffy's hour; 15 minutes is well
 * past the first, and a caller still refused then waits again.
 */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

/**
 * `Retry-After` (RFC 9110 §10.2.3) as milliseconds: delay-seconds or an HTTP date, at most
 * {@link MAX_RETRY_AFTER_MS}; `undefined` when absent or unreadable.
 */
export function retryAfterHeaderMs(header: string | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}
