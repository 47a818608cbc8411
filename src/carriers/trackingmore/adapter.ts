import type { AdapterDeps, CarrierAdapter, LaneLimits } from '../adapter.js';
import { createTrackingmoreClient } from './client.js';
import { interpretAccount } from './response.js';
import type { TrackingmoreSettings } from './settings.js';
import { createTrackingmoreTracker } from './tracker.js';

/** The TrackingMore API v2 adapter (seed 004), within `limits` (its manifest's). */
export function createTrackingmoreAdapter(
  settings: TrackingmoreSettings,
  deps: AdapterDeps,
  limits: LaneLimits,
): CarrierAdapter {
  if (/\/v4\/?$/.test(settings.baseUrl)) {
    deps.logger.warn(
      { adapter: 'trackingmore' },
      'TrackingMore API v4 is not supported yet: set a /v2 base URL',
    );
  }
  const client = createTrackingmoreClient(settings, {
    http: deps.http,
    timeoutMs: deps.requestTimeoutMs ?? limits.requestTimeoutMs,
    keyHeader: 'Trackingmore-Api-Key',
  });
  return {
    ...createTrackingmoreTracker(client, deps),
    // "Get account info" (seed 004): one GET, asked rarely (hourly), outside the realtime lane.
    credits: async (signal) => interpretAccount(await client.get('/trackings/getuserinfo', signal)),
  };
}
