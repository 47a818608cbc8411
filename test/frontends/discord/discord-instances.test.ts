import { createClient } from '@redis/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRef } from '../../../src/domain/chat.js';
import type { Frontend } from '../../../src/domain/frontend.js';
import { block, type Reply, span } from '../../../src/domain/reply.js';
import { createDiscordFrontend } from '../../../src/frontends/discord/index.js';
import { announcePresence, type InstancePresence, instanceId } from '../../../src/store/instance-presence.js';
import { openStoreBackend } from '../../../src/store/open-store-backend.js';
import type { StoreBackend } from '../../../src/store/store-backend.js';
import { createManualClock, type ManualClock } from '../../../src/time/manual-clock.js';
import { type BotRig, startBotRig } from '../../helpers/bot-rig.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { testRedisUrl } from '../../helpers/test-redis.js';
import { ALICE, DM_CHANNEL, slashCommand } from './discord-payloads.js';
import { type FakeDiscord, type LoggedRequest, startFakeDiscord } from './fake-discord.js';
import type { FakeInteraction } from './fake-state.js';

/**
 * Several instances of the Discord front-end on one Redis (the run's own, a database of this file's own)
 * against one fake Discord (REST and gateway): the gateway is held by one instance through a lease,
 * the others send notifications by REST and answer what a dead instance left pending. Each instance's
 * leases run on a manual clock of its own; a lease that ran out is deleted by the test, as Redis's
 * expiry would.
 */

const REDIS_DB = 42;
const LEASE_MS = 15_000;
const { logger } = captureLogger('silent');
const admin = createClient({ url: testRedisUrl(REDIS_DB) });
const expire = (lease: string) => admin.del(`postie:lease:${lease}`);

let rig: BotRig;
beforeAll(async () => {
  rig = await startBotRig();
  await admin.connect();
  await admin.flushDb();
});
afterAll(async () => {
  await admin.close();
  await rig.close();
});

interface Instance {
  readonly store: StoreBackend;
  readonly presence: InstancePresence;
  readonly clock: ManualClock;
  readonly frontend: Frontend;
}

const opened: Instance[] = [];
let fake: FakeDiscord;
afterEach(async () => {
  for (const instance of opened.splice(0)) {
    await instance.frontend.stop();
    await instance.presence.stop();
    await instance.store.close();
  }
  expect(fake.problems()).toEqual([]);
  await fake.close();
  await admin.flushDb();
});

async function startInstance(name: string): Promise<Instance> {
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
  const frontend = createDiscordFrontend({
    config: { token: fake.token, applicationId: fake.applicationId, apiRoot: fake.apiRoot },
    core: rig.core,
    store,
    lock: store.lock,
    presence,
    logger,
    clock: rig.clock,
    deadlineClock: createManualClock(Date.now()),
  });
  await frontend.start();
  const instance = { store, presence, clock, frontend };
  opened.push(instance);
  return instance;
}

const gateway = (instance: Instance) => instance.frontend.lease?.()?.state;
const callbacks = (interaction: FakeInteraction): LoggedRequest[] =>
  fake.requests.filter((r) => r.method === 'POST' && r.path.includes(`/${interaction.token}/callback`));
const editsOf = (interaction: FakeInteraction): LoggedRequest[] =>
  fake.requests.filter(
    (r) => r.method === 'PATCH' && r.path.endsWith(`/${interaction.token}/messages/@original`),
  );

/** Moves an instance's lease clock a beat at a time until `check` holds. */
async function beatUntil(instance: Instance, check: () => boolean): Promise<void> {
  await expect
    .poll(
      () => {
        if (check()) return true;
        void instance.clock.advance(LEASE_MS / 3);
        return false;
      },
      { timeout: 10_000, interval: 20 },
    )
    .toBe(true);
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

const news: Reply = {
  blocks: [block('heading', span('Hongkong Post RB000000014HK')), block('event', 'Delivered')],
};

describe('the Discord gateway across instances', () => {
  it('is opened by one instance; the other sends notifications by REST; each command answered once', async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 250 });
    const a = await startInstance('a');
    await beatUntil(a, () => gateway(a) === 'held' && fake.gateway.identifies.length === 1);
    const b = await startInstance('b');
    for (let beats = 0; beats < 6; beats++) await beat(a, b);
    expect([gateway(a), gateway(b)]).toEqual(['held', 'waiting']);
    expect(fake.gateway.identifies).toHaveLength(1);

    const help = slashCommand(fake, 'help', {});
    await expect.poll(() => editsOf(help).length, { timeout: 10_000 }).toBe(1);
    expect(callbacks(help)).toHaveLength(1);

    // Without the gateway, B still writes to a server's channel and to a DM.
    const channel = b.frontend.notifications;
    const server: ChatRef = { platform: 'discord', id: fake.state.guild.channelId, kind: 'group' };
    const dm: ChatRef = { platform: 'discord', id: DM_CHANNEL, kind: 'private' };
    fake.state.openDm(DM_CHANNEL, ALICE);
    expect(await channel?.deliver(server, news, 'n.a1')).toBe('sent');
    expect(await channel?.deliver(dm, news, 'n.a2')).toBe('sent');
    expect(fake.gateway.identifies).toHaveLength(1);
  });

  it('is taken over when the holder’s lease runs out: the holder leaves the gateway at once', async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 250 });
    const a = await startInstance('a');
    await beatUntil(a, () => gateway(a) === 'held' && fake.gateway.identifies.length === 1);
    const b = await startInstance('b');
    await beat(b);

    await expire(`discord-gateway:${fake.applicationId}`);
    await beatUntil(a, () => gateway(a) === 'waiting');
    await beatUntil(b, () => gateway(b) === 'held' && fake.gateway.identifies.length === 2);

    const help = slashCommand(fake, 'help', {});
    await expect.poll(() => editsOf(help).length, { timeout: 10_000 }).toBe(1);
    expect(callbacks(help)).toHaveLength(1);
  });
});

describe('Discord pending interactions across instances', () => {
  it('leaves another live instance’s deferred command alone, and answers it once its owner is gone', async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 250 });
    const a = await startInstance('a');
    await beatUntil(a, () => gateway(a) === 'held' && fake.gateway.identifies.length === 1);
    fake.hangNext(/^PATCH \/webhooks\//);
    const help = slashCommand(fake, 'help', {});
    await expect.poll(() => fake.hanging, { timeout: 10_000 }).toBe(1);

    const b = await startInstance('b');
    // B's first look at what is pending is over once it is asleep; then three beats to its next look.
    for (let beats = 0; beats < 3; beats++) await beat(b);
    expect(editsOf(help)).toHaveLength(1);
    const record = await b.store.namespace('discord-pending').get<{ owner: string }>(help.id);
    expect(record?.owner).toBe(a.presence.self);

    // A is killed: its edit is abandoned, its presence runs out.
    opened.splice(opened.indexOf(a), 1);
    const abandon = new AbortController();
    abandon.abort();
    await a.frontend.stop(abandon.signal);
    await expire(`instance:${a.presence.self}`);
    await beatUntil(b, () => editsOf(help).length === 2);
    expect(JSON.stringify(editsOf(help)[1]?.body)).toContain('/track');
    await a.store.close();
  });
});
