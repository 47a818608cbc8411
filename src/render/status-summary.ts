import type { Block, Reply } from '../domain/reply.js';
import type { CarrierStatus, QuotaUse, StatusReport, SubscriptionCensus } from '../domain/status-report.js';
import { agoFor } from './relative-time.js';
import type { RenderContext } from './render-context.js';
import { blockOf, bold, compact } from './spans.js';
import { intlLocale } from './times.js';

/**
 * The admin `/status`: per carrier its quota used and left today and in its windows, its queue and
 * breaker; then the store, the subscriptions by state, the outbox and the last poll pass. Only the
 * asker sees it on platforms that can. Counts only: no chat and no tracking number.
 */
export function statusReply(report: StatusReport, ctx: RenderContext): Reply {
  const n = (value: number) => new Intl.NumberFormat(intlLocale(ctx.locale)).format(value);
  return {
    blocks: compact(
      blockOf('heading', bold(ctx.t('status.title'))),
      blockOf('note', ctx.t(report.source === 'instance' ? 'status.source_instance' : 'status.source_store')),
      blockOf(
        'line',
        ctx.t('status.store', {
          kind: ctx.t(`status.kind_${report.store.kind}`),
          state: ctx.has(`status.state_${report.store.state}`)
            ? ctx.t(`status.state_${report.store.state}`)
            : report.store.state,
        }),
      ),
      report.carriers.length === 0 ? blockOf('line', ctx.t('status.no_carriers')) : undefined,
      report.carriers.flatMap((carrier) => carrierBlocks(carrier, ctx, n)),
      report.subscriptions
        ? censusBlocks(report.subscriptions, ctx, n)
        : blockOf('line', ctx.t('status.store_unreadable')),
      blockOf(
        'line',
        ctx.t('status.last_poll_pass', {
          when:
            report.lastPollPassAt === undefined ? ctx.t('status.never') : agoFor(report.lastPollPassAt, ctx),
        }),
      ),
      report.leases ? leaseBlocks(report.leases, ctx) : undefined,
    ),
    private: true,
  };
}

type Format = (value: number) => string;

const use = (quota: QuotaUse, n: Format) => ({
  used: n(quota.used),
  limit: n(quota.limit),
  left: n(quota.left),
});

function carrierBlocks(carrier: CarrierStatus, ctx: RenderContext, n: Format): (Block | undefined)[] {
  const name = ctx.has(`services.${carrier.adapter}`)
    ? ctx.t(`services.${carrier.adapter}`)
    : carrier.adapter;
  return [
    blockOf('line', bold(name)),
    carrier.day
      ? blockOf('line', ctx.t('status.quota_day', use(carrier.day, n)))
      : blockOf('note', ctx.t('status.no_daily_quota')),
    carrier.rollingDay && blockOf('line', ctx.t('status.quota_rolling', use(carrier.rollingDay, n))),
    ...carrier.windows.map((w) =>
      blockOf('line', ctx.t('status.quota_window', { ...use(w, n), window: windowText(w.windowMs, ctx) })),
    ),
    carrier.credits && blockOf('line', ctx.t('status.credits', { left: n(carrier.credits.left) })),
    carrier.requestsLastDay === undefined
      ? undefined
      : carrier.requestsLastDay === 'unavailable'
        ? blockOf('note', ctx.t('status.requests_day_unavailable'))
        : blockOf(
            'line',
            ctx.t('status.requests_day', {
              count: carrier.requestsLastDay,
              sent: n(carrier.requestsLastDay),
            }),
          ),
    carrier.queue &&
      blockOf(
        'line',
        ctx.t('status.queue', {
          interactive: n(carrier.queue.interactive),
          background: n(carrier.queue.background),
          inFlight: n(carrier.queue.inFlight),
        }),
        ' · ',
        ctx.t(`status.breaker_${carrier.queue.breaker}`),
      ),
  ];
}

function censusBlocks(census: SubscriptionCensus, ctx: RenderContext, n: Format): (Block | undefined)[] {
  return [
    blockOf(
      'line',
      ctx.t('status.subscriptions', {
        active: n(census.active),
        expired: n(census.expired),
        inactive: n(census.inactive),
        watched: n(census.watched),
      }),
    ),
    blockOf(
      'line',
      census.outboxOldestAt === undefined
        ? ctx.t('status.outbox_empty')
        : ctx.t('status.outbox', {
            pending: n(census.outboxPending),
            since: agoFor(census.outboxOldestAt, ctx),
          }),
    ),
    blockOf('line', ctx.t('status.polls_due', { due: n(census.pollsDue) })),
  ];
}

/** With several instances: which are running, and which holds each front-end held by one at a time. */
function leaseBlocks(leases: NonNullable<StatusReport['leases']>, ctx: RenderContext): (Block | undefined)[] {
  const instances = leases.filter((l) => l.name.startsWith('instance:')).map((l) => l.holder);
  const held = leases.filter((l) => !l.name.startsWith('instance:'));
  return [
    instances.length > 0
      ? blockOf('line', ctx.t('status.instances', { list: instances.join(', ') }))
      : undefined,
    ...held.map(({ name, holder }) => {
      // `telegram-polling:<bot id>` → `status.lease_telegram-polling`.
      const kind = name.split(':')[0] ?? name;
      const key = `status.lease_${kind}`;
      return blockOf(
        'line',
        ctx.has(key) ? ctx.t(key, { holder }) : ctx.t('status.lease_other', { name, holder }),
      );
    }),
  ];
}

/** `1 s`, `1 min`, `1 h` in the reader's language. */
function windowText(windowMs: number, ctx: RenderContext): string {
  const unit = windowMs % 3_600_000 === 0 ? 'hour' : windowMs % 60_000 === 0 ? 'minute' : 'second';
  const size = { hour: 3_600_000, minute: 60_000, second: 1_000 }[unit];
  return new Intl.NumberFormat(intlLocale(ctx.locale), { style: 'unit', unit, unitDisplay: 'short' }).format(
    windowMs / size,
  );
}
