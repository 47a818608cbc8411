import type { HongkongPostConfig } from '../../config.js';
import { HttpError, type HttpResponse } from '../../http/http-client.js';
import type { AdapterDeps } from '../adapter.js';
import { CarrierError, type CarrierErrorCode } from '../carrier-error.js';
import { interpretAuthenticate, isCredentialRefusal } from './response.js';
import type { AuthenticateRequest, MailTrackingRequest } from './schema.js';
import { ADAPTER_ID } from './status-codes.js';

/** Log in again this long before the token's expiry, so no call goes out with a token about to lapse. */
export const REFRESH_AHEAD_MS = 60_000;

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

interface Token {
  readonly value: string;
  readonly expiresAtMs: number;
}

const HTTP_FAILURES: Readonly<Record<HttpError['kind'], CarrierErrorCode>> = {
  timeout: 'timeout',
  network: 'unavailable',
  too_large: 'bad_response',
  // The caller gave up waiting: for it, the call took too long.
  aborted: 'timeout',
};

export function createHongkongPostClient(
  config: HongkongPostConfig,
  deps: AdapterDeps,
  defaultTimeoutMs: number,
): HongkongPostClient {
  const base = config.baseUrl.replace(/\/+$/, '');
  const timeoutMs = deps.requestTimeoutMs ?? defaultTimeoutMs;

  const post = async (path: string, body: unknown, token?: string, signal?: AbortSignal) => {
    try {
      return await deps.http.request({
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
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      throw new CarrierError(ADAPTER_ID, HTTP_FAILURES[error.kind], error.message, { cause: error });
    }
  };

  const login = async (): Promise<Token> => {
    const credentials: AuthenticateRequest = { sysId: config.sysId, sysSecret: config.sysSecret };
    // No caller's signal: the login is shared by every caller waiting for it; the timeout bounds it.
    const answer = await post(AUTHENTICATE_PATH, credentials);
    const { token, expiresAtMs } = interpretAuthenticate(answer, deps.clock.now());
    deps.logger.debug({ adapter: ADAPTER_ID, expiresAt: new Date(expiresAtMs).toISOString() }, 'logged in');
    return { value: token, expiresAtMs };
  };

  // Single flight: one login at a time, whoever asks while it runs waits for the same one.
  let current: Token | undefined;
  let pending: Promise<Token> | undefined;
  const token = (): Promise<Token> => {
    if (current && deps.clock.now() < current.expiresAtMs - REFRESH_AHEAD_MS) return Promise.resolve(current);
    pending ??= login()
      .then((fresh) => {
        current = fresh;
        return fresh;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };

  return {
    async mailTracking(request, signal) {
      const used = await token();
      const answer = await post(MAIL_TRACKING_PATH, request, used.value, signal);
      if (!isCredentialRefusal(answer)) return answer;
      // Forget the refused token unless another caller has replaced it already.
      if (current === used) current = undefined;
      deps.logger.info({ adapter: ADAPTER_ID }, 'token refused; logging in again once');
      const fresh = await token();
      return post(MAIL_TRACKING_PATH, request, fresh.value, signal);
    },
  };
}
