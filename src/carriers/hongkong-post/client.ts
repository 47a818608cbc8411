import type { HttpResponse } from '../../http/http-client.js';
import type { AdapterDeps } from '../adapter.js';
import { requestCarrier } from '../carrier-http.js';
import { createTokenCache } from '../token-cache.js';
import { interpretAuthenticate, isCredentialRefusal } from './response.js';
import type { AuthenticateRequest, MailTrackingRequest } from './schema.js';
import type { HongkongPostSettings } from './settings.js';
import { ADAPTER_ID } from './status-codes.js';

/** Log in again this long before the token's expiry, so no call goes out with a token about to lapse. */
const REFRESH_AHEAD_MS = 60_000;

export const AUTHENTICATE_PATH = '/api/authenticate';
export const MAIL_TRACKING_PATH = '/api/version/1/mailTracking';

/** HTTP and auth for the Mail Tracking API: the answer comes back raw, for `interpretMailTracking`. */
export interface HongkongPostClient {
  /**
   * Posts one tracking request with a valid token. On a credential refusal (HTTP 401 or 9992) it logs in
   * again once and retries once; a second refusal is returned as it came (the interpreter fails it).
   */
  mailTracking(request: MailTrackingRequest, signal?: AbortSignal): Promise<HttpResponse>;
}

export function createHongkongPostClient(
  config: HongkongPostSettings,
  deps: AdapterDeps,
  defaultTimeoutMs: number,
): HongkongPostClient {
  const base = config.baseUrl.replace(/\/+$/, '');
  const timeoutMs = deps.requestTimeoutMs ?? defaultTimeoutMs;

  const post = (path: string, body: unknown, token?: string, signal?: AbortSignal) =>
    requestCarrier(ADAPTER_ID, deps.http, {
      method: 'POST',
      url: `${base}${path}`,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
      timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });

  const tokens = createTokenCache({
    adapter: ADAPTER_ID,
    clock: deps.clock,
    logger: deps.logger,
    refreshAheadMs: REFRESH_AHEAD_MS,
    async login() {
      const credentials: AuthenticateRequest = { sysId: config.sysId, sysSecret: config.sysSecret };
      // No caller's signal: the login is shared by every caller waiting for it; the timeout bounds it.
      const { token, expiresAtMs } = interpretAuthenticate(
        await post(AUTHENTICATE_PATH, credentials),
        deps.clock.now(),
      );
      return { value: token, expiresAt: expiresAtMs };
    },
  });

  return {
    mailTracking: (request, signal) =>
      tokens.call((token) => post(MAIL_TRACKING_PATH, request, token, signal), isCredentialRefusal),
  };
}
