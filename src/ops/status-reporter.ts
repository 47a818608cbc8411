import type { LaneLimits } from '../carriers/adapter.js';
import type { AdapterId } from '../domain/carrier.js';
import type { CarrierStatus, QuotaUse, StatusReport, SubscriptionCensus } from '../domain/status-report.js';
import type { LaneStats } from '../queue/lane.js';
import type { Leases } from '../store/leases.js';
import type { StoreBackend } from '../store/store-backend.js';
import { type QuietNow, takeCensus } from '../subscriptions/census.js';
import type { SubscriptionStore } from '../subscriptions/store/subscription-store.js';
import type { Clock } from '../time/clock.js';
import type { RequestHistory } from './request-history.js';

/** What a status report is read from: a running instance has lanes; the store alone has only counts. */
export interface StatusSources {
  readonly source: StatusReport['source'];
  readonly store: Pick<StoreBackend, 'kind' | 'state'> & { readonly leases?: Pick<Leases, 'list'> };
  /** Each configured adapter's limits. */
  readonly carriers: readonly { readonly id: AdapterId; readonly limits: LaneLimits }[];
  /** The long-term quota counts (`TrackingQueue.usage`, or a quota on the store's counters). */
  readonly usage: (adapter: AdapterId) => Promise<{ today: number; rolling: number } | undefined>;
  /** The lane's queue, breaker and windows right now; only a running instance has them. */
  readonly lane?: (adapter: AdapterId) => LaneStats | undefined;
  readonly subscriptions: Pick<SubscriptionStore, 'subscriptions' | 'watches'>;
  /** Whether a chat's quiet hours hold what waits for it: not counted as the oldest. @defaultValue none do */
  readonly quietNow?: QuietNow;
  readonly clock: Clock;
  readonly lastPollPassAt?: () => number | undefined;
  readonly credits?: (adapter: AdapterId) => { readonly left: number; readonly at: number } | undefined;
  /** Each carrier's requests over the last 24 hours, for reports that ask for them. */
  readonly history?: Pick<RequestHistory, 'hours'>;
  /** A census is kept this long before the store is scanned again. @defaultValue 15 000 ms */
  readonly censusTtlMs?: number;
}

export interface StatusReporter {
  /**
   * The whole report; a store that cannot be read leaves the counts it keeps out. With `history`
   * (and a history among the sources) each carrier has its requests of the last 24 hours: 24 counters
   * read per carrier, so for the views people read, not for each scrape.
   */
  report(options?: { readonly history?: boolean }): Promise<StatusReport>;
  /** The subscriptions' census, kept `censusTtlMs`; undefined when the store cannot be read. */
  census(): Promise<SubscriptionCensus | undefined>;
}

export function createStatusReporter(sources: StatusSources): StatusReporter {
  const { clock } = sources;
  const ttlMs = sources.censusTtlMs ?? 15_000;
  let kept: { at: number; census: Promise<SubscriptionCensus | undefined> } | undefined;

  const census = () => {
    const now = clock.now();
    if (!kept || now - kept.at >= ttlMs) {
      const taking = takeCensus(sources.subscriptions, now, sources.quietNow).catch(() => undefined);
      kept = { at: now, census: taking };
      // A failed scan is not kept: the next reader tries again.
      void taking.then((c) => {
        if (c === undefined && kept?.census === taking) kept = undefined;
      });
    }
    return kept.census;
  };

  async function carrier(id: AdapterId, limits: LaneLimits, history: boolean): Promise<CarrierStatus> {
    const usage = await sources.usage(id).catch(() => undefined);
    const hours = history && sources.history ? await sources.history.hours(id) : null;
    const lane = sources.lane?.(id);
    const credits = sources.credits?.(id);
    const day = limits.dailyQuota;
    return {
      adapter: id,
      ...(day && usage ? { day: { ...quotaUse(usage.today, day.limit), timeZone: day.timeZone } } : {}),
      ...(limits.rollingDayQuota !== undefined && usage
        ? { rollingDay: quotaUse(usage.rolling, limits.rollingDayQuota) }
        : {}),
      // The short windows live in the lane's memory: only a running instance knows their use.
      windows: lane
        ? (limits.windows ?? []).map((w, i) => ({
            windowMs: w.windowMs,
            ...quotaUse(lane.windows[i]?.used ?? 0, w.limit),
          }))
        : [],
      ...(lane
        ? {
            queue: {
              interactive: lane.waiting.interactive,
              background: lane.waiting.background,
              inFlight: lane.inFlight,
              breaker: lane.breaker,
            },
          }
        : {}),
      ...(credits ? { credits } : {}),
      ...(hours === null
        ? {}
        : { requestsLastDay: hours ? hours.reduce((sum, h) => sum + h.requests, 0) : 'unavailable' }),
    };
  }

  return {
    census,
    async report(options = {}) {
      const history = options.history ?? false;
      const carriers = await Promise.all(sources.carriers.map((c) => carrier(c.id, c.limits, history)));
      const subscriptions = await census();
      const lastPollPassAt = sources.lastPollPassAt?.();
      // Only several instances share leases worth showing; a store away leaves them out.
      const leases =
        sources.store.kind === 'shared'
          ? await sources.store.leases?.list().catch(() => undefined)
          : undefined;
      return {
        at: clock.now(),
        source: sources.source,
        store: { kind: sources.store.kind, state: sources.store.state },
        carriers,
        ...(subscriptions ? { subscriptions } : {}),
        ...(lastPollPassAt === undefined ? {} : { lastPollPassAt }),
        ...(leases ? { leases } : {}),
      };
    },
  };
}

function quotaUse(used: number, limit: number): QuotaUse {
  return { used, limit, left: Math.max(0, limit - used) };
}
