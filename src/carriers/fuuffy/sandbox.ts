import type { Clock } from '../../time/clock.js';
import type { CarrierSandbox } from '../manifest.js';
import {
  type SandboxReply,
  type SandboxRequest,
  type SandboxServer,
  type StorySource,
  startSandboxServer,
} from '../sandbox-kit/sandbox-server.js';
import { createSandboxLimits, type SandboxLimitOptions } from './sandbox-limits.js';
import { envelope, trackingReply } from './sandbox-tracking.js';

/**
 * A loopback Fuuffy for tests, benchmarks and `postie demo` (never production). It speaks seeds/003:
 * the `/v1` prefix, `POST /v1/auth/token` (client credentials, tokens expiring by the sandbox clock,
 * 401 `invalid_token` after expiry or revocation), `GET /v1/tracking/get?tracking_number=…` and
 * `GET /v1/tracking/get/{order_id}`, the `{error: {…}}` envelope with ORDER_NOT_FOUND /
 * TRACKING_NUMBER_REQUIRED, 403 for another merchant's order, and 100/min + 1,000/h windows with
 * `X-RateLimit-*` headers on every answer and 429 beyond.
 */
export const FUUFFY_SANDBOX_CLIENT_ID = 'sandbox-client';
export const FUUFFY_SANDBOX_CLIENT_SECRET = 'sandbox-secret';
/** The documented `expires_in`. */
export const FUUFFY_SANDBOX_TOKEN_LIFETIME_MS = 3_600_000;

export interface FuuffySandboxOptions extends SandboxLimitOptions {
  readonly clock: Clock;
  /** @defaultValue 0: any free port */
  readonly port?: number;
  /** Refuse requests beyond the windows (`perMinute`, `perHour`). @defaultValue true */
  readonly enforceLimits?: boolean;
  /** Answer every tracking number from these stories instead of the scripted parcels. */
  readonly stories?: StorySource;
}

export interface FuuffySandbox extends SandboxServer {
  /** `<url>/v1`: what `FUUFFY_BASE_URL` points at. */
  readonly baseUrl: string;
  /** Sandbox clock time at start; parcel timelines count from here. */
  readonly startedAt: number;
  /** Forgets every issued token (as after a server-side revocation). */
  revokeTokens(): void;
  /** Refuses the sandbox credentials from now on (or accepts them again). */
  rejectCredentials(reject?: boolean): void;
  enforceLimits(on: boolean): void;
  /** Requests refused with 429 for going beyond the windows. */
  readonly refused: number;
}

export async function startFuuffySandbox(options: FuuffySandboxOptions): Promise<FuuffySandbox> {
  const { clock } = options;
  const startedAt = clock.now();
  const limits = createSandboxLimits(clock, { ...options, enforce: options.enforceLimits ?? true });
  const tokens = new Map<string, number>();
  let issued = 0;
  let rejecting = false;
  let refused = 0;

  const issueToken = (request: SandboxRequest): SandboxReply => {
    if (!request.headers['content-type']?.includes('application/x-www-form-urlencoded')) {
      return { status: 400, body: envelope(400, 'BAD_REQUEST', 'Body must be form-encoded') };
    }
    const form = new URLSearchParams(request.body);
    if (form.get('grant_type') !== 'client_credentials') {
      return { status: 400, body: envelope(400, 'BAD_REQUEST', 'unsupported_grant_type') };
    }
    const id = form.get('client_id');
    const secret = form.get('client_secret');
    if (rejecting || id !== FUUFFY_SANDBOX_CLIENT_ID || secret !== FUUFFY_SANDBOX_CLIENT_SECRET) {
      return {
        status: 401,
        body: envelope(401, 'UNAUTHORIZED', 'Unauthorized', { error_code: 'invalid_client' }),
      };
    }
    issued += 1;
    const token = `sandbox-token-${issued}-${clock.now().toString(36)}`;
    tokens.set(token, clock.now() + FUUFFY_SANDBOX_TOKEN_LIFETIME_MS);
    const expiresIn = FUUFFY_SANDBOX_TOKEN_LIFETIME_MS / 1000;
    return {
      status: 200,
      body: { data: { access_token: token, token_type: 'Bearer', expires_in: expiresIn } },
    };
  };

  const authorized = (request: SandboxRequest): boolean => {
    const { authorization } = request.headers;
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const expiresAt = token === undefined ? undefined : tokens.get(token);
    return expiresAt !== undefined && clock.now() < expiresAt;
  };

  const handle = (request: SandboxRequest): SandboxReply => {
    const admitted = limits.admit();
    const reply = (r: SandboxReply): SandboxReply => ({
      ...r,
      headers: { ...admitted.headers, ...r.headers },
    });
    if (!admitted.ok) {
      refused += 1;
      return reply({ status: 429, body: envelope(429, 'TOO_MANY_REQUESTS', 'Too Many Requests') });
    }
    if (request.method === 'POST' && request.path === '/v1/auth/token') return reply(issueToken(request));
    const orderPath = /^\/v1\/tracking\/get(?:\/([^/]*))?$/.exec(request.path);
    if (request.method !== 'GET' || !orderPath) {
      return reply({ status: 404, body: envelope(404, 'NOT_FOUND', 'Resource or endpoint not found') });
    }
    if (!authorized(request)) {
      return reply({
        status: 401,
        body: { error: { code: 'invalid_token', code_reason: 'UNAUTHORIZED', message: 'Unauthorized' } },
      });
    }
    const orderId = orderPath[1] === undefined ? undefined : decodeURIComponent(orderPath[1]).trim();
    return reply(
      trackingReply(
        orderId,
        request.query.get('tracking_number')?.trim(),
        startedAt,
        clock.now(),
        options.stories,
      ),
    );
  };

  const server = await startSandboxServer({
    handle,
    clock,
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  return {
    ...server,
    baseUrl: `${server.url}/v1`,
    startedAt,
    revokeTokens: () => tokens.clear(),
    rejectCredentials: (reject = true) => {
      rejecting = reject;
    },
    enforceLimits: (on) => limits.enforce(on),
    get refused() {
      return refused;
    },
  };
}

/** The environment that points Postie at this sandbox (`postie sandbox`). */
export function fuuffySandboxEnv(sandbox: Pick<SandboxServer, 'url'>): Record<string, string> {
  return {
    FUUFFY_BASE_URL: `${sandbox.url}/v1`,
    FUUFFY_CLIENT_ID: FUUFFY_SANDBOX_CLIENT_ID,
    FUUFFY_CLIENT_SECRET: FUUFFY_SANDBOX_CLIENT_SECRET,
  };
}

/** This sandbox as its manifest lists it (`index.ts`), for `startSandboxes`. */
export const fuuffySandbox: CarrierSandbox<FuuffySandbox> = {
  start: startFuuffySandbox,
  env: fuuffySandboxEnv,
};
