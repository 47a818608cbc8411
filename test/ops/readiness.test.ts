import { describe, expect, it } from 'vitest';
import { type FrontendState, readiness } from '../../src/ops/readiness.js';
import type { StoreState } from '../../src/store/store-backend.js';

const check = (store: StoreState, frontends: Record<string, FrontendState>, stopping = false) =>
  readiness({
    store: { state: store },
    frontends: () => new Map(Object.entries(frontends)),
    stopping: () => stopping,
  });

describe('readiness', () => {
  it('is ready with the store up, every front-end connected and no stop under way', () => {
    expect(check('ready', { telegram: 'connected', discord: 'connected' })).toEqual({
      ready: true,
      body: {
        status: 'ready',
        store: 'ready',
        frontends: { telegram: 'connected', discord: 'connected' },
        stopping: false,
        notReady: [],
      },
    });
  });

  it('names every part that is not ready', () => {
    const { ready, body } = check('connecting', { telegram: 'connected', discord: 'connecting' });
    expect(ready).toBe(false);
    expect(body.notReady).toEqual(['store', 'discord']);
  });

  it('is not ready once a stop is under way, whatever else holds', () => {
    const { ready, body } = check('ready', { telegram: 'stopped' }, true);
    expect(ready).toBe(false);
    expect(body).toMatchObject({ status: 'not_ready', stopping: true, notReady: ['telegram', 'stopping'] });
  });
});
