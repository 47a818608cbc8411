import * as z from 'zod';
import type { StatusReport } from '../domain/status-report.js';

/**
 * `/status.json` as `postie status` reads it from whatever answers on HTTP_PORT: checked, so that
 * another service on the port (or an older Postie) is "no instance", never a crash while rendering.
 */
const count = z.number().int().nonnegative();
const quota = z.object({ used: count, limit: count, left: z.number().int() });

const StatusReportSchema = z.object({
  at: z.number(),
  source: z.enum(['instance', 'store']),
  store: z.object({ kind: z.enum(['embedded', 'shared']), state: z.string().max(40) }),
  carriers: z
    .array(
      z.object({
        adapter: z.string().regex(/^[a-z0-9-]{1,40}$/),
        day: quota.extend({ timeZone: z.string().max(64) }).optional(),
        rollingDay: quota.optional(),
        windows: z.array(quota.extend({ windowMs: count })).max(20),
        queue: z
          .object({
            interactive: count,
            background: count,
            inFlight: count,
            breaker: z.enum(['closed', 'open', 'half-open']),
          })
          .optional(),
        credits: z.object({ left: z.number(), at: z.number() }).optional(),
        requestsLastDay: z.union([count, z.literal('unavailable')]).optional(),
      }),
    )
    .max(50),
  subscriptions: z
    .object({
      active: count,
      expired: count,
      inactive: count,
      watched: count,
      outboxPending: count,
      outboxOldestAt: z.number().optional(),
      pollsDue: count,
      oldestDueAt: z.number().optional(),
      lastPolledAt: z.number().optional(),
    })
    .optional(),
  lastPollPassAt: z.number().optional(),
  leases: z
    .array(z.object({ name: z.string().max(200), holder: z.string().max(200) }))
    .max(200)
    .optional(),
});

/** The report in `body`, or undefined when it is not one. */
export function parseStatusReport(body: unknown): StatusReport | undefined {
  const parsed = StatusReportSchema.safeParse(body);
  return parsed.success ? (parsed.data as StatusReport) : undefined;
}
