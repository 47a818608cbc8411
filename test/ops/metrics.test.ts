import { afterEach, describe, expect, it } from 'vitest';
import { EMS_TO_UK, NO_RECORD, SEED_DELIVERED } from '../../src/carriers/hongkong-post/sandbox-parcels.js';
import { HOUR_MS } from '../../src/carriers/sandbox-kit/timeline.js';
import { type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { METRICS_TOKEN, type OpsRig, startOpsRig } from './ops-harness.js';

/**
 * Each metric family moves when its event happens, through the real paths: a person's lookup through
 * the fake Bot API, the Hongkong Post sandbox answering or failing, a subscription polled as the
 * sandbox's parcel moves on the manual clock, its notification delivered, refused (a blocked chat) or
 * answered 429.
 */
let rig: OpsRig | undefined;
let redis: RedisServer | undefined;
afterEach(async () => {
  await rig?.close();
  await redis?.stop();
  rig = redis = undefined;
});

const HK = { adapter: 'hongkong-post' };

describe('/metrics', () => {
  it('answers 401 without the token, or with a wrong one, and never logs the token', async () => {
    rig = await startOpsRig();
    const refused = await rig.get('/metrics', null);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('Bearer');
    expect((await rig.get('/metrics', `${METRICS_TOKEN}x`)).status).toBe(401);
    expect((await rig.get('/status', 'wrong-token-0123456789')).status).toBe(401);
    expect((await rig.get('/status.json', null)).status).toBe(401);
    const basic = await fetch(`${rig.base}/status`, {
      headers: { authorization: `Basic ${Buffer.from(`ops:${METRICS_TOKEN}`).toString('base64')}` },
    });
    expect(basic.status).toBe(200);
    const ok = await rig.get('/metrics');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
    expect(ok.text).toContain('process_cpu_user_seconds_total');
    expect(ok.text).toContain('nodejs_eventloop_lag_seconds');
    expect(JSON.stringify(rig.lines)).not.toContain(METRICS_TOKEN);
  });

  it('counts carrier requests by outcome, their latency, lookups, quota and the lane', async () => {
    rig = await startOpsRig();
    expect(await rig.sample('postie_carrier_requests_total', { ...HK, outcome: 'ok' })).toBe(0);
    expect(await rig.ask(1, SEED_DELIVERED)).toContain('Hongkong Post');
    expect(await rig.sample('postie_carrier_requests_total', { ...HK, outcome: 'ok' })).toBe(1);
    expect(await rig.sample('postie_carrier_request_duration_seconds_count', HK)).toBe(1);
    expect(
      await rig.sample('postie_lookups_total', { priority: 'interactive', outcome: 'found', code: 'none' }),
    ).toBe(1);
    expect(await rig.sample('postie_quota_used', { ...HK, window: 'day' })).toBe(1);
    expect(await rig.sample('postie_quota_left', { ...HK, window: 'day' })).toBe(99_999);
    expect(await rig.sample('postie_lane_waiting', { ...HK, priority: 'interactive' })).toBe(0);
    expect(await rig.sample('postie_lane_wait_seconds_count', { ...HK, priority: 'interactive' })).toBe(1);
    expect(await rig.sample('postie_breaker_state', { ...HK, state: 'closed' })).toBe(1);
    // TrackingMore's account, read from its account endpoint at start.
    const trackingmore = rig.sandboxes.servers.trackingmore;
    await expect.poll(() => rig?.sample('postie_carrier_credits', { adapter: 'trackingmore' })).toBe(10_000);
    expect(trackingmore.requests.filter((r) => r.path.endsWith('/trackings/getuserinfo'))).toHaveLength(1);

    await rig.ask(2, NO_RECORD);
    expect(
      await rig.sample('postie_lookups_total', {
        priority: 'interactive',
        outcome: 'not_found',
        code: 'none',
      }),
    ).toBe(1);

    rig.sandboxes.servers['hongkong-post'].faults.inject({ kind: 'status', status: 503 }, { times: 2 });
    await rig.ask(3, EMS_TO_UK);
    expect(await rig.sample('postie_carrier_requests_total', { ...HK, outcome: 'unavailable' })).toBe(2);
    expect(
      await rig.sample('postie_lookups_total', {
        priority: 'interactive',
        outcome: 'failed',
        code: 'unavailable',
      }),
    ).toBe(1);
    expect(await rig.sample('postie_carrier_request_duration_seconds_count', HK)).toBe(4);
    // Each lookup's wait once, however many times it was sent.
    expect(await rig.sample('postie_lane_wait_seconds_count', { ...HK, priority: 'interactive' })).toBe(3);
  });

  it('counts subscriptions, polls due and done, notifications sent, unreachable chats and 429s', async () => {
    rig = await startOpsRig();
    const { telegram, clock } = rig;
    expect(await rig.ask(10, `/subscribe ${EMS_TO_UK}`)).toContain(EMS_TO_UK);
    expect(await rig.ask(11, `/subscribe ${EMS_TO_UK}`)).toContain(EMS_TO_UK);
    expect(await rig.sample('postie_subscriptions', { state: 'active' })).toBe(2);
    expect(await rig.sample('postie_watched_numbers')).toBe(1);
    expect(await rig.sample('postie_polls_due')).toBe(0);

    // The parcel arrives in the UK 12 hours on; chat 11 has blocked the bot; Telegram answers 429 once.
    clock.advance(13 * HOUR_MS);
    expect(await rig.sample('postie_polls_due')).toBe(1);
    expect(await rig.sample('postie_poll_lag_seconds')).toBeGreaterThan(0);
    telegram.state.blocked.add(11);
    telegram.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    const polled = rig.app.bot.engine.runDue();
    expect(await polled).toBe(1);
    await rig.app.bot.engine.idle();
    expect(await rig.sample('postie_platform_rate_limited_total', { platform: 'telegram' })).toBe(1);

    expect(await rig.sample('postie_polls_due_total')).toBe(1);
    expect(await rig.sample('postie_polls_done_total')).toBe(1);
    expect(
      await rig.sample('postie_lookups_total', { priority: 'background', outcome: 'found', code: 'none' }),
    ).toBe(1);
    expect(await rig.sample('postie_last_poll_pass_timestamp_seconds')).toBeGreaterThan(0);
    expect(await rig.sample('postie_notifications_total', { platform: 'telegram', result: 'sent' })).toBe(1);
    expect(
      await rig.sample('postie_notifications_total', { platform: 'telegram', result: 'unreachable' }),
    ).toBe(1);
    expect(await rig.sample('postie_chats_unreachable_total', { platform: 'telegram' })).toBe(1);
    expect(telegram.messagesIn(10).at(-1)?.text).toContain(EMS_TO_UK);
    // Chat 11 stopped following; nothing waits in the outbox (the census is read afresh after 15 s).
    clock.advance(20_000);
    expect(await rig.sample('postie_subscriptions', { state: 'inactive' })).toBe(1);
    expect(await rig.sample('postie_outbox_pending')).toBe(0);
    expect(await rig.sample('postie_polls_due')).toBe(0);
  });

  it('counts store errors while the store is away, and says it is down', async () => {
    redis = await startRedisServer();
    rig = await startOpsRig({ storeUrl: redis.url });
    expect(await rig.sample('postie_store_up')).toBe(1);
    expect(await rig.sample('postie_store_errors_total')).toBe(0);
    await redis.stop();
    await expect.poll(() => rig?.sample('postie_store_up')).toBe(0);
    expect(await rig.ask(30, '/list')).toContain('temporarily unavailable');
    expect(await rig.sample('postie_store_errors_total')).toBeGreaterThan(0);
  });

  it('never labels a sample with a chat or a tracking number', async () => {
    rig = await startOpsRig();
    await rig.ask(20, `/subscribe ${EMS_TO_UK}`);
    await rig.ask(21, SEED_DELIVERED);
    const { text } = await rig.get('/metrics');
    expect(text).not.toContain(EMS_TO_UK);
    expect(text).not.toContain(SEED_DELIVERED);
    expect(text).not.toMatch(/telegram:\d/);
    for (const line of text.split('\n').filter((l) => l.startsWith('postie_'))) {
      expect(line).toMatch(
        /^postie_[a-z_]+(\{[a-z_]+="[a-zA-Z0-9._:+-]*"(,[a-z_]+="[a-zA-Z0-9._:+-]*")*\})? [0-9.e+-]+$/,
      );
    }
  });
});
