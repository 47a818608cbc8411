import type { NzPostConfig } from '../../config.js';
import { HttpError, type HttpRequest, type HttpResponse } from '../../http/http-client.js';
import type { AdapterDeps } from '../adapter.js';
import { CarrierError } from '../carrier-error.js';
import { TokenResponseSchema } from './schema.js';

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

interface Token {
  readonly value: string;
  /** When to log in again: shortly before NZ Post's `expires_in` runs out (by `deps.clock`). */
  readonly refreshAtMs: number;
}

/** Log in again this long before the token expires (or at half its life, if that is shorter). */
const REFRESH_AHEAD_MS = 60_000;

export function createNzPostClient(config: NzPostConfig, deps: AdapterDeps, timeoutMs: number): NzPostClient {
  let current: Token | undefined;
  let loggingIn: Promise<Token> | undefined;

  const login = async (): Promise<Token> => {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: config.clientId,
      client_secret: config.clientSecret,
    }).toString();
    const response = await send(deps, {
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
    const lifetimeMs = parsed.data.expires_in * 1000;
    deps.logger.debug({ adapter: 'nz-post', expiresInS: parsed.data.expires_in }, 'logged in to NZ Post');
    return {
      value: parsed.data.access_token,
      refreshAtMs: deps.clock.now() + lifetimeMs - Math.min(REFRESH_AHEAD_MS, lifetimeMs / 2),
    };
  };

  /** A fresh token; concurrent callers share one login (single flight). */
  const token = async (): Promise<string> => {
    if (current && deps.clock.now() < current.refreshAtMs) return current.value;
    if (!loggingIn) {
      loggingIn = login()
        .then((fresh) => {
          current = fresh;
          return fresh;
        })
        .finally(() => {
          loggingIn = undefined;
        });
    }
    return (await loggingIn).value;
  };

  const get = (bearer: string, reference: string, signal: AbortSignal | undefined) =>
    send(deps, {
      method: 'GET',
      url: `${config.baseUrl}/parcels/${encodeURIComponent(reference)}`,
      headers: { authorization: `Bearer ${bearer}`, client_id: config.clientId, accept: 'application/json' },
      timeoutMs,
      ...(signal ? { signal } : {}),
    });

  return {
    async getParcel(reference, signal) {
      const first = await token();
      const answer = await get(first, reference, signal);
      if (answer.status !== 401) return answer;
      // Refused: forget that token (unless a concurrent call already replaced it), log in once more.
      if (current?.value === first) current = undefined;
      return get(await token(), reference, signal);
    },
  };
}

/** `deps.http.request`, with transport failures as CarrierErrors (messages name the host only). */
async function send(deps: AdapterDeps, request: HttpRequest): Promise<HttpResponse> {
  try {
    return await deps.http.request(request);
  } catch (error) {
    if (!(error instanceof HttpError)) {
      throw new CarrierError('nz-post', 'unavailable', 'NZ Post could not be reached', { cause: error });
    }
    // `aborted` (the caller's signal) is reported as `timeout`: the caller's deadline passed.
    const code =
      error.kind === 'too_large' ? 'bad_response' : error.kind === 'network' ? 'unavailable' : 'timeout';
    throw new CarrierError('nz-post', code, error.message, { cause: error });
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
