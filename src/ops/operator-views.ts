import type { ServerResponse } from 'node:http';
import type { AdapterId } from '../domain/carrier.js';
import type { Handler, HttpServer } from '../http/http-server.js';
import type { LaneStats } from '../queue/lane.js';
import type { Clock } from '../time/clock.js';
import { carriesToken, REFUSED_HEADERS } from './bearer-token.js';
import { createMetricFamilies } from './metric-families.js';
import { createRequestHistory, type RequestHistory } from './request-history.js';
import { STATUS_PAGE_HEADERS, statusPage } from './status-page.js';
import type { StatusReporter } from './status-reporter.js';
import type { Telemetry } from './telemetry.js';

export interface OperatorViewsOptions {
  /** METRICS_TOKEN: what `/metrics`, `/status` and `/status.json` ask for, when set. */
  readonly token?: string;
  /** What the request history's hours are counted on: real time. */
  readonly clock: Clock;
}

/** What `postie start` shows operators: the metrics, the status page and its JSON. */
export interface OperatorViews {
  /** Every counted event: to the metrics, and the requests to the status page's charts. */
  readonly telemetry: Telemetry;
  /** When this instance last finished a poll pass (epoch ms). */
  lastPollPassAt(): number | undefined;
  /**
   * Registers `GET /metrics` (Prometheus text format), `GET /status` (the HTML page) and `GET
   * /status.json` (what `postie status` reads), each behind the token when one is set: 401 otherwise.
   */
  routes(
    http: HttpServer,
    reporter: StatusReporter,
    lane: (adapter: AdapterId) => LaneStats | undefined,
  ): void;
}

/**
 * Loaded by the app builder for `postie start` only: it is what loads prom-client, so no other
 * command pays for it.
 */
export function createOperatorViews(options: OperatorViewsOptions): OperatorViews {
  const metrics = createMetricFamilies();
  const history: RequestHistory = createRequestHistory(options.clock);
  let lastPass: number | undefined;
  const telemetry: Telemetry = {
    ...metrics.telemetry,
    carrierRequest(adapter, outcome, seconds) {
      metrics.telemetry.carrierRequest(adapter, outcome, seconds);
      history.request(adapter);
    },
    pollPassEnded(at) {
      lastPass = at;
      metrics.telemetry.pollPassEnded(at);
    },
  };

  return {
    telemetry,
    lastPollPassAt: () => lastPass,
    routes(http, reporter, lane) {
      const report = async () => {
        const taken = await reporter.report();
        for (const carrier of taken.carriers)
          if (carrier.day) history.quotaUsed(carrier.adapter, carrier.day.used);
        return taken;
      };
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
          res.writeHead(200, STATUS_PAGE_HEADERS).end(statusPage(await report(), history));
        }),
      );
      http.route(
        'GET',
        '/status.json',
        guarded(async (res) => {
          res
            .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
            .end(JSON.stringify(await report()));
        }),
      );
    },
  };
}
