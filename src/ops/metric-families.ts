import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AdapterId } from '../domain/carrier.js';
import type { StatusReport } from '../domain/status-report.js';
import type { LaneStats } from '../queue/lane.js';
import type { Telemetry } from './telemetry.js';

/**
 * Postie's metrics in the Prometheus text format (prom-client), with its default process metrics
 * (`process_*`, `nodejs_*`). Names follow Prometheus' conventions
 * (https://prometheus.io/docs/practices/naming/): `postie_` prefix, `_total` for counters, `_seconds`
 * for times; labels are bounded (adapter, platform, priority, outcome and error codes, window, state):
 * never a chat or a tracking number. Counters move as things happen (`telemetry`); gauges are set from
 * one status report per scrape (`exposition`).
 */
export interface MetricFamilies {
  readonly telemetry: Telemetry;
  readonly contentType: string;
  /** The exposition after setting the gauges from `report` and each lane's stats. */
  exposition(report: StatusReport, lane: (adapter: AdapterId) => LaneStats | undefined): Promise<string>;
}

const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
const SUBSCRIPTION_STATES = ['active', 'expired', 'inactive'] as const;

export function createMetricFamilies(): MetricFamilies {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const counter = (name: string, help: string, labelNames: readonly string[] = []) =>
    new Counter({ name, help, labelNames, registers });
  const gauge = (name: string, help: string, labelNames: readonly string[] = []) =>
    new Gauge({ name, help, labelNames, registers });

  const requests = counter(
    'postie_carrier_requests_total',
    'Calls to a carrier API, by outcome (ok or the error code).',
    ['adapter', 'outcome'],
  );
  const latency = new Histogram({
    name: 'postie_carrier_request_duration_seconds',
    help: 'How long a call to a carrier API took, answered or failed.',
    labelNames: ['adapter'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const laneWait = new Histogram({
    name: 'postie_lane_wait_seconds',
    help: 'How long a lookup waited in its carrier lane before it was first sent, by priority.',
    labelNames: ['adapter', 'priority'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    registers,
  });
  const lookups = counter(
    'postie_lookups_total',
    'Numbers looked up, by priority (background: polls) and outcome.',
    ['priority', 'outcome', 'code'],
  );
  const pollsDue = counter('postie_polls_due_total', 'Polls that came due and were taken off the schedule.');
  const pollsDone = counter('postie_polls_done_total', 'Polls done (background lookups answered or failed).');
  const notifications = counter(
    'postie_notifications_total',
    'Notifications delivered to chats, by result.',
    ['platform', 'result'],
  );
  const unreachable = counter(
    'postie_chats_unreachable_total',
    'Chats found unreachable (blocked the bot, left, deleted).',
    ['platform'],
  );
  const rateLimited = counter('postie_platform_rate_limited_total', 'Answers 429 from Telegram or Discord.', [
    'platform',
  ]);
  const storeErrors = counter(
    'postie_store_errors_total',
    'Store calls that failed because the store was away.',
  );

  const waiting = gauge('postie_lane_waiting', 'Lookups waiting in a carrier lane, by priority.', [
    'adapter',
    'priority',
  ]);
  const oldestWait = gauge(
    'postie_lane_oldest_wait_seconds',
    'How long the longest-waiting lookup of a lane has waited.',
    ['adapter', 'priority'],
  );
  const inFlight = gauge('postie_lane_in_flight', 'Carrier calls in flight.', ['adapter']);
  const breaker = gauge('postie_breaker_state', 'A carrier lane breaker: 1 for its current state.', [
    'adapter',
    'state',
  ]);
  const quotaUsed = gauge(
    'postie_quota_used',
    'Requests counted against a carrier limit: day, rolling_24h or a short window.',
    ['adapter', 'window'],
  );
  const quotaLeft = gauge('postie_quota_left', 'Requests left under a carrier limit.', ['adapter', 'window']);
  const credits = gauge(
    'postie_carrier_credits',
    'Account credits left, as the carrier account endpoint last said.',
    ['adapter'],
  );
  const subscriptions = gauge('postie_subscriptions', 'Subscriptions by state.', ['state']);
  const watched = gauge('postie_watched_numbers', 'Tracking numbers followed.');
  const outboxPending = gauge('postie_outbox_pending', 'Notifications recorded and not yet sent.');
  const outboxAge = gauge(
    'postie_outbox_oldest_age_seconds',
    'Age of the oldest notification waiting in the outbox (0 when none).',
  );
  const pollsDueNow = gauge('postie_polls_due', 'Followed numbers whose poll time has come.');
  const pollLag = gauge('postie_poll_lag_seconds', 'How late the most overdue poll is (0 when none is due).');
  const lastPass = gauge(
    'postie_last_poll_pass_timestamp_seconds',
    'When this instance last finished a poll pass.',
  );
  const storeUp = gauge('postie_store_up', '1 while the store answers, else 0.');

  const telemetry: Telemetry = {
    carrierRequest(adapter, outcome, seconds) {
      requests.inc({ adapter, outcome });
      latency.observe({ adapter }, seconds);
    },
    lookup(priority, outcome, code) {
      lookups.inc({ priority, outcome, code: code ?? 'none' });
      if (priority === 'background') pollsDone.inc();
    },
    laneWait: (adapter, priority, seconds) => laneWait.observe({ adapter, priority }, seconds),
    pollsClaimed: (count) => pollsDue.inc(count),
    pollPassEnded: (at) => lastPass.set(at / 1000),
    notification(platform, result) {
      notifications.inc({ platform, result });
      if (result === 'unreachable') unreachable.inc({ platform });
    },
    platformRateLimited: (platform) => rateLimited.inc({ platform }),
    storeError: () => storeErrors.inc(),
  };

  function setGauges(report: StatusReport, lane: (adapter: AdapterId) => LaneStats | undefined) {
    storeUp.set(report.store.state === 'ready' ? 1 : 0);
    for (const carrier of report.carriers) {
      const { adapter } = carrier;
      const limits = [
        ...(carrier.day ? [['day', carrier.day] as const] : []),
        ...(carrier.rollingDay ? [['rolling_24h', carrier.rollingDay] as const] : []),
        ...carrier.windows.map((w) => [`${w.windowMs / 1000}s`, w] as const),
      ];
      for (const [window, use] of limits) {
        quotaUsed.set({ adapter, window }, use.used);
        quotaLeft.set({ adapter, window }, use.left);
      }
      if (carrier.credits) credits.set({ adapter }, carrier.credits.left);
      const stats = lane(adapter);
      if (!stats) continue;
      for (const priority of ['interactive', 'background'] as const) {
        waiting.set({ adapter, priority }, stats.waiting[priority]);
        oldestWait.set({ adapter, priority }, stats.oldestWaitMs[priority] / 1000);
      }
      inFlight.set({ adapter }, stats.inFlight);
      for (const state of BREAKER_STATES) breaker.set({ adapter, state }, stats.breaker === state ? 1 : 0);
    }
    const census = report.subscriptions;
    if (!census) return;
    for (const state of SUBSCRIPTION_STATES) subscriptions.set({ state }, census[state]);
    watched.set(census.watched);
    outboxPending.set(census.outboxPending);
    outboxAge.set(
      census.outboxOldestAt === undefined ? 0 : Math.max(0, report.at - census.outboxOldestAt) / 1000,
    );
    pollsDueNow.set(census.pollsDue);
    pollLag.set(census.oldestDueAt === undefined ? 0 : Math.max(0, report.at - census.oldestDueAt) / 1000);
  }

  return {
    telemetry,
    contentType: registry.contentType,
    async exposition(report, lane) {
      setGauges(report, lane);
      return registry.metrics();
    },
  };
}
