import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../time/clock.js';
import { formatWithOffset, offsetMinutesAt } from '../../time/zoned-time.js';
import type { CarrierSandbox } from '../manifest.js';
import { createRequestWindow } from '../sandbox-kit/request-window.js';
import {
  type SandboxReply,
  type SandboxRequest,
  type SandboxServer,
  type StorySource,
  startSandboxServer,
} from '../sandbox-kit/sandbox-server.js';
import { HOUR_MS, stepsSoFar, storySoFar } from '../sandbox-kit/timeline.js';
import { NZ_TIME_ZONE } from './nz-time.js';
import { NZPOST_SANDBOX_PARCELS, type SandboxEvent, type SandboxParcel } from './sandbox-parcels.js';
import { storyParcel } from './sandbox-story.js';

export { NZPOST_SANDBOX_NUMBERS, NZPOST_SANDBOX_PARCELS } from './sandbox-parcels.js';

/**
 * A loopback NZ Post: the OAuth2 token endpoint at `/as/token.oauth2` and ParcelTrack 3.0 under
 * `/parceltrack/3.0`, speaking the documented payloads and error codes (seeds/002, CARRIERS.md).
 * Tests, benchmarks and `postie demo` use it; production code never imports it.
 */
export const NZPOST_SANDBOX_CLIENT_ID = 'sandbox-client';
export const NZPOST_SANDBOX_CLIENT_SECRET = 'sandbox-secret';
const TOKEN_PATH = '/as/token.oauth2';
const PARCELS_PATH = '/parceltrack/3.0/parcels/';

export interface NzPostSandboxOptions {
  readonly clock: Clock;
  readonly port?: number;
  /** Refuse what NZ Post refuses for volume (over 15 calls per second). @defaultValue true */
  readonly enforceLimits?: boolean;
  /** Real milliseconds an over-limit call waits in the queue before a 504. @defaultValue 60 000 (seeds/002) */
  readonly queueTimeoutMs?: number;
  /** Token lifetime by the sandbox clock. @defaultValue 3600 s */
  readonly tokenLifetimeS?: number;
  /** Answer every reference from these stories instead of the scripted parcels. */
  readonly stories?: StorySource;
}

export interface NzPostSandbox extends SandboxServer {
  /** The sandbox clock's time at start: scripted steps are relative to it. */
  readonly startedAt: number;
  /** Forgets every token issued so far (as after a server-side revocation). */
  revokeTokens(): void;
  /** Refuses the sandbox credentials at the token endpoint from now on (and revokes tokens). */
  rejectCredentials(reject?: boolean): void;
  setEnforceLimits(enforce: boolean): void;
  /** Calls over 15 a second, held in NZ Post's queue before they were answered (or timed out). */
  readonly queued: number;
  /** Calls that waited in the queue past its timeout and were answered 504. */
  readonly refused: number;
}

/** Points Postie at this sandbox (`postie sandbox`, `postie demo`). */
export function nzPostSandboxEnv(sandbox: SandboxServer): Record<string, string> {
  return {
    NZPOST_AUTH_URL: `${sandbox.url}${TOKEN_PATH}`,
    NZPOST_BASE_URL: `${sandbox.url}/parceltrack/3.0`,
    NZPOST_CLIENT_ID: NZPOST_SANDBOX_CLIENT_ID,
    NZPOST_CLIENT_SECRET: NZPOST_SANDBOX_CLIENT_SECRET,
  };
}

export async function startNzPostSandbox(options: NzPostSandboxOptions): Promise<NzPostSandbox> {
  const { clock } = options;
  const startedAt = clock.now();
  const tokenLifetimeS = options.tokenLifetimeS ?? 3600;
  const queueTimeoutMs = options.queueTimeoutMs ?? 60_000;
  let enforceLimits = options.enforceLimits ?? true;
  let rejecting = false;
  const tokens = new Map<string, { readonly clientId: string; readonly expiresAt: number }>();
  // seeds/002: "15 calls per second. If rate limit is exceeded, calls will be queued."
  const window = createRequestWindow(clock, 15, 1000);
  const parcels = new Map(NZPOST_SANDBOX_PARCELS.map((p) => [p.reference, p]));
  const over = { queued: 0, refused: 0 };
  const parcelOf = (reference: string): SandboxParcel | undefined => {
    if (!options.stories) return parcels.get(reference);
    const story = storySoFar(options.stories, reference, clock.now());
    return story && storyParcel(reference, story, startedAt);
  };

  const issueToken = (request: SandboxRequest): SandboxReply => {
    if (request.method !== 'POST') return { status: 405, body: { error: 'invalid_request' } };
    const form = new URLSearchParams(request.body);
    const field = (name: string) => form.get(name) ?? request.query.get(name);
    if (field('grant_type') !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    const clientId = field('client_id');
    if (
      rejecting ||
      clientId !== NZPOST_SANDBOX_CLIENT_ID ||
      field('client_secret') !== NZPOST_SANDBOX_CLIENT_SECRET
    ) {
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Client authentication failed' },
      };
    }
    const accessToken = randomBytes(24).toString('base64url');
    tokens.set(accessToken, { clientId, expiresAt: clock.now() + tokenLifetimeS * 1000 });
    return {
      status: 200,
      body: { access_token: accessToken, token_type: 'Bearer', expires_in: tokenLifetimeS },
    };
  };

  const trackParcel = async (request: SandboxRequest): Promise<SandboxReply> => {
    if (request.method !== 'GET') return { status: 405, body: { message: 'Method not allowed' } };
    const { authorization, client_id: clientIdHeader } = request.headers;
    const bearer = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    const token = bearer === undefined ? undefined : tokens.get(bearer);
    if (!token || token.expiresAt <= clock.now() || clientIdHeader !== token.clientId) {
      return errorReply(401, '401001', 'Unauthorised access, please contact administrator');
    }
    if (enforceLimits && window.retryAfterMs() > 0) over.queued += 1;
    if (enforceLimits && !(await admitted(window, queueTimeoutMs))) {
      over.refused += 1;
      return { status: 504, body: 'Gateway Timeout' };
    }
    const reference = decodedReference(request.path.slice(PARCELS_PATH.length));
    if (reference === '')
      return errorReply(400, '400001', 'Parameter(s) missing', 'tracking_reference is required');
    if (!/^[A-Za-z0-9]{10,40}$/.test(reference)) {
      return errorReply(400, '400002', 'Invalid parameter(s)', 'tracking_reference is not valid');
    }
    const parcel = parcelOf(reference.toUpperCase());
    const envelope = {
      tracking_reference: reference,
      message_id: randomUUID(),
      message_datetime: messageTime(clock),
    };
    if (!parcel) return { status: 200, body: { success: true, results: envelope } };
    const events = stepsSoFar(
      parcel.steps.map((s) => ({ afterMs: s.afterMs, event: s })),
      startedAt,
      clock.now(),
    ).map((s) => rawEvent(parcel, s.event, startedAt + s.afterMs, clock.now() - startedAt));
    const results = {
      ...envelope,
      carrier: parcel.carrier,
      ...(parcel.service ? { service: parcel.service } : {}),
      ...(events.length > 0 ? { tracking_events: events } : {}),
    };
    const warning = parcel.warning && [{ ...parcel.warning, details: 'Try again later for complete data' }];
    return { status: 200, body: { success: true, results, ...(warning ? { errors: warning } : {}) } };
  };

  const server = await startSandboxServer({
    clock,
    ...(options.port === undefined ? {} : { port: options.port }),
    handle: (request) => {
      if (request.path === TOKEN_PATH) return issueToken(request);
      if (request.path.startsWith(PARCELS_PATH)) return trackParcel(request);
      return { status: 404, body: { message: 'Resource not found' } };
    },
  });

  return {
    ...server,
    startedAt,
    revokeTokens: () => tokens.clear(),
    rejectCredentials: (reject = true) => {
      rejecting = reject;
      if (reject) tokens.clear();
    },
    setEnforceLimits: (enforce) => {
      enforceLimits = enforce;
    },
    get queued() {
      return over.queued;
    },
    get refused() {
      return over.refused;
    },
  };
}

/** NZ Post queues over-limit calls; one still waiting after `queueTimeoutMs` real milliseconds fails. */
async function admitted(
  window: ReturnType<typeof createRequestWindow>,
  queueTimeoutMs: number,
): Promise<boolean> {
  const deadline = performance.now() + queueTimeoutMs;
  while (!window.tryTake()) {
    const left = deadline - performance.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(left, 20)));
  }
  return true;
}

/** One event as ParcelTrack writes it, `sinceStartMs` after the sandbox started. */
function rawEvent(
  parcel: SandboxParcel,
  event: SandboxEvent,
  atMs: number,
  sinceStartMs: number,
): Record<string, unknown> {
  const datetime = event.at ?? nzWallTime(atMs);
  const later = event.revised && sinceStartMs >= event.revised.afterMs ? event.revised.laterByHours : 0;
  const window = event.window === 'auto' ? autoWindow(datetime, later) : event.window;
  return {
    tracking_reference: parcel.reference,
    source: 'CME',
    seqref: String(atMs % 10_000_000_000).padStart(10, '0'),
    status_description: event.status,
    event_description: event.text,
    event_datetime: datetime,
    signed_by: event.signedBy ?? { name: '', signature: '' },
    event_edifact_code: event.code,
    ...(window ? { est_delivery_window_start: window[0], est_delivery_window_end: window[1] } : {}),
    ...event.extra,
  };
}

/** `2015-02-04T15:17:03`: NZ wall time without an offset, as ParcelTrack writes it. */
function nzWallTime(utcMs: number): string {
  return formatWithOffset(utcMs, offsetMinutesAt(NZ_TIME_ZONE, utcMs)).slice(0, 19);
}

/**
 * A window from the next full hour (`laterByHours` more) to three hours after it, as times of day; a
 * start that falls on the next day is written in full (`2024-06-08T00:00:00`), which the adapter reads too.
 */
function autoWindow(datetime: string, laterByHours = 0): readonly [string, string] {
  const [y, mo, d] = datetime.slice(0, 10).split('-').map(Number);
  const startMs = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, Number(datetime.slice(11, 13)) + 1 + laterByHours);
  const wall = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  const start = wall(startMs);
  const end = wall(startMs + 3 * HOUR_MS);
  const sameDay = start.slice(0, 10) === datetime.slice(0, 10);
  return sameDay ? [start.slice(11), end.slice(11)] : [start, end];
}

/** `2015-10-08T12:12:54.0000000Z`, as in seeds/002. */
function messageTime(clock: Clock): string {
  return new Date(clock.now()).toISOString().replace(/Z$/, '0000Z');
}

/** The path segment as sent; `#` (never a valid reference) when it is not valid percent-encoding. */
function decodedReference(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '#';
  }
}

function errorReply(status: number, code: string, message: string, details?: string): SandboxReply {
  return {
    status,
    body: {
      success: false,
      errors: [{ code, message, details: details ?? message }],
      message_id: randomUUID(),
    },
  };
}

/** This sandbox as its manifest lists it (`index.ts`), for `startSandboxes`. */
export const nzPostSandbox: CarrierSandbox<NzPostSandbox> = {
  start: startNzPostSandbox,
  env: nzPostSandboxEnv,
};
