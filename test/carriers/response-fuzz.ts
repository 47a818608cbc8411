import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CarrierError } from '../../src/carriers/carrier-error.js';

/** An HTTP answer as an adapter's pure response interpreter receives it. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Bodies a broken or changed carrier API could send: its own valid examples cut short or with fields
 * swapped for the wrong types or nulls, arbitrary JSON, HTML error pages, and huge or binary strings.
 */
export function brokenResponses(validBodies: readonly string[]): fc.Arbitrary<RawResponse> {
  const valid = fc.constantFrom(...validBodies);
  const truncated = fc
    .tuple(valid, fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([b, f]) => b.slice(0, Math.floor(b.length * f)));
  const mutated = fc.tuple(valid, fc.anything({ maxDepth: 2 })).map(([b, junk]) => mutateJson(b, junk));
  const arbitraryJson = fc.json({ depthSize: 'small' });
  const html = fc.constant('<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>');
  const huge = fc.integer({ min: 100_000, max: 400_000 }).map((n) => `{"data":"${'x'.repeat(n)}"`);
  const binary = fc.string({ unit: 'binary', maxLength: 200 });
  const body = fc.oneof(truncated, mutated, arbitraryJson, html, huge, binary, valid);
  const status = fc.constantFrom(200, 200, 200, 201, 204, 400, 401, 403, 404, 409, 429, 500, 502, 503);
  return fc.record({ status, headers: fc.constant({ 'content-type': 'application/json' }), body });
}

/** Replaces one value somewhere in a JSON document with `junk` (or returns the text unchanged if it is not JSON). */
function mutateJson(text: string, junk: unknown): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return text;
  }
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, [...path, Array.isArray(node) ? Number(k) : k]);
    }
  };
  walk(doc, []);
  const path = paths[Math.abs(JSON.stringify(junk)?.length ?? 0) % paths.length] ?? [];
  if (path.length === 0) return JSON.stringify(junk ?? null);
  let parent = doc as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path.at(-1) as string | number] = junk === undefined ? null : junk;
  return JSON.stringify(doc);
}

/**
 * Declares a property test: for thousands of broken responses, `interpret` either returns (outcomes it
 * could read) or throws a `CarrierError` — never another exception, never a hang.
 */
export function itClassifiesEveryBrokenResponse(
  interpret: (response: RawResponse) => unknown,
  validBodies: readonly string[],
  runs = 2000,
): void {
  it(`classifies ${runs} broken responses without crashing`, () => {
    fc.assert(
      fc.property(brokenResponses(validBodies), (response) => {
        try {
          interpret(response);
        } catch (error) {
          expect(error).toBeInstanceOf(CarrierError);
        }
      }),
      { numRuns: runs },
    );
  });
}
