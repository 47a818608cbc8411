import * as z from 'zod';
import type { Clock } from '../../time/clock.js';
import type { CarrierSandbox } from '../manifest.js';
import { createRequestWindow } from '../sandbox-kit/request-window.js';
import {
  type SandboxReply,
  type SandboxRequest,
  type SandboxServer,
  type StorySource,
  startSandboxServer,
} from '../sandbox-kit/sandbox-server.js';
import { HOUR_MS, storySoFar } from '../sandbox-kit/timeline.js';
import { TRACKINGMORE_COURIER_CODES } from './courier-codes.js';
import { sandboxItem, unknownItem } from './sandbox-item.js';
import { type SandboxParcel, TRACKINGMORE_SANDBOX_PARCELS } from './sandbox-parcels.js';
import { storyParcel } from './sandbox-story.js';
import { PAUSE_AFTER_429_MS } from './waits.js';

/**
 * A loopback TrackingMore API v2 (seed 004) for tests, benchmarks and the demo: `POST
 * /v2/trackings/realtime`, `POST /v2/carriers/detect` and `GET /v2/trackings/getuserinfo` (the balance
 * left), the `Trackingmore-Api-Key` check, the realtime limit of 3 calls a second
 * (every call counted as it arrives, refused ones too, in any 1-second window, so calendar seconds as
 * well; past 3, 429 and nothing for two minutes), an account balance that runs out (4021), and the v2
 * refusals (4012–4015, 4032). Scripted parcels are in `sandbox-parcels.ts`; unknown numbers are `notfound`.
 */
export const TRACKINGMORE_SANDBOX_KEY = 'sandbox-key';
const PREFIX = '/v2';
/** Detection costs one credit per five calls (https://trackingmore.com/api-carriers-detect-carrier-cn.html). */
const DETECT_CALLS_PER_CREDIT = 5;
/** Couriers the sandbox accepts as `carrier_code`: the ones Postie routes to TrackingMore, plus USPS legs. */
const KNOWN_COURIERS = new Set([...Object.values(TRACKINGMORE_COURIER_CODES), 'usps']);
/** CARRIERS.md: "the same shipment can be fetched in real time once per 2 hours (serve from cache in between)". */
const REFETCH_AFTER_MS = 2 * HOUR_MS;

/** The realtime / detect request fields the sandbox reads (a field of the wrong type is a 4012). */
const requestSchema = z.object({
  tracking_number: z.string().optional(),
  carrier_code: z.string().optional(),
  destination_code: z.string().optional(),
  tracking_ship_date: z.string().optional(),
  tracking_postal_code: z.string().optional(),
  lang: z.string().optional(),
});

export interface TrackingmoreSandboxOptions {
  readonly clock: Clock;
  readonly port?: number;
  /** Enforce the 3/s realtime window and the two-minute pause after a 429. @defaultValue true */
  readonly enforceLimits?: boolean;
  /** Credits on the account: a realtime call costs one, detection one per five calls. @defaultValue 10 000 */
  readonly balance?: number;
  /** Answer every number from these stories instead of the scripted parcels. */
  readonly stories?: StorySource;
}

export interface TrackingmoreSandbox extends SandboxServer {
  readonly apiKey: string;
  /** Realtime calls answered 429 so far. */
  readonly rateLimited: number;
  /** Realtime answers for a shipment fetched less than 2 hours before (CARRIERS.md asks for once per 2 h). */
  readonly repeats: number;
  /** Credits left. */
  readonly balance: number;
  setBalance(credits: number): void;
  setEnforceLimits(on: boolean): void;
  /** Refuse the sandbox key from now on (as after the key was deleted). */
  rejectCredentials(): void;
}

export async function startTrackingmoreSandbox(
  options: TrackingmoreSandboxOptions,
): Promise<TrackingmoreSandbox> {
  const { clock } = options;
  const startedAt = clock.now();
  const window = createRequestWindow(clock, 3, 1000);
  let enforceLimits = options.enforceLimits ?? true;
  let balance = options.balance ?? 10_000;
  let keyAccepted = true;
  let pausedUntil = 0;
  let detectCalls = 0;
  let rateLimited = 0;
  const fetched = { at: new Map<string, number>(), repeats: 0 };
  const countFetch = (number: string, courier: string) => {
    const key = `${courier}:${number}`;
    const last = fetched.at.get(key);
    if (last !== undefined && clock.now() - last < REFETCH_AFTER_MS) fetched.repeats += 1;
    fetched.at.set(key, clock.now());
  };
  const storyOf = (number: string, courier: string): SandboxParcel | undefined => {
    const story = options.stories && storySoFar(options.stories, number, clock.now());
    return story && storyParcel(number, courier, story, startedAt);
  };
  const tooMany = () => {
    rateLimited += 1;
    return meta(429, 429, 'Too Many Requests');
  };

  const handle = (request: SandboxRequest): SandboxReply => {
    const route = request.path.startsWith(PREFIX) ? request.path.slice(PREFIX.length) : '';
    const account = route === '/trackings/getuserinfo';
    if (route !== '/trackings/realtime' && route !== '/carriers/detect' && !account)
      return meta(404, 404, 'Not Found');
    if (request.method !== (account ? 'GET' : 'POST')) return meta(405, 405, 'Method Not Allowed');
    const key = request.headers['trackingmore-api-key'];
    if (!key) return meta(401, 401, 'Unauthorized');
    if (key !== TRACKINGMORE_SANDBOX_KEY || !keyAccepted) return meta(401, 4001, 'Invalid API key');
    if (account) {
      // "Get account info" (seed 004): the sandbox account, with what is left of its balance.
      return {
        status: 200,
        body: {
          meta: success,
          data: { email: 'sandbox@example.com', regtime: '2024-01-01 00:00:00', money: balance },
        },
      };
    }
    if (route === '/trackings/realtime' && enforceLimits) {
      const withinLimit = window.arrive();
      if (clock.now() < pausedUntil) return tooMany();
      if (!withinLimit) {
        pausedUntil = clock.now() + PAUSE_AFTER_429_MS;
        return tooMany();
      }
    }
    const body = requestSchema.safeParse(parseJson(request.body)).data;
    if (!body) return meta(200, 4012, 'The request could not be understood');
    const number = body.tracking_number?.toUpperCase();
    if (!number) return meta(200, 4013, 'Tracking_number is required');
    if (!/^[A-Z0-9-]{5,50}$/.test(number)) return meta(200, 4014, 'The value of tracking_number is invalid');
    if (route === '/carriers/detect') {
      detectCalls += 1;
      if (detectCalls % DETECT_CALLS_PER_CREDIT === 0 && !charge()) return exhausted();
      const code = detectCourier(number);
      if (!code) return meta(200, 4032, 'The courier could not be detected');
      return { status: 200, body: { meta: success, data: [{ name: code, code }] } };
    }
    const courier = body.carrier_code;
    if (!courier) return meta(200, 4012, 'carrier_code is required');
    if (!KNOWN_COURIERS.has(courier)) return meta(200, 4015, 'The value of carrier_code is invalid');
    const parcel = options.stories
      ? storyOf(number, courier)
      : TRACKINGMORE_SANDBOX_PARCELS.find(
          (p) => p.number === number && (p.courier === courier || p.alsoAnswersTo?.includes(courier)),
        );
    if (parcel?.requires?.some((field) => !body[field])) {
      return meta(200, 4012, 'The request is missing required parameters for this courier');
    }
    if (!charge()) return exhausted();
    countFetch(number, courier);
    const item = parcel
      ? sandboxItem(parcel, { startedAt, now: clock.now(), lang: body.lang })
      : unknownItem(number, courier);
    return { status: 200, body: { meta: success, data: { items: [item] } } };
  };

  const charge = () => {
    if (balance < 1) return false;
    balance -= 1;
    return true;
  };

  const server = await startSandboxServer({
    handle,
    clock,
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  return {
    ...server,
    apiKey: TRACKINGMORE_SANDBOX_KEY,
    get rateLimited() {
      return rateLimited;
    },
    get balance() {
      return balance;
    },
    get repeats() {
      return fetched.repeats;
    },
    setBalance: (credits) => {
      balance = credits;
    },
    setEnforceLimits: (on) => {
      enforceLimits = on;
    },
    rejectCredentials: () => {
      keyAccepted = false;
    },
  };
}

/** The environment that points Postie at this sandbox (`postie sandbox`, `postie demo`). */
export function trackingmoreSandboxEnv(sandbox: TrackingmoreSandbox): Record<string, string> {
  return { TRACKINGMORE_BASE_URL: `${sandbox.url}${PREFIX}`, TRACKINGMORE_API_KEY: sandbox.apiKey };
}

const success = { code: 200, type: 'Success', message: 'Success' };

function meta(status: number, code: number, message: string): SandboxReply {
  const type = code === 200 ? 'Success' : code === 401 || code === 4001 ? 'Unauthorized' : 'Bad Request';
  return { status, body: { meta: { code, type, message }, data: [] } };
}

const exhausted = () =>
  meta(
    200,
    4021,
    'Remaining quota is deficient, or the 7-day free trial has expired. Please recharge first.',
  );

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Scripted parcels by number, then a few formats, as TrackingMore's detection would guess them. */
function detectCourier(number: string): string | undefined {
  const scripted = TRACKINGMORE_SANDBOX_PARCELS.find((p) => p.number === number);
  if (scripted) return scripted.courier;
  if (/^1Z[0-9A-Z]{16}$/.test(number)) return 'ups';
  if (/^\d{12}$|^\d{15}$/.test(number)) return 'fedex';
  if (/^\d{10}$/.test(number)) return 'dhl';
  const s10 = /^[A-Z]{2}\d{9}([A-Z]{2})$/.exec(number);
  const postal: Record<string, string> = {
    CN: 'china-post',
    GB: 'royal-mail',
    US: 'usps',
    AU: 'australia-post',
  };
  return s10?.[1] === undefined ? undefined : postal[s10[1]];
}

/** This sandbox as its manifest lists it (`index.ts`), for `startSandboxes`. */
export const trackingmoreSandbox: CarrierSandbox<TrackingmoreSandbox> = {
  start: startTrackingmoreSandbox,
  env: trackingmoreSandboxEnv,
};
