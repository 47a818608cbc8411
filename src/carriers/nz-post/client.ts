import { CarrierError } from '../../domain/carrier-error.js';
import type { HttpResponse } from '../../http/http-client.js';
import type { AdapterDeps } from '../adapter.js';
import { parseJson, requestCarrier } from '../carrier-http.js';
import { createTokenCache, type IssuedToken } from '../token-cache.js';
import { TokenResponseSchema } from './schema.js';
import type { NzPostSettings } from './settings.js';

/**
 * HTTP and OAuth2 for ParcelTrack 3.0 (CARRIERS.md "NZ Post ParcelTrack"): a client-credentials token
 * from `authUrl`, then every API call with `Authorization: Bearer <token>` and `client_id: <client id>`.
 * No field mapping here: answers go back as they came, to `response.ts`.
 */
export interface NzPostClient {
  /**
   * `GET {baseUrl}/parcels/{reference}` (URL-encoded). Logs in first when there is no fresh token, and
   * once more, with one retry, when NZ Post answers 401; a second 401 is returned for the caller to read.
   */
  getParcel(reference: string, signal?: AbortSignal): Promise<HttpResponse>;
}

export function createNzPostClient(
  config: NzPostSettings,
  deps: AdapterDeps,
  timeoutMs: number,
): NzPostClient {
  const login = async (): Promise<IssuedToken> => {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: config.clientId,
      client_secret: config.clientSecret,
    }).toString();
    const response = await requestCarrier('nz-post', deps.http, {
      method: 'POST',
      url: config.authUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      timeoutMs,
    });
    const { status } = response;
    if (status === 400 || status === 401 || status === 403) {
      throw new CarrierError(
        'nz-post',
        'auth_failed',
        `NZ Post refused the client credentials (HTTP ${status})`,
        {
          status,
        },
      );
    }
    if (status === 429)
      throw new CarrierError('nz-post', 'rate_limited', 'NZ Post login answered HTTP 429', { status });
    if (status >= 500)
      throw new CarrierError('nz-post', 'unavailable', `NZ Post login answered HTTP ${status}`, { status });
    const parsed =
      status >= 200 && status < 300 ? TokenResponseSchema.safeParse(parseJson(response.body)) : undefined;
    if (!parsed?.success) {
      throw new CarrierError(
        'nz-post',
        'bad_response',
        `NZ Post login answered without a token (HTTP ${status})`,
        {
          status,
        },
      );
    }
    return { value: parsed.data.access_token, expiresAt: deps.clock.now() + parsed.data.expires_in * 1000 };
  };
  const tokens = createTokenCache({ adapter: 'nz-post', login, clock: deps.clock, logger: deps.logger });

  const get = (bearer: string, reference: string, signal: AbortSignal | undefined) =>
    requestCarrier('nz-post', deps.http, {
      method: 'GET',
      url: `${config.baseUrl}/parcels/${encodeURIComponent(reference)}`,
      headers: { authorization: `Bearer ${bearer}`, client_id: config.clientId, accept: 'application/json' },
      timeoutMs,
      ...(signal ? { signal } : {}),
    });

  return {
    getParcel: (reference, signal) =>
      tokens.call(
        (token) => get(token, reference, signal),
        (answer) => answer.status === 401,
      ),
  };
}
