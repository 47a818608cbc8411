import { type HttpClient, HttpError, type HttpRequest, type HttpResponse } from '../http/http-client.js';
import { CarrierError, type CarrierErrorCode } from './carrier-error.js';

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

/** `Retry-After` (RFC 9110 §10.2.3) as milliseconds: delay-seconds or an HTTP date; `undefined` when absent or unreadable. */
export function retryAfterHeaderMs(header: string | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
