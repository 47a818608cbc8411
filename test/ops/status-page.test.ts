import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EMS_TO_UK, SEED_DELIVERED } from '../../src/carriers/hongkong-post/sandbox-parcels.js';
import { type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { METRICS_TOKEN, type OpsRig, startOpsRig } from './ops-harness.js';

/**
 * The status page in a real browser: Debian's Chromium driven by playwright-core. CI installs it
 * (`.ci/run`); a machine without it fails here, saying so, rather than skipping the page.
 */
const CHROMIUM = '/usr/bin/chromium';
let browser: Browser;
let rig: OpsRig | undefined;
let other: OpsRig | undefined;
let redis: RedisServer | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the status page is tested in Chromium (apt-get install -y chromium)`,
    );
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await rig?.close();
  await other?.close();
  await redis?.stop();
  rig = other = redis = undefined;
});

describe('the status page', () => {
  it('shows each carrier with its quota, queue and a chart of its requests, the subscriptions and the store', async () => {
    rig = await startOpsRig();
    await rig.ask(1, SEED_DELIVERED);
    await rig.ask(2, `/subscribe ${EMS_TO_UK}`);
    const context = await browser.newContext({
      extraHTTPHeaders: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));

    const response = await page.goto(`${rig.base}/status`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('Postie status');
    expect(await page.textContent('#store-state')).toBe('ready');
    const hongkong = page.locator('#carrier-hongkong-post');
    expect(await hongkong.locator('h3').textContent()).toBe('hongkong-post');
    expect(await hongkong.textContent()).toContain('2 of 100000 used');
    expect(await hongkong.locator('.breaker').textContent()).toBe('closed');

    // 24 hourly bars; the current hour's (the last) is the only one drawn, with both requests in it.
    const bars = hongkong.locator('svg.chart rect.bar');
    expect(await bars.count()).toBe(24);
    const heights = await bars.evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().height));
    expect(heights.slice(0, 23).every((h) => h === 0)).toBe(true);
    expect(heights[23]).toBeGreaterThan(0);
    expect(await bars.last().locator('title').textContent()).toContain('2 requests');
    expect(await hongkong.locator('svg.chart polyline.quota').count()).toBe(1);
    expect(await page.locator('#carrier-nz-post svg.chart').count()).toBe(1);

    expect(await page.textContent('#subscriptions')).toContain('Active1');
    expect(await page.content()).not.toContain(EMS_TO_UK);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("charts every instance's requests from the shared Redis, and still opens with the store away", async () => {
    redis = await startRedisServer();
    rig = await startOpsRig({ storeUrl: redis.url });
    other = await startOpsRig({ storeUrl: redis.url });
    // One request from each instance (the other's through its tracking service: one instance polls Telegram).
    await rig.app.lookups.tracking.trackNumbers([SEED_DELIVERED], { locale: 'en' });
    await other.app.lookups.tracking.trackNumbers([EMS_TO_UK], { locale: 'en' });
    const context = await browser.newContext({
      extraHTTPHeaders: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const page = await context.newPage();

    for (const base of [rig.base, other.base]) {
      expect((await page.goto(`${base}/status`))?.status()).toBe(200);
      const hongkong = page.locator('#carrier-hongkong-post');
      expect(await hongkong.textContent()).toContain('2 of 100000 used');
      // Summed over the bars: the two requests may fall either side of an hour's turn.
      const titles = await hongkong.locator('svg.chart rect.bar title').allTextContents();
      expect(titles).toHaveLength(24);
      expect(titles.reduce((sum, t) => sum + Number(/: (\d+) requests/.exec(t)?.[1]), 0)).toBe(2);
    }

    await redis.stop();
    await expect.poll(() => rig?.app.store.state).toBe('unavailable');
    expect((await page.goto(`${rig.base}/status`))?.status()).toBe(200);
    expect(await page.textContent('#store-state')).toBe('unavailable');
    const hongkong = page.locator('#carrier-hongkong-post');
    expect(await hongkong.locator('svg.chart').count()).toBe(0);
    expect(await hongkong.locator('.history-unavailable').textContent()).toContain(
      'The request history is unavailable',
    );
    await context.close();
  });

  it('asks a browser without the token for it (401 with Basic offered), and opens with it as the password', async () => {
    rig = await startOpsRig();
    const anonymous = await browser.newContext();
    // A navigation would stop at the browser's password prompt: the browser's own request shows the answer.
    const refused = await anonymous.request.get(`${rig.base}/status`);
    expect(refused.status()).toBe(401);
    expect(refused.headers()['www-authenticate']).toContain('Basic');
    expect(await refused.text()).not.toContain('Postie status');
    await anonymous.close();

    const person = await browser.newContext({
      httpCredentials: { username: 'ops', password: METRICS_TOKEN },
    });
    const page = await person.newPage();
    expect((await page.goto(`${rig.base}/status`))?.status()).toBe(200);
    expect(await page.locator('section.carrier').count()).toBe(4);
    await person.close();
  });
});
