import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { CHECK_DIGITS } from '../../detect/check-digits.js';
import type { Clock } from '../../time/clock.js';
import { offsetMinutesAt } from '../../time/zoned-time.js';
import type { CarrierSandbox } from '../manifest.js';
import {
  type SandboxReply,
  type SandboxRequest,
  type SandboxServer,
  type StorySource,
  startSandboxServer,
} from '../sandbox-kit/sandbox-server.js';
import { storySoFar } from '../sandbox-kit/timeline.js';
import { AUTHENTICATE_PATH, MAIL_TRACKING_PATH } from './client.js';
import { HONG_KONG_ZONE, trackedItem } from './sandbox-answer.js';
import { SANDBOX_PARCELS, type ScriptedParcel } from './sandbox-parcels.js';
import { storyParcel } from './sandbox-story.js';
import type { TrackingLang } from './schema.js';
import { APPENDIX_A, type AppendixACode } from './status-codes.js';

/**
 * A loopback Hongkong Post Mail Tracking API for tests, benchmarks and the demo (never production). It
 * speaks seed 000: both endpoints under `/mailTrackingAPI`, tokens valid 15 minutes by the sandbox clock,
 * the Appendix A codes, and the limits (100 ms between tracking requests, a daily request limit per
 * Hong Kong day, 30 items per request). The scripted parcels are in `sandbox-parcels.ts`.
 */

export const SANDBOX_PREFIX = '/mailTrackingAPI';
export const SANDBOX_SYS_ID = 'sandbox-id';
export const SANDBOX_SYS_SECRET = 'sandbox-secret';

const TOKEN_LIFETIME_MS = 15 * 60_000;
/** Seed: "The frequency of request: 100ms". Counted between accepted tracking requests. */
const MIN_GAP_MS = 100;
const MAX_ITEMS = 30;

export interface HongkongPostSandboxOptions {
  readonly clock: Clock;
  readonly port?: number;
  /** Refuse requests that come too often or beyond the daily limit. @defaultValue true */
  readonly enforceLimits?: boolean;
  /** Tracking requests per Hong Kong calendar day. @defaultValue 100000 (seed) */
  readonly dailyLimit?: number;
  /** Answer every number from these stories instead of the scripted parcels. */
  readonly stories?: StorySource;
}

export interface HongkongPostSandbox extends SandboxServer {
  /** The base URL to configure: `<url>/mailTrackingAPI`. */
  readonly baseUrl: string;
  /** Forgets every token issued so far (the next tracking call answers 9992). */
  revokeTokens(): void;
  /** Refuses the sandbox credentials from now on (logins answer 9992). */
  rejectCredentials(): void;
  setDailyLimit(limit: number): void;
  setEnforceLimits(enforce: boolean): void;
  /** Tracking requests refused for coming too soon (9991) or beyond the daily limit (9994). */
  readonly refused: number;
}

const answer = (status: AppendixACode): SandboxReply => ({
  status: 200,
  body: { status, errMsg: APPENDIX_A[status], itemCount: 0, deliveryResultList: [] },
});

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

const loginBody = z.object({ sysId: z.unknown(), sysSecret: z.unknown() });
const trackingBody = z.object({ lang: z.string(), itemNo: z.array(z.unknown()) });

/** The Hong Kong calendar day of an instant, e.g. `2026-01-01`. */
function hongKongDay(ms: number): string {
  return new Date(ms + offsetMinutesAt(HONG_KONG_ZONE, ms) * 60_000).toISOString().slice(0, 10);
}

const isTrackingLang = (lang: string): lang is TrackingLang => ['A', 'E', 'C', 'S'].includes(lang);

function isValidS10(itemNo: string): boolean {
  const m = /^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$/.exec(itemNo);
  return m !== null && CHECK_DIGITS.s10(m[1] as string, m[2] as string);
}

export async function startHongkongPostSandbox(
  options: HongkongPostSandboxOptions,
): Promise<HongkongPostSandbox> {
  const { clock } = options;
  const startedAt = clock.now();
  const parcels = new Map<string, ScriptedParcel>(SANDBOX_PARCELS.map((p) => [p.itemNo, p]));
  let enforceLimits = options.enforceLimits ?? true;
  let dailyLimit = options.dailyLimit ?? 100_000;
  let credentialsAccepted = true;
  const tokens = new Map<string, number>();
  let lastTrackingAt: number | undefined;
  const daily = { day: '', count: 0 };
  let refused = 0;
  const refuse = (status: 9991 | 9994) => {
    refused += 1;
    return answer(status);
  };
  const parcelOf = (itemNo: string, now: number): ScriptedParcel | undefined => {
    if (!options.stories) return parcels.get(itemNo);
    const story = storySoFar(options.stories, itemNo, now);
    return story && storyParcel(itemNo, story, startedAt);
  };

  const authenticate = (request: SandboxRequest): SandboxReply => {
    const body = loginBody.safeParse(parseJson(request.body));
    if (!body.success) return answer(9993);
    const { sysId, sysSecret } = body.data;
    if (!credentialsAccepted || sysId !== SANDBOX_SYS_ID || sysSecret !== SANDBOX_SYS_SECRET)
      return answer(9992);
    const token = randomUUID().replaceAll('-', '');
    const expiresAt = clock.now() + TOKEN_LIFETIME_MS;
    tokens.set(token, expiresAt);
    return { status: 200, body: { id_token: token, expiry: Math.floor(expiresAt / 1000) } };
  };

  const mailTracking = (request: SandboxRequest): SandboxReply => {
    const now = clock.now();
    const { authorization } = request.headers;
    const bearer = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    const expiresAt = bearer === undefined ? undefined : tokens.get(bearer);
    if (expiresAt === undefined || now >= expiresAt) return answer(9992);
    if (enforceLimits) {
      if (lastTrackingAt !== undefined && now - lastTrackingAt < MIN_GAP_MS) return refuse(9991);
      const day = hongKongDay(now);
      if (daily.day !== day) Object.assign(daily, { day, count: 0 });
      if (daily.count >= dailyLimit) return refuse(9994);
      daily.count += 1;
    }
    lastTrackingAt = now;

    const body = trackingBody.safeParse(parseJson(request.body));
    if (!body.success) return answer(9993);
    const { lang, itemNo: items } = body.data;
    if (!isTrackingLang(lang)) return answer(9996);
    if (items.length === 0) return answer(9997);
    if (items.length > MAX_ITEMS) return answer(9995);
    if (!items.every((n): n is string => typeof n === 'string' && n.length <= 13)) return answer(9998);

    const deliveryResultList = items.map((raw) => {
      const itemNo = raw.trim().toUpperCase();
      const parcel = parcelOf(itemNo, now);
      const refused = (status: 1001 | 1002 | 1003 | 1004) => ({
        itemNo: raw,
        status,
        errMsg: APPENDIX_A[status],
      });
      if (!isValidS10(itemNo)) return refused(1002);
      if (!parcel) return refused(1001);
      if (parcel.kind === 'refused') return refused(parcel.status);
      return trackedItem(parcel, lang, startedAt, now) ?? refused(1001);
    });
    return {
      status: 200,
      body: { status: 0, errMsg: '', itemCount: deliveryResultList.length, deliveryResultList },
    };
  };

  const server = await startSandboxServer({
    clock,
    ...(options.port === undefined ? {} : { port: options.port }),
    handle: (request) => {
      if (request.path === `${SANDBOX_PREFIX}${AUTHENTICATE_PATH}` && request.method === 'POST') {
        return authenticate(request);
      }
      if (request.path === `${SANDBOX_PREFIX}${MAIL_TRACKING_PATH}` && request.method === 'POST') {
        return mailTracking(request);
      }
      return { status: 404, body: { status: 404, error: 'Not Found', path: request.path } };
    },
  });

  return {
    ...server,
    baseUrl: `${server.url}${SANDBOX_PREFIX}`,
    revokeTokens: () => tokens.clear(),
    rejectCredentials: () => {
      credentialsAccepted = false;
    },
    setDailyLimit: (limit) => {
      dailyLimit = limit;
    },
    setEnforceLimits: (enforce) => {
      enforceLimits = enforce;
    },
    get refused() {
      return refused;
    },
  };
}

/** The environment that points Postie at this sandbox (`postie sandbox`, `postie demo`). */
export function hongkongPostSandboxEnv(sandbox: HongkongPostSandbox): Record<string, string> {
  return {
    HKPOST_BASE_URL: sandbox.baseUrl,
    HKPOST_SYS_ID: SANDBOX_SYS_ID,
    HKPOST_SYS_SECRET: SANDBOX_SYS_SECRET,
  };
}

/** This sandbox as its manifest lists it (`index.ts`), for `startSandboxes`. */
export const hongkongPostSandbox: CarrierSandbox<HongkongPostSandbox> = {
  start: startHongkongPostSandbox,
  env: hongkongPostSandboxEnv,
};
