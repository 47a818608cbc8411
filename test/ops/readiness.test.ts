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

describe('readiness with several instances', () => {
  it('is ready while waiting for a lease another instance holds, and says which it holds and waits for', () => {
    const { ready, body } = readiness({
      store: { state: 'ready' },
      frontends: () =>
        new Map<string, FrontendState>([
          ['telegram', 'connected'],
          ['discord', 'connected'],
        ]),
      stopping: () => false,
      instance: 'postie-2#0a1b2c3d',
      leases: () =>
        new Map([
          ['telegram', { name: 'telegram-polling', state: 'waiting' as const }],
          ['discord', { name: 'discord-gateway', state: 'held' as const }],
        ]),
    });
    expect(ready).toBe(true);
    expect(body).toMatchObject({
      status: 'ready',
      instance: 'postie-2#0a1b2c3d',
      leases: {
        telegram: { name: 'telegram-polling', state: 'waiting' },
        discord: { name: 'discord-gateway', state: 'held' },
      },
    });
  });
});
