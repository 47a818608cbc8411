import { ADAPTERS } from '../carriers/registry.js';
import type { Config } from '../config.js';
import type { AdapterId } from '../domain/carrier.js';
import type { StatusReport } from '../domain/status-report.js';
import type { Logger } from '../logger.js';
import { createRequestHistory } from '../ops/request-history.js';
import { createStatusReporter } from '../ops/status-reporter.js';
import { createQuota } from '../queue/quota.js';
import { chatSettingsOn } from '../store/chat-settings.js';
import { quietNowOn } from '../subscriptions/news/quiet-now.js';
import { openSubscriptionStore } from '../subscriptions/store/open-subscription-store.js';
import type { Clock } from '../time/clock.js';
import { openStore } from './open-store.js';

/**
 * The status as the store alone tells it, for `postie status` when no running Postie answers: each
 * configured carrier's quota counts and requests of the last 24 hours (the counters survive restarts
 * and are shared on Redis), the subscriptions, the outbox and the polls due. No queue, breaker or short
 * window: those live in a running instance's memory. Opens the store `STORE_URL` names, reads, and
 * closes it.
 */
export async function statusFromStore(config: Config, logger: Logger, clock: Clock): Promise<StatusReport> {
  const store = await openStore(config, logger, clock);
  try {
    // A Redis still connecting gets a moment: a report of "connecting" says little.
    await store.ready(AbortSignal.timeout(5_000)).catch(() => undefined);
    const carriers = ADAPTERS.filter((a) => config.carriers[a.id] !== undefined).map((a) => ({
      id: a.id as AdapterId,
      limits: a.limits,
    }));
    const quotas = new Map(carriers.map((c) => [c.id, createQuota(c.id, c.limits, store.counters)]));
    const reporter = createStatusReporter({
      source: 'store',
      store,
      carriers,
      usage: async (adapter) => quotas.get(adapter)?.usage(clock.now()),
      subscriptions: openSubscriptionStore(store, {
        onBadRecord: (error) => logger.warn({ err: error }, 'an unreadable subscription record was skipped'),
      }),
      quietNow: quietNowOn(chatSettingsOn(store.namespace('chats')), {
        locale: config.defaults.locale,
        timeZone: config.defaults.timezone,
      }),
      clock,
      history: createRequestHistory({ counters: store.counters, clock, logger }),
    });
    return await reporter.report({ history: true });
  } finally {
    await store.close();
  }
}
