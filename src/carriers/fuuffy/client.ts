import type { FuuffyConfig } from '../../config.js';
import { HttpError, type HttpRequest, type HttpResponse } from '../../http/http-client.js';
import type { AdapterDeps, TrackRequest } from '../adapter.js';
import { CarrierError } from '../carrier-error.js';
import { retryAfterMs } from './rate-limit.js';
import { TokenResponseSchema } from './schema.js';

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

/** Renew this long before the token expires (at most half its life). */
const REFRESH_AHEAD_MS = 60_000;
/** `expires_in` when the answer leaves it out (the documented value). */
const DEFAULT_TOKEN_LIFETIME_S = 3600;

interface Token {
  readonly value: string;
  /** Epoch ms by `deps.clock` after which the token is not used. */
  readonly renewAt: number;
}

export function createFuuffyClient(config: FuuffyConfig, deps: AdapterDeps, timeoutMs: number): FuuffyClient {
  const base = config.baseUrl.replace(/\/+$/, '');
  let token: Token | undefined;
  let login: Promise<Token> | undefined;

  const logIn = async (): Promise<Token> => {
    const sentAt = deps.clock.now();
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: config.clientId,
      client_secret: config.clientSecret,
    }).toString();
    const response = await send(deps, {
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
      status >= 200 && status < 300 ? TokenResponseSchema.safeParse(tryJson(response.body)) : undefined;
    if (!parsed?.success) {
      throw new CarrierError('fuuffy', 'bad_response', 'Fuuffy login answer is not the documented shape', {
        status,
      });
    }
    const lifetimeMs = (parsed.data.data.expires_in ?? DEFAULT_TOKEN_LIFETIME_S) * 1000;
    const ahead = Math.min(REFRESH_AHEAD_MS, lifetimeMs / 2);
    return { value: parsed.data.data.access_token, renewAt: sentAt + lifetimeMs - ahead };
  };

  const currentToken = (): Promise<Token> => {
    if (token && deps.clock.now() < token.renewAt) return Promise.resolve(token);
    if (!login) {
      login = logIn()
        .then((fresh) => {
          token = fresh;
          return fresh;
        })
        .finally(() => {
          login = undefined;
        });
    }
    return login;
  };

  const track = (request: TrackRequest, bearer: Token, signal?: AbortSignal) => {
    const path = request.byOrderId
      ? `/tracking/get/${encodeURIComponent(request.number)}`
      : `/tracking/get?tracking_number=${encodeURIComponent(request.number)}`;
    return send(deps, {
      method: 'GET',
      url: `${base}${path}`,
      headers: {
        authorization: `Bearer ${bearer.value}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
  };

  return {
    async getTracking(request, signal) {
      const first = await currentToken();
      const response = await track(request, first, signal);
      if (response.status !== 401) return response;
      // Expired or revoked server-side: forget this token (unless another call already replaced it),
      // log in once more and retry once. A second 401 goes back to the caller as auth_failed.
      if (token === first) token = undefined;
      return track(request, await currentToken(), signal);
    },
  };
}

/** `deps.http.request` with transport failures turned into CarrierErrors (messages name no secrets). */
async function send(deps: AdapterDeps, request: HttpRequest): Promise<HttpResponse> {
  try {
    return await deps.http.request(request);
  } catch (error) {
    if (!(error instanceof HttpError)) {
      throw new CarrierError('fuuffy', 'unavailable', 'Fuuffy could not be reached', { cause: error });
    }
    const code =
      error.kind === 'timeout' || error.kind === 'aborted'
        ? 'timeout'
        : error.kind === 'too_large'
          ? 'bad_response'
          : 'unavailable';
    throw new CarrierError('fuuffy', code, `Fuuffy request failed: ${error.message}`, { cause: error });
  }
}

function tryJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
