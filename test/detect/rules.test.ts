import { describe, expect, it } from 'vitest';
import { carrierInfo } from '../../src/carriers/catalogue.js';
import { ADAPTERS } from '../../src/carriers/registry.js';
import { routesFor } from '../../src/carriers/routing.js';
import { matchRule } from '../../src/detect/match-rules.js';
import { FORMAT_RULES } from '../../src/detect/rules/index.js';

describe('format rules', () => {
  it('have unique ids, sources and at least one valid and one invalid example', () => {
    const ids = FORMAT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of FORMAT_RULES) {
      expect(rule.source, rule.id).not.toBe('');
      expect(rule.examples.valid.length, rule.id).toBeGreaterThan(0);
      expect(rule.examples.invalid.length, rule.id).toBeGreaterThan(0);
    }
  });

  describe.each(FORMAT_RULES.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
    it.each(rule.examples.valid)('matches %s with its check digit holding', (example) => {
      expect(rule.lengths).toContain(example.length);
      const match = matchRule(rule, example);
      expect(match).not.toBeNull();
      expect(match?.check).toBe(rule.check ? 'valid' : 'none');
    });

    it.each(rule.examples.invalid)('does not accept %s', (example) => {
      const match = matchRule(rule, example);
      expect(match === null || match.check === 'invalid').toBe(true);
    });

    it('declares only lengths its pattern can match and names known carriers', () => {
      for (const example of rule.examples.valid) {
        for (const carrier of matchRule(rule, example)?.carriers ?? []) {
          expect(carrierInfo(carrier), `${rule.id} → ${carrier}`).toBeDefined();
        }
      }
    });
  });

  it('route every carrier they can name to an adapter, except those no adapter serves yet', () => {
    // TrackingMore lists GOFO only per country (gofo-ca, gofo-es, gofo-it); its US code is unconfirmed.
    const unrouted = new Set(['gofo-express']);
    const carriers = new Set(
      FORMAT_RULES.flatMap((rule) => rule.examples.valid.flatMap((e) => matchRule(rule, e)?.carriers ?? [])),
    );
    for (const carrier of carriers) {
      expect(routesFor(carrier).length > 0, carrier).toBe(!unrouted.has(carrier));
    }
  });

  it('reach every adapter in the registry: each is the route of some carrier they name', () => {
    const carriers = FORMAT_RULES.flatMap((rule) =>
      rule.examples.valid.flatMap((e) => matchRule(rule, e)?.carriers ?? []),
    );
    const reached = new Set(carriers.flatMap((carrier) => routesFor(carrier).map((r) => r.adapter)));
    expect(ADAPTERS.map((a) => a.id).filter((id) => !reached.has(id))).toEqual([]);
  });

  it('send the seed carriers to their own adapters first', () => {
    expect(routesFor('hongkong-post')[0]).toEqual({ adapter: 'hongkong-post' });
    expect(routesFor('nz-post')[0]).toEqual({ adapter: 'nz-post' });
    expect(routesFor('sf-express')[0]).toEqual({ adapter: 'fuuffy' });
    expect(routesFor('ups')).toEqual([{ adapter: 'trackingmore', courierCode: 'ups' }]);
  });
});
