import type { ServerResponse } from 'node:http';
import type { AdapterId } from '../domain/carrier.js';
import type { Handler, HttpServer } from '../http/http-server.js';
import type { LaneStats } from '../queue/lane.js';
import { carriesToken, REFUSED_HEADERS } from './bearer-token.js';
import { createMetricFamilies } from './metric-families.js';
import type { HourOfRequests, RequestHistory } from './request-history.js';
import { STATUS_PAGE_HEADERS, statusPage } from './status-page.js';
import type { StatusReporter } from './status-reporter.js';
import type { Telemetry } from './telemetry.js';

export interface OperatorViewsOptions {
  /** METRICS_TOKEN: what `/metrics`, `/status` and `/status.json` ask for, when set. */
  readonly token?: string;
}

/** What `postie start` shows operators: the metrics, the status page and its JSON. */
export interface OperatorViews {
  /** Every counted event, to the metrics. */
  readonly telemetry: Telemetry;
  /** When this instance last finished a poll pass (epoch ms). */
  lastPollPassAt(): number | undefined;
  /**
   * Registers `GET /metrics` (Prometheus text format), `GET /status` (the HTML page) and `GET
   * /status.json` (what `postie status` reads), each behind the token when one is set: 401 otherwise.
   * The page's charts are read from `history`.
   */
  routes(
    http: HttpServer,
    reporter: StatusReporter,
    lane: (adapter: AdapterId) => LaneStats | undefined,
    history: RequestHistory,
  ): void;
}

/**
 * Loaded by the app builder for `postie start` only: it is what loads prom-client, so no other
 * command pays for it.
 */
export function createOperatorViews(options: OperatorViewsOptions): OperatorViews {
  const metrics = createMetricFamilies();
  let lastPass: number | undefined;
  const telemetry: Telemetry = {
    ...metrics.telemetry,
    pollPassEnded(at) {
      lastPass = at;
      metrics.telemetry.pollPassEnded(at);
    },
  };

  return {
    telemetry,
    lastPollPassAt: () => lastPass,
    routes(http, reporter, lane, history) {
      const report = () => reporter.report();
      const guarded =
        (answer: (res: ServerResponse) => Promise<void>): Handler =>
        async (req, res) => {
          if (!carriesToken(req, options.token)) {
            res.writeHead(401, REFUSED_HEADERS).end(JSON.stringify({ error: 'unauthorized' }));
            return;
          }
          await answer(res);
        };
      http.route(
        'GET',
        '/metrics',
        guarded(async (res) => {
          const text = await metrics.exposition(await report(), lane);
          res.writeHead(200, { 'content-type': metrics.contentType }).end(text);
        }),
      );
      http.route(
        'GET',
        '/status',
        guarded(async (res) => {
          const taken = await report();
          const charts = new Map<string, readonly HourOfRequests[] | undefined>(
            await Promise.all(
              taken.carriers.map(
                async (c) =>
                  [c.adapter, await history.hours(c.adapter, c.day && { timeZone: c.day.timeZone })] as const,
              ),
            ),
          );
          res.writeHead(200, STATUS_PAGE_HEADERS).end(statusPage(taken, charts));
        }),
      );
      http.route(
        'GET',
        '/status.json',
        guarded(async (res) => {
          res
            .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
            .end(JSON.stringify(await reporter.report({ history: true })));
        }),
      );
    },
  };
}
