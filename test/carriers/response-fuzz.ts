import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CARRIER_ERROR_CODES, CarrierError } from '../../src/domain/carrier-error.js';
import type { TrackOutcome } from '../../src/domain/outcome.js';
import { SHIPMENT_STATUSES, type TrackingEvent } from '../../src/domain/shipment.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import type { TrackingView } from '../../src/render/renderer.js';

/** An HTTP answer as an adapter's pure response interpreter receives it. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Text a carrier could put anywhere: scripts, control characters, lone surrogates, markup, huge runs. */
const oddText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    'a\udc00b',
    '\u202e\u200f',
    '<b>&amp;</b>',
    '{{count}}',
    '$t(errors.timeout)',
    '__proto__',
    'constructor',
    'null',
    'NaN',
    '31-02-2026 25:61',
    '2026-13-45T99:99:99',
    '0000-00-00 00:00:00',
    '9999-12-31T23:59:59+14:00',
    '1970-01-01T00:00:00',
    '+275760-09-13T00:00:00Z',
    '-000001-01-01T00:00:00Z',
  ),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => 'Ω'.repeat(n)),
);

/** Numbers where a carrier's number fields go wrong: zero, negatives, fractions, beyond 2^53, huge. */
const oddNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    0.5,
    1e21,
    -1e21,
    2 ** 53 + 2,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    9999,
    1001,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** A value to put in place of another: junk of every JSON kind. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  oddText,
  oddNumber,
  fc.constantFrom(null, true, false, [], {}, [[]], { '': null }),
  fc.anything({ maxDepth: 2 }),
);

type Path = readonly (string | number)[];
type Mutation =
  | { readonly kind: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'repeat'; readonly at: number; readonly times: number }
  | { readonly kind: 'empty'; readonly at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: junk }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), times: fc.integer({ min: 2, max: 50 }) }),
  fc.record({ kind: fc.constant('empty' as const), at: fc.nat() }),
);

/**
 * Bodies a broken or changed carrier API could send: its own valid examples cut short, or changed in one
 * to four places (a value swapped for junk of another type or an odd value of its own, a field dropped,
 * a list item repeated, a list or object emptied), arbitrary JSON, HTML error pages, huge or binary
 * strings; with any status, and headers a proxy or the carrier could garble (Retry-After, rate limits).
 */
function brokenResponses(validBodies: readonly string[]): fc.Arbitrary<RawResponse> {
  const valid = fc.constantFrom(...validBodies);
  const truncated = fc
    .tuple(valid, fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([b, f]) => b.slice(0, Math.floor(b.length * f)));
  const mutated = fc
    .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([b, changes]) => mutateJson(b, changes));
  const arbitraryJson = fc.json({ depthSize: 'small' });
  const html = fc.constant('<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>');
  const huge = fc.integer({ min: 100_000, max: 400_000 }).map((n) => `{"data":"${'x'.repeat(n)}"`);
  const deep = fc.integer({ min: 100, max: 5000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`);
  const binary = fc.string({ unit: 'binary', maxLength: 200 });
  const body = fc.oneof(
    { arbitrary: mutated, weight: 6 },
    { arbitrary: valid, weight: 1 },
    { arbitrary: truncated, weight: 1 },
    { arbitrary: arbitraryJson, weight: 1 },
    { arbitrary: html, weight: 1 },
    { arbitrary: huge, weight: 1 },
    { arbitrary: deep, weight: 1 },
    { arbitrary: binary, weight: 1 },
  );
  const status = fc.oneof(
    { arbitrary: fc.constant(200), weight: 5 },
    { arbitrary: fc.constantFrom(400, 404, 429), weight: 2 },
    {
      arbitrary: fc.constantFrom(100, 201, 204, 299, 302, 401, 403, 409, 418, 500, 502, 503, 599),
      weight: 3,
    },
  );
  const headerValue = fc.oneof(
    fc.nat().map(String),
    fc.constantFrom('-1', '0', '1e308', '1.5', 'NaN', 'Infinity', '', ' 30 ', '99999999999999999999'),
    fc.constantFrom('Wed, 21 Oct 2015 07:28:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', 'not a date'),
    fc.string({ maxLength: 20 }),
  );
  const headers = fc
    .record(
      {
        'retry-after': headerValue,
        'x-ratelimit-limit': headerValue,
        'x-ratelimit-remaining': headerValue,
        'x-ratelimit-reset': headerValue,
      },
      { requiredKeys: [] },
    )
    .map((extra) => ({ 'content-type': 'application/json', ...extra }));
  return fc.record({ status, headers, body });
}

/** Applies `changes` to a JSON document (or returns the text unchanged if it is not JSON). */
function mutateJson(text: string, changes: readonly Mutation[]): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return text;
  }
  for (const change of changes) {
    const paths = pathsOf(doc);
    const path = paths[change.at % paths.length] ?? [];
    doc = change.kind === 'replace' && path.length === 0 ? (change.value ?? null) : doc;
    if (path.length === 0) continue;
    let parent = doc as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const key = path.at(-1) as string | number;
    const current = parent[key];
    if (change.kind === 'replace') parent[key] = change.value === undefined ? null : change.value;
    else if (change.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (change.kind === 'repeat' && Array.isArray(current))
      parent[key] = Array.from({ length: change.times }, () => current).flat();
    else if (change.kind === 'empty') parent[key] = Array.isArray(current) ? [] : {};
  }
  return JSON.stringify(doc) ?? 'null';
}

function pathsOf(doc: unknown): Path[] {
  const paths: Path[] = [];
  const walk = (node: unknown, path: Path) => {
    paths.push(path);
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, [...path, Array.isArray(node) ? Number(k) : k]);
    }
  };
  walk(doc, []);
  return paths;
}

/** Cases per adapter interpreter. @defaultValue 10 000 */
const BROKEN_RESPONSE_CASES = 10_000;
/** The seed every run starts from, so a failure found once is found again. */
const BROKEN_RESPONSE_SEED = 20_261_208;
/** The longest wait a carrier's rate-limit hint is taken at (README: 15 minutes). */
const MAX_RATE_LIMIT_WAIT_MS = 15 * 60_000;
/** Quotas refill at the latest a calendar day (and a rolling 24 h) later. */
const MAX_QUOTA_WAIT_MS = 2 * 86_400_000;

export interface BrokenResponseOptions<R> {
  /** @defaultValue BROKEN_RESPONSE_CASES */
  readonly runs?: number;
  /** @defaultValue BROKEN_RESPONSE_SEED */
  readonly seed?: number;
  /** The per-number outcomes an answer was read as, each checked and rendered as a chat would see it. */
  readonly outcomes?: (result: R) => readonly TrackOutcome[];
}

const renderer = createRenderer();
const VIEWS: readonly TrackingView[] = (['en', 'zh-HK'] as const).map((locale) => ({
  locale,
  timeZone: 'Asia/Hong_Kong',
  now: Date.UTC(2026, 0, 1),
  chatKind: 'group',
  subscribed: false,
  showAll: true,
}));

/** A whole-call failure as the queue and the chat get it: a known code, a sane wait, a short message. */
function expectCarrierError(error: unknown): void {
  expect(error).toBeInstanceOf(CarrierError);
  const failure = error as CarrierError;
  expect(CARRIER_ERROR_CODES).toContain(failure.code);
  expect(failure.message.length).toBeLessThan(400);
  if (failure.retryAfterMs !== undefined) {
    expect(Number.isFinite(failure.retryAfterMs)).toBe(true);
    expect(failure.retryAfterMs).toBeGreaterThanOrEqual(0);
    const cap = failure.code === 'rate_limited' ? MAX_RATE_LIMIT_WAIT_MS : MAX_QUOTA_WAIT_MS;
    expect(failure.retryAfterMs).toBeLessThanOrEqual(cap);
  }
}

const isInstant = (time: string) => !Number.isNaN(Date.parse(time));

/** One number's outcome: of a known kind, a found shipment sane in every field the chat reads, renderable. */
function expectSaneOutcome(outcome: TrackOutcome): void {
  expect(['found', 'not_found', 'failed']).toContain(outcome.kind);
  if (outcome.kind === 'failed') expectCarrierError(outcome.error);
  if (outcome.kind !== 'found') return;
  const { shipment } = outcome;
  expect(SHIPMENT_STATUSES).toContain(shipment.status);
  const events: TrackingEvent[] = [...shipment.events, ...(shipment.legs ?? []).flatMap((l) => l.events)];
  for (const event of events) {
    expect(SHIPMENT_STATUSES).toContain(event.status);
    expect(isInstant(event.time), event.time).toBe(true);
    expect(typeof event.key).toBe('string');
    expect(typeof event.description.text).toBe('string');
  }
  for (const view of VIEWS) {
    const reply = renderer.tracking(
      {
        input: shipment.number,
        number: shipment.number,
        carrier: shipment.carrier,
        adapter: shipment.adapter,
        outcome,
        candidates: [],
      },
      view,
    );
    expect(reply.blocks.length).toBeGreaterThan(0);
  }
}

/**
 * Declares a property test: for 10,000 broken responses from a fixed seed, `interpret` either returns
 * (outcomes it could read, each sane and renderable) or throws a `CarrierError` with a known code and a
 * sane wait — never another exception, never a hang — and nothing escapes as an unhandled rejection or
 * an uncaught exception.
 */
export function itClassifiesEveryBrokenResponse<R>(
  interpret: (response: RawResponse) => R,
  validBodies: readonly string[],
  options: BrokenResponseOptions<R> = {},
): void {
  const runs = options.runs ?? BROKEN_RESPONSE_CASES;
  it(`classifies ${runs} broken responses without crashing`, () => {
    const escaped: unknown[] = [];
    const onEscape = (error: unknown) => escaped.push(error);
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
    try {
      fc.assert(
        fc.property(brokenResponses(validBodies), (response) => {
          let result: R;
          try {
            result = interpret(response);
          } catch (error) {
            expectCarrierError(error);
            return;
          }
          for (const outcome of options.outcomes?.(result) ?? []) expectSaneOutcome(outcome);
        }),
        { numRuns: runs, seed: options.seed ?? BROKEN_RESPONSE_SEED },
      );
    } finally {
      process.off('unhandledRejection', onEscape);
      process.off('uncaughtException', onEscape);
    }
    expect(escaped).toEqual([]);
  }, 120_000);
}
