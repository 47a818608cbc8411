import type { StoreState } from '../store/store-backend.js';

/** A front-end's connection as readiness sees it. */
export type FrontendState = 'connecting' | 'connected' | 'stopped';

export interface ReadinessSources {
  readonly store: { readonly state: StoreState };
  /** Each configured front-end by id. */
  readonly frontends: () => ReadonlyMap<string, FrontendState>;
  readonly stopping: () => boolean;
}

export interface Readiness {
  readonly ready: boolean;
  /** The small JSON body `/readyz` answers with: each part, and which are not ready. */
  readonly body: {
    readonly status: 'ready' | 'not_ready';
    readonly store: StoreState;
    readonly frontends: Readonly<Record<string, FrontendState>>;
    readonly stopping: boolean;
    readonly notReady: readonly string[];
  };
}

/**
 * Ready to take traffic: the store answers, every configured front-end is connected, and Postie is not
 * shutting down. (Alive is another question: `/healthz` answers while the process does.)
 */
export function readiness(sources: ReadinessSources): Readiness {
  const store = sources.store.state;
  const frontends = Object.fromEntries(sources.frontends());
  const stopping = sources.stopping();
  const notReady = [
    ...(store === 'ready' ? [] : ['store']),
    ...Object.entries(frontends)
      .filter(([, state]) => state !== 'connected')
      .map(([id]) => id),
    ...(stopping ? ['stopping'] : []),
  ];
  const ready = notReady.length === 0;
  return { ready, body: { status: ready ? 'ready' : 'not_ready', store, frontends, stopping, notReady } };
}
