import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { chatKey } from '../../src/domain/chat.js';
import { eventKey } from '../../src/domain/event-key.js';
import type { Shipment, ShipmentStatus, TrackingEvent } from '../../src/domain/shipment.js';
import type { TrackingNumber } from '../../src/domain/tracking-number.js';
import { createLogger } from '../../src/logger.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { chatSettingsOn } from '../../src/store/chat-settings.js';
import { openStoreBackend } from '../../src/store/open-store-backend.js';
import type { StoreBackend } from '../../src/store/store-backend.js';
import { days, hours } from '../../src/subscriptions/polling/cadence-table.js';
import { openSubscriptionStore } from '../../src/subscriptions/store/open-subscription-store.js';
import {
  createSubscriptionEngine,
  type SubscriptionEngine,
} from '../../src/subscriptions/subscription-engine.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';
import type { TrackingService, TrackResult } from '../../src/tracking/tracking-service.js';
import { buttonActions, type RecordingChannel, recordingChannel, textOf } from './notifications-harness.js';
import { telegramChat } from './subscription-fixtures.js';

const logger = createLogger({ level: 'silent', pretty: false });
const alice = telegramChat(101);
const family = telegramChat(-202, 'group');
const START = Date.UTC(2026, 2, 2, 2);

const dir = mkdtempSync(join(tmpdir(), 'postie-stall-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A parcel as the scripted carrier tells it: where it goes, and its events so far (newest first). */
interface Script {
  status: ShipmentStatus;
  events: TrackingEvent[];
  origin?: string;
  destination?: string;
  estimatedTo?: string;
}

/**
 * A carrier whose answers the test writes: each number's script, read at every poll (so a test adds news
 * by adding an event). Counts the polls.
 */
function scriptedCarrier() {
  const scripts = new Map<string, Script>();
  const polls: string[] = [];
  const shipmentOf = (number: string, script: Script): Shipment => ({
    number: number as TrackingNumber,
    carrier: 'hongkong-post',
    adapter: 'hongkong-post',
    status: script.status,
    events: script.events,
    ...(script.origin ? { origin: { text: script.origin } } : {}),
    ...(script.destination ? { destination: { text: script.destination } } : {}),
    ...(script.estimatedTo ? { estimatedDelivery: { to: script.estimatedTo } } : {}),
    fetchedAt: new Date(0).toISOString(),
  });
  const answer = (number: string): TrackResult => {
    const script = scripts.get(number);
    if (!script) throw new Error(`no script for ${number}`);
    return {
      input: number,
      number: number as TrackingNumber,
      carrier: 'hongkong-post',
      adapter: 'hongkong-post',
      candidates: [],
      outcome: { kind: 'found', shipment: shipmentOf(number, script) },
    };
  };
  const tracking: TrackingService = {
    trackText: async () => ({ results: [], capped: false, withheld: 0 }),
    async trackNumbers(numbers) {
      polls.push(...numbers);
      return numbers.map(answer);
    },
  };
  return { scripts, polls, tracking, answer };
}

/** An event `at` (epoch ms), in Hong Kong time, with its own text. */
function eventAt(number: string, at: number, text: string, status: ShipmentStatus = 'in_transit') {
  const time = new Date(at + hours(8)).toISOString().replace('Z', '+08:00').replace('.000', '');
  return {
    key: eventKey({ carrier: 'hongkong-post', number, time, text }),
    time,
    location: { text: 'HONG KONG' },
    description: { text },
    status,
  } satisfies TrackingEvent;
}

interface Running {
  readonly engine: SubscriptionEngine;
  readonly channel: RecordingChannel;
  readonly backend: StoreBackend;
}

const running: Running[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) {
    await r.engine.stop();
    await r.backend.close();
  }
});

/** The subscription engine on a store (a file, so a second one is the same store after a restart). */
async function startEngine(
  clock: ManualClock,
  carrier: ReturnType<typeof scriptedCarrier>,
  storeUrl = 'sqlite://:memory:',
  withChannel = true,
) {
  const backend = await openStoreBackend(storeUrl);
  const store = openSubscriptionStore(backend, { onBadRecord: () => undefined });
  const engine = createSubscriptionEngine({
    store,
    counters: backend.counters,
    tracking: carrier.tracking,
    settings: chatSettingsOn(backend.namespace('chats')),
    renderer: createRenderer(),
    budgets: [],
    clock,
    random: () => 0.5,
    logger,
    defaults: { locale: 'en', timeZone: 'Asia/Hong_Kong' },
    batchWindowMs: 0,
  });
  const channel = recordingChannel();
  if (withChannel) engine.addChannel(channel);
  await engine.start();
  const r = { engine, channel, backend, store };
  running.push(r);
  return r;
}

/** Moves time on in steps of `stepMs`, polling what is due after each. */
async function pollFor(clock: ManualClock, engine: SubscriptionEngine, totalMs: number, stepMs = hours(6)) {
  for (let moved = 0; moved < totalMs; moved += stepMs) {
    await clock.advance(stepMs);
    await engine.runDue();
  }
}

const alertsIn = (channel: RecordingChannel) =>
  channel.delivered.filter((d) => textOf(d.reply).includes('No news for'));

async function follow(
  engine: SubscriptionEngine,
  carrier: ReturnType<typeof scriptedCarrier>,
  number: string,
) {
  const chat = alice;
  const result = await engine.subscriptions.subscribe({
    chat,
    number: number as TrackingNumber,
    locale: 'en',
    current: carrier.answer(number),
  });
  expect(result).toBe('added');
}

describe('stalled-parcel alerts', () => {
  it('alert once when a parcel stays silent past its threshold, through more polls and a restart', async () => {
    const clock = createManualClock(START);
    const carrier = scriptedCarrier();
    const number = 'RR000007009HK';
    carrier.scripts.set(number, {
      status: 'in_transit',
      origin: 'HONG KONG',
      destination: 'UNITED STATES',
      events: [eventAt(number, START - days(1), 'Arrived and is being processed.')],
    });
    const storeUrl = `sqlite://${join(dir, 'once.sqlite')}`;
    const first = await startEngine(clock, carrier, storeUrl);
    await follow(first.engine, carrier, number);

    // Abroad, a week between scans is normal: six days after the last event, nothing.
    await pollFor(clock, first.engine, days(5));
    expect(alertsIn(first.channel)).toHaveLength(0);
    await pollFor(clock, first.engine, days(2));
    expect(alertsIn(first.channel)).toHaveLength(1);

    // Polls go on, and say nothing more of this stall.
    const polled = carrier.polls.length;
    await pollFor(clock, first.engine, days(3));
    expect(carrier.polls.length).toBeGreaterThan(polled + 5);
    expect(alertsIn(first.channel)).toHaveLength(1);

    // A new app on the same store: still once.
    await first.engine.stop();
    const second = await startEngine(clock, carrier, storeUrl);
    await pollFor(clock, second.engine, days(3));
    expect(carrier.polls.length).toBeGreaterThan(polled + 10);
    expect(alertsIn(second.channel)).toHaveLength(0);

    const alert = alertsIn(first.channel)[0];
    const text = textOf(alert?.reply ?? { blocks: [] });
    expect(text).toContain('No news for 7 days');
    expect(text).toContain('Arrived and is being processed.');
    expect(text).toContain('https://www.hongkongpost.hk/en/faq_support/mail_tracing/q3/index.html');
    expect(text).toContain('Ask the sender');
    expect(buttonActions(alert?.reply ?? { blocks: [] })).toEqual([
      { kind: 'keep_following', number },
      { kind: 'unsubscribe', number },
    ]);
  });

  it('sends an alert recorded before a crash on the next start, once, and never records it again', async () => {
    const clock = createManualClock(START);
    const carrier = scriptedCarrier();
    const number = 'CP000002001HK';
    carrier.scripts.set(number, {
      status: 'available_for_pickup',
      events: [eventAt(number, START, 'Awaiting collection', 'available_for_pickup')],
    });
    const storeUrl = `sqlite://${join(dir, 'crash.sqlite')}`;
    // No front-end running: the alert is recorded and waits in the outbox.
    const first = await startEngine(clock, carrier, storeUrl, false);
    await follow(first.engine, carrier, number);
    await pollFor(clock, first.engine, days(5) + hours(6));
    const waiting = await first.store.subscription(chatKey(alice), number);
    expect(waiting?.pending?.kind).toBe('stalled');
    expect(waiting?.stall).toBeDefined();
    expect([...(await collect(first.store.outbox()))]).toEqual([[chatKey(alice), number]]);
    await first.engine.stop();

    const second = await startEngine(clock, carrier, storeUrl);
    await second.engine.idle();
    expect(alertsIn(second.channel)).toHaveLength(1);
    await pollFor(clock, second.engine, days(2));
    expect(alertsIn(second.channel)).toHaveLength(1);
    expect(await collect(second.store.outbox())).toEqual([]);
  });

  it('clears the stall on news, so a later stall alerts again', async () => {
    const clock = createManualClock(START);
    const carrier = scriptedCarrier();
    const number = 'LP100000014HK';
    const script: Script = {
      status: 'in_transit',
      origin: 'HONG KONG',
      destination: 'HONG KONG',
      events: [eventAt(number, START, 'In transit.')],
    };
    carrier.scripts.set(number, script);
    const { engine, channel, store } = await startEngine(clock, carrier);
    await follow(engine, carrier, number);
    await pollFor(clock, engine, days(3) + hours(6));
    expect(alertsIn(channel)).toHaveLength(1);

    script.events = [eventAt(number, clock.now(), 'Arrived at delivery office.'), ...script.events];
    await pollFor(clock, engine, hours(6));
    expect(channel.delivered.at(-1) && textOf(channel.delivered.at(-1)?.reply ?? { blocks: [] })).toContain(
      'Arrived at delivery office.',
    );
    expect((await store.subscription(chatKey(alice), number))?.stall).toBeUndefined();

    await pollFor(clock, engine, days(2));
    expect(alertsIn(channel)).toHaveLength(1);
    await pollFor(clock, engine, days(1) + hours(6));
    expect(alertsIn(channel)).toHaveLength(2);
  });

  it('sends the news instead of a stall alert still waiting when news comes', async () => {
    const clock = createManualClock(START);
    const carrier = scriptedCarrier();
    const number = 'CP000002001HK';
    const script: Script = {
      status: 'available_for_pickup',
      events: [eventAt(number, START, 'Awaiting collection', 'available_for_pickup')],
    };
    carrier.scripts.set(number, script);
    const storeUrl = `sqlite://${join(dir, 'overtaken.sqlite')}`;
    const first = await startEngine(clock, carrier, storeUrl, false);
    await follow(first.engine, carrier, number);
    await pollFor(clock, first.engine, days(5) + hours(6));
    expect((await first.store.subscription(chatKey(alice), number))?.pending?.kind).toBe('stalled');
    script.status = 'delivered';
    script.events = [eventAt(number, clock.now(), 'Collected', 'delivered'), ...script.events];
    await pollFor(clock, first.engine, hours(1), hours(1));
    await first.engine.stop();

    const second = await startEngine(clock, carrier, storeUrl);
    await second.engine.idle();
    expect(second.channel.delivered).toHaveLength(1);
    const sent = textOf(second.channel.delivered[0]?.reply ?? { blocks: [] });
    expect(sent).toContain('Collected');
    expect(sent).not.toContain('No news for');
  });

  it.each([
    {
      what: 'in transit at home',
      script: { status: 'in_transit', origin: 'HK', destination: 'HK' },
      after: 3,
    },
    {
      what: 'in transit abroad',
      script: { status: 'in_transit', origin: 'HK', destination: 'GB' },
      after: 7,
    },
    { what: 'at customs', script: { status: 'in_transit', text: 'Presented to customs' }, after: 4 },
    { what: 'awaiting pickup', script: { status: 'available_for_pickup' }, after: 5 },
    { what: 'a failed attempt', script: { status: 'failed_attempt' }, after: 2 },
    { what: 'label made, not handed over', script: { status: 'info_received' }, after: 5 },
  ] as const)('alerts $what after $after days of silence, not a day before', async ({ script, after }) => {
    const clock = createManualClock(START);
    const carrier = scriptedCarrier();
    const number = 'EA000001006HK';
    const text = 'text' in script ? script.text : 'Scanned.';
    carrier.scripts.set(number, {
      status: script.status,
      ...('origin' in script ? { origin: script.origin, destination: script.destination } : {}),
      events: [eventAt(number, START, text, script.status)],
    });
    const { engine, channel } = await startEngine(clock, carrier);
    await follow(engine, carrier, number);
    await pollFor(clock, engine, days(after - 1), hours(4));
    expect(alertsIn(channel)).toHaveLength(0);
    await pollFor(clock, engine, days(1) + hours(8), hours(4));
    expect(alertsIn(channel)).toHaveLength(1);
  });

  it('alerts out for delivery when the day after the window passes without delivery', async () => {
    const clock = createManualClock(START);
    const carrier = scriptedCarrier();
    const number = 'EA000001006HK';
    // Out for delivery at 10:00 Hong Kong time on 2 March: the window is that day, so 4 March 00:00 HKT.
    carrier.scripts.set(number, {
      status: 'out_for_delivery',
      events: [eventAt(number, START, 'Out for delivery', 'out_for_delivery')],
    });
    const { engine, channel } = await startEngine(clock, carrier);
    await follow(engine, carrier, number);
    const deadline = Date.parse('2026-03-04T00:00:00+08:00');
    await pollFor(clock, engine, deadline - START - hours(1), hours(1));
    expect(alertsIn(channel)).toHaveLength(0);
    await pollFor(clock, engine, hours(2), hours(1));
    expect(alertsIn(channel)).toHaveLength(1);
  });

  it.each([
    { what: 'delivered', status: 'delivered', text: 'Delivered' },
    { what: 'returned to the sender', status: 'exception', text: 'Returned to sender' },
  ] as const)('never alerts a parcel $what', async ({ status, text }) => {
    const clock = createManualClock(START);
    const carrier = scriptedCarrier();
    const number = 'RR000003007HK';
    carrier.scripts.set(number, { status, events: [eventAt(number, START - days(20), text, status)] });
    const { engine, channel } = await startEngine(clock, carrier);
    await follow(engine, carrier, number);
    await pollFor(clock, engine, days(3));
    expect(carrier.polls.length).toBeGreaterThan(0);
    expect(alertsIn(channel)).toHaveLength(0);
  });

  it('alerts each chat following the parcel once, and tells the group too', async () => {
    const clock = createManualClock(START);
    const carrier = scriptedCarrier();
    const number = 'CP000002001HK';
    carrier.scripts.set(number, {
      status: 'available_for_pickup',
      events: [eventAt(number, START, 'Awaiting collection', 'available_for_pickup')],
    });
    const { engine, channel } = await startEngine(clock, carrier);
    await follow(engine, carrier, number);
    await engine.subscriptions.subscribe({
      chat: family,
      number: number as TrackingNumber,
      locale: 'zh-HK',
      current: carrier.answer(number),
    });
    await pollFor(clock, engine, days(6));
    const to = channel.delivered.map((d) => d.chat.id).sort();
    expect(to).toEqual([alice.id, family.id].sort());
    const group = channel.delivered.find((d) => d.chat.id === family.id);
    expect(textOf(group?.reply ?? { blocks: [] })).toContain('沒有新消息');
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
