import { CarrierError } from '../../domain/carrier-error.js';
import type { HttpResponse } from '../../http/http-client.js';
import type { AdapterDeps, TrackRequest } from '../adapter.js';
import { parseJson, requestCarrier } from '../carrier-http.js';
import { createTokenCache, type IssuedToken } from '../token-cache.js';
import { retryAfterMs } from './rate-limit.js';
import { TokenResponseSchema } from './schema.js';
import type { FuuffySettings } from './settings.js';

/**
 * Fuuffy HTTP and auth (no field mapping). OAuth2 client credentials: `POST {base}/auth/token`
 * form-encoded → a Bearer token living `expires_in` seconds (3600; CARRIERS.md). The token is shared
 * by concurrent calls (one login in flight at a time), renewed ahead of expiry by `deps.clock`, and
 * renewed once more when a call answers 401 (`invalid_token`).
 */
export interface FuuffyClient {
  /** One tracking lookup; the raw answer, whatever its status (a second 401 included). */
  getTracking(request: TrackRequest, signal?: AbortSignal): Promise<HttpResponse>;
}

/** `expires_in` when the answer leaves it out (the documented value). */
const DEFAULT_TOKEN_LIFETIME_S = 3600;

export function createFuuffyClient(
  config: FuuffySettings,
  deps: AdapterDeps,
  timeoutMs: number,
): FuuffyClient {
  const base = config.baseUrl.replace(/\/+$/, '');

  const logIn = async (): Promise<IssuedToken> => {
    const sentAt = deps.clock.now();
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: config.clientId,
      client_secret: config.clientSecret,
    }).toString();
    const response = await requestCarrier('fuuffy', deps.http, {
      method: 'POST',
      url: `${base}/auth/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      timeoutMs,
    });
    const { status } = response;
    if (status === 400 || status === 401 || status === 403) {
      throw new CarrierError('fuuffy', 'auth_failed', 'Fuuffy refused the client credentials', { status });
    }
    if (status === 429) {
      const retry = retryAfterMs(response.headers, deps.clock.now());
      throw new CarrierError('fuuffy', 'rate_limited', 'Fuuffy rate limit reached at login', {
        status,
        ...(retry === undefined ? {} : { retryAfterMs: retry }),
      });
    }
    if (status >= 500) {
      throw new CarrierError('fuuffy', 'unavailable', `Fuuffy login answered HTTP ${status}`, { status });
    }
    const parsed =
      status >= 200 && status < 300 ? TokenResponseSchema.safeParse(parseJson(response.body)) : undefined;
    if (!parsed?.success) {
      throw new CarrierError('fuuffy', 'bad_response', 'Fuuffy login answer is not the documented shape', {
        status,
      });
    }
    const lifetimeMs = (parsed.data.data.expires_in ?? DEFAULT_TOKEN_LIFETIME_S) * 1000;
    return { value: parsed.data.data.access_token, expiresAt: sentAt + lifetimeMs };
  };
  const tokens = createTokenCache({
    adapter: 'fuuffy',
    login: logIn,
    clock: deps.clock,
    logger: deps.logger,
  });

  const track = (request: TrackRequest, bearer: string, signal?: AbortSignal) => {
    const path = request.byOrderId
      ? `/tracking/get/${encodeURIComponent(request.number)}`
      : `/tracking/get?tracking_number=${encodeURIComponent(request.number)}`;
    return requestCarrier('fuuffy', deps.http, {
      method: 'GET',
      url: `${base}${path}`,
      headers: {
        authorization: `Bearer ${bearer}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
  };

  return {
    // Expired or revoked server-side (401): one more login and one retry; a second 401 is auth_failed.
    getTracking: (request, signal) =>
      tokens.call(
        (token) => track(request, token, signal),
        (response) => response.status === 401,
      ),
  };
}
