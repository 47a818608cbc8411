import type { FrontendLease } from '../domain/frontend.js';
import type { StoreState } from '../store/store-backend.js';

/** A front-end's connection as readiness sees it. */
export type FrontendState = 'connecting' | 'connected' | 'stopped';

export interface ReadinessSources {
  readonly store: { readonly state: StoreState };
  /** Each configured front-end by id. */
  readonly frontends: () => ReadonlyMap<string, FrontendState>;
  readonly stopping: () => boolean;
  /** This process run (`<INSTANCE_ID or host>#<random>`), when several instances may share the store. */
  readonly instance?: string;
  /** The lease each front-end holds or waits for (Telegram long polling, the Discord gateway), by front-end id. */
  readonly leases?: () => ReadonlyMap<string, FrontendLease>;
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
    readonly instance?: string;
    /** `{ telegram: { name: 'telegram-polling', state: 'waiting' } }`: what this instance holds, or waits for. */
    readonly leases?: Readonly<Record<string, FrontendLease>>;
  };
}

/**
 * Ready to take traffic: the store answers, every configured front-end is connected, and Postie is not
 * shutting down. (Alive is another question: `/healthz` answers while the process does.) A front-end
 * whose lease another instance holds is connected all the same: this instance serves webhooks, sends
 * notifications and takes over when the holder dies, so it is ready; the body says which it waits for.
 */
export function readiness(sources: ReadinessSources): Readiness {
  const store = sources.store.state;
  const frontends = Object.fromEntries(sources.frontends());
  const leases = sources.leases ? Object.fromEntries(sources.leases()) : {};
  const stopping = sources.stopping();
  const notReady = [
    ...(store === 'ready' ? [] : ['store']),
    ...Object.entries(frontends)
      .filter(([, state]) => state !== 'connected')
      .map(([id]) => id),
    ...(stopping ? ['stopping'] : []),
  ];
  const ready = notReady.length === 0;
  return {
    ready,
    body: {
      status: ready ? 'ready' : 'not_ready',
      store,
      frontends,
      stopping,
      notReady,
      ...(sources.instance === undefined ? {} : { instance: sources.instance }),
      ...(Object.keys(leases).length > 0 ? { leases } : {}),
    },
  };
}
