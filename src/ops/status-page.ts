import type { CarrierStatus, QuotaUse, StatusReport } from '../domain/status-report.js';
import type { HourOfRequests } from './request-history.js';
import { escapeHtml, requestsChart } from './svg-chart.js';

/**
 * The status page (`GET /status`): the facts of `postie status` as one server-rendered HTML page, with a
 * chart per carrier of its requests and quota over the last 24 hours. No script and no front-end
 * framework; a strict content security policy goes with it (`STATUS_PAGE_HEADERS`). Times are UTC.
 * `charts` has each carrier's last 24 hours (`RequestHistory.hours`), undefined where the store could
 * not be read.
 */
export function statusPage(
  report: StatusReport,
  charts: ReadonlyMap<string, readonly HourOfRequests[] | undefined>,
): string {
  const census = report.subscriptions;
  const rows = report.carriers.map((c) => carrierSection(c, charts.get(c.adapter))).join('');
  const subscriptions = census
    ? `<table id="subscriptions"><tr><th>Active</th><td>${census.active}</td></tr><tr><th>Expired</th><td>${census.expired}</td></tr><tr><th>Inactive</th><td>${census.inactive}</td></tr><tr><th>Parcels followed</th><td>${census.watched}</td></tr><tr><th>Outbox waiting</th><td>${census.outboxPending}</td></tr><tr><th>Oldest waiting since</th><td>${time(census.outboxOldestAt)}</td></tr><tr><th>Polls due now</th><td>${census.pollsDue}</td></tr><tr><th>Most overdue poll since</th><td>${time(census.oldestDueAt)}</td></tr><tr><th>Last poll pass</th><td>${time(report.lastPollPassAt)}</td></tr></table>`
    : '<p id="subscriptions">The store could not be read.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Postie status</title><style>${STYLE}</style></head>
<body><h1>Postie status</h1>
<p>At ${time(report.at)} · store ${escapeHtml(report.store.kind)}: <b id="store-state">${escapeHtml(report.store.state)}</b></p>
<h2>Carriers</h2>${rows || '<p>No carrier is configured.</p>'}
<h2>Subscriptions</h2>${subscriptions}${leasesSection(report)}
<p class="note">Charts: requests sent per hour by every Postie sharing this store (bars) and the carrier's daily quota use at each hour's end (line), over the last 24 hours.</p>
</body></html>`;
}

/** With several instances on one Redis: each lease held now and the instance holding it. */
function leasesSection(report: StatusReport): string {
  if (!report.leases) return '';
  const rows = report.leases
    .map((l) => `<tr><th>${escapeHtml(l.name)}</th><td>${escapeHtml(l.holder)}</td></tr>`)
    .join('');
  return `<h2>Instances and leases</h2><table id="leases">${rows || '<tr><td>No lease is held.</td></tr>'}</table>`;
}

/** No script may run, nothing may load from elsewhere. */
export const STATUS_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
} as const;

function carrierSection(carrier: CarrierStatus, hours: readonly HourOfRequests[] | undefined): string {
  const id = escapeHtml(carrier.adapter);
  const quotas = [
    carrier.day && row(`Today (${escapeHtml(carrier.day.timeZone)})`, carrier.day),
    carrier.rollingDay && row('Last 24 hours', carrier.rollingDay),
    ...carrier.windows.map((w) => row(`Per ${w.windowMs / 1000} s`, w)),
  ]
    .filter(Boolean)
    .join('');
  const queue = carrier.queue
    ? `<p>Queue: ${carrier.queue.interactive} for people, ${carrier.queue.background} polls, ${carrier.queue.inFlight} in flight · breaker <b class="breaker">${carrier.queue.breaker}</b></p>`
    : '';
  const credits = carrier.credits ? `<p>Account credits left: ${carrier.credits.left}</p>` : '';
  const chart = hours
    ? requestsChart(hours, {
        label: `${carrier.adapter}: requests per hour over the last 24 hours`,
        ...(carrier.day ? { quotaLimit: carrier.day.limit } : {}),
      })
    : '<p class="history-unavailable">The request history is unavailable: the store could not be read.</p>';
  return `<section class="carrier" id="carrier-${id}"><h3>${id}</h3><table>${quotas || '<tr><td>No quota</td></tr>'}</table>${queue}${credits}${chart}</section>`;
}

const row = (label: string, use: QuotaUse) =>
  `<tr><th>${label}</th><td>${use.used} of ${use.limit} used</td><td>${use.left} left</td></tr>`;

const time = (ms: number | undefined) =>
  ms === undefined ? '—' : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin:.3rem 0}th,td{padding:.15rem .6rem;text-align:left;border-bottom:1px solid #eee}
.carrier{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:.6rem 0;max-width:40rem}
.chart .bar{fill:#4a7fc1}.chart .quota{stroke:#c1464a;stroke-width:2}.note{color:#666}`;
