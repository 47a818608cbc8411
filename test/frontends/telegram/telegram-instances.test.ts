import { createClient } from '@redis/client';
import type { Update } from 'telegraf/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { announcePresence, type InstancePresence, instanceId } from '../../../src/store/instance-presence.js';
import { openStoreBackend } from '../../../src/store/open-store-backend.js';
import type { StoreBackend } from '../../../src/store/store-backend.js';
import { createManualClock, type ManualClock } from '../../../src/time/manual-clock.js';
import { type BotRig, startBotRig } from '../../helpers/bot-rig.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { testRedisUrl } from '../../helpers/test-redis.js';
import { type FakeTelegram, startFakeTelegram } from './fake-telegram.js';
import { privateChat, type RunningTelegram, startTelegram, TOKEN, user } from './telegram-harness.js';

/**
 * Several instances of the Telegram front-end on one Redis (the run's own, a database of this file's
 * own) against one fake Bot API. Each instance has its own store connection, its own presence and its
 * own manual clock for its leases: an instance whose clock stops moving is one that was killed. A lease
 * that ran out is deleted from Redis by the test, as Redis's expiry would, without waiting real seconds.
 */

const REDIS_DB = 41;
const LEASE_MS = 15_000;
const SECRET = 'instances-secret_0123456789';
const { logger } = captureLogger('silent');

let rig: BotRig;
/** Looks at the keys, and expires a lease as Redis would once its holder stopped renewing it. */
const admin = createClient({ url: testRedisUrl(REDIS_DB) });
beforeAll(async () => {
  rig = await startBotRig();
  await admin.connect();
  await admin.flushDb();
});
afterAll(async () => {
  await admin.close();
  await rig.close();
});
const expire = (lease: string) => admin.del(`postie:lease:${lease}`);

interface Instance {
  readonly store: StoreBackend;
  readonly presence: InstancePresence;
  readonly clock: ManualClock;
  readonly running: RunningTelegram;
}

const opened: Instance[] = [];
let fake: FakeTelegram | undefined;
afterEach(async () => {
  for (const instance of opened.splice(0)) {
    await instance.running.close();
    await instance.presence.stop();
    await instance.store.close();
  }
  await fake?.close();
  fake = undefined;
  // Each fake numbers its updates from the same id: the next test's must not read as copies.
  await admin.flushDb();
});

async function startInstance(
  telegram: FakeTelegram,
  name: string,
  options: { webhook?: boolean; logger?: typeof logger } = {},
): Promise<Instance> {
  const store = await openStoreBackend(testRedisUrl(REDIS_DB));
  const clock = createManualClock(Date.now());
  const presence = announcePresence({
    leases: store.leases,
    shared: true,
    self: instanceId(name),
    clock,
    leaseMs: LEASE_MS,
    logger,
  });
  const running = await startTelegram({
    core: rig.core,
    logger: options.logger ?? logger,
    store,
    fake: telegram,
    presence,
    deadlineClock: createManualClock(Date.now()),
    ...(options.webhook ? { webhook: { url: 'https://postie.example/hooks', secret: SECRET } } : {}),
  });
  const instance = { store, presence, clock, running };
  opened.push(instance);
  return instance;
}

const pollingState = (instance: Instance) => instance.running.frontend.lease?.()?.state;
const botSaid = (telegram: FakeTelegram, chatId: number) =>
  telegram.messagesIn(chatId).filter((m) => m.fromBot);
const sendsTo = (telegram: FakeTelegram, chatId: number) =>
  telegram.calls.filter((c) => c.method === 'sendMessage' && Number(c.body['chat_id']) === chatId).length;

/** Moves an instance's lease clock a beat (a third of the lease) at a time until `check` holds. */
async function beatUntil(instance: Instance, telegram: FakeTelegram, check: () => boolean): Promise<void> {
  await telegram.waitFor(() => {
    if (check()) return true;
    void instance.clock.advance(LEASE_MS / 3);
    return false;
  });
}

/**
 * Steady, an instance waits on its lease clock three times: its presence's beat, the front-end lease's
 * beat, and the next look for what a dead instance left. Fewer: a store call is under way.
 */
const asleep = (instance: Instance) =>
  expect.poll(() => instance.clock.pending, { timeout: 10_000, interval: 5 }).toBe(3);

/** One beat (a third of the lease) on each instance's clock, each once its store calls are over. */
async function beat(...instances: Instance[]): Promise<void> {
  for (const instance of instances) {
    await asleep(instance);
    await instance.clock.advance(LEASE_MS / 3);
    await asleep(instance);
  }
}

async function post(instance: Instance, update: Update): Promise<number> {
  const path = new URL(instance.running.fake.state.webhook?.url ?? 'https://unset.invalid/').pathname.replace(
    /^\/hooks/,
    '',
  );
  const response = await fetch(`${instance.running.localUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
  await response.text();
  return response.status;
}

describe('Telegram long polling across instances', () => {
  it('without a lease, two pollers cut each other short with 409 (what the lease is for)', async () => {
    const telegram = await startFakeTelegram({ token: TOKEN });
    fake = telegram;
    const [a, b] = [
      await startTelegram({ core: rig.core, logger, fake: telegram }),
      await startTelegram({ core: rig.core, logger, fake: telegram }),
    ];
    try {
      await telegram.waitFor(() => telegram.conflicts > 0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('is held by one instance: the other waits, no 409, each message answered once', async () => {
    const telegram = await startFakeTelegram({ token: TOKEN });
    fake = telegram;
    const a = await startInstance(telegram, 'a');
    await telegram.waitFor(() => pollingState(a) === 'held');
    const b = await startInstance(telegram, 'b');
    await beatUntil(b, telegram, () => pollingState(b) === 'waiting');
    for (let beats = 0; beats < 6; beats++) await beat(a, b);
    telegram.userSays(privateChat(4601), user(4601), '/help');
    await telegram.waitFor(() => botSaid(telegram, 4601).length >= 1);
    expect([pollingState(a), pollingState(b)]).toEqual(['held', 'waiting']);
    expect(telegram.conflicts).toBe(0);
    await a.running.close();
    await b.running.close();
    expect(botSaid(telegram, 4601)).toHaveLength(1);
  });

  it('stops at once on the instance whose lease ran out, and the other takes over', async () => {
    const telegram = await startFakeTelegram({ token: TOKEN });
    fake = telegram;
    const a = await startInstance(telegram, 'a');
    await telegram.waitFor(() => pollingState(a) === 'held');
    const b = await startInstance(telegram, 'b');
    await beatUntil(b, telegram, () => pollingState(b) === 'waiting');

    // A stopped renewing (a pause longer than the lease): Redis expired its lease.
    await expire(`telegram-polling:${telegram.bot.id}`);
    // Its next renewal is refused: it stops polling before B's next try can take the lease.
    await a.clock.advance(LEASE_MS / 3);
    await telegram.waitFor(() => pollingState(a) === 'waiting');
    await beatUntil(b, telegram, () => pollingState(b) === 'held');

    telegram.userSays(privateChat(4602), user(4602), '/help');
    await telegram.waitFor(() => botSaid(telegram, 4602).length >= 1);
    expect([pollingState(a), pollingState(b)]).toEqual(['waiting', 'held']);
    expect(botSaid(telegram, 4602)).toHaveLength(1);
  });
});

describe('Telegram pending updates across instances', () => {
  it('leaves another live instance’s update in flight alone at start, and answers it once its owner is gone', async () => {
    const telegram = await startFakeTelegram({ token: TOKEN });
    fake = telegram;
    const a = await startInstance(telegram, 'a');
    await telegram.waitFor(() => pollingState(a) === 'held');
    telegram.hangNext('sendMessage');
    telegram.userSays(privateChat(4603), user(4603), '/help');
    await telegram.waitFor(() => telegram.hanging === 1);

    // B starts (its start replays what is pending) while A answers: A's update is not B's to answer.
    const seen = captureLogger('info');
    const b = await startInstance(telegram, 'b', { logger: seen.logger });
    const replayed = () => seen.lines.filter((l) => String(l['msg']).includes('left pending'));
    expect(replayed()).toEqual([]);
    const record = await b.store.namespace('telegram-pending').get<{ owner: string }>('101');
    expect(record?.owner).toBe(a.presence.self);

    // A is killed: its reply is abandoned, its update stays pending, its presence runs out.
    const abandon = new AbortController();
    abandon.abort();
    await a.running.frontend.stop(abandon.signal);
    await expire(`instance:${a.presence.self}`);
    await beatUntil(b, telegram, () => botSaid(telegram, 4603).length >= 1);
    expect(replayed()).toEqual([expect.objectContaining({ updates: 1 })]);
    expect(botSaid(telegram, 4603)).toHaveLength(1);
    expect(sendsTo(telegram, 4603)).toBe(2);
  });
});

describe('Telegram webhook across instances', () => {
  it('answers once an update two instances receive at the same time', async () => {
    const telegram = await startFakeTelegram({ token: TOKEN });
    fake = telegram;
    const a = await startInstance(telegram, 'a', { webhook: true });
    const b = await startInstance(telegram, 'b', { webhook: true });
    expect([pollingState(a), pollingState(b)]).toEqual([undefined, undefined]);
    const update = telegram.userSays(privateChat(4604), user(4604), '/help');
    expect(await Promise.all([post(a, update), post(b, update)])).toEqual([200, 200]);
    await telegram.waitFor(() => botSaid(telegram, 4604).length >= 1);
    // Sent again later, to either: still once.
    expect(await post(b, update)).toBe(200);
    expect(await post(a, telegram.userSays(privateChat(4604), user(4604), '/start'))).toBe(200);
    await telegram.waitFor(() => botSaid(telegram, 4604).length >= 2);
    await a.running.close();
    await b.running.close();
    expect(botSaid(telegram, 4604)).toHaveLength(2);
  });
});
