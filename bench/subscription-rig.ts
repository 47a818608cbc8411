/**
 * The subscription engine on a real store (`store-backends.ts`) with the model's tracking service, and
 * a Telegram channel that sends nothing but tallies what it is given: messages, parcels, events, any
 * event a chat is told a second time, and how long after it happened each event was told.
 */
import { ADAPTERS } from '../src/carriers/registry.js';
import { chatKey } from '../src/domain/chat.js';
import type { NotificationChannel } from '../src/domain/notification-channel.js';
import type { Reply } from '../src/domain/reply.js';
import { createLogger } from '../src/logger.js';
import type { CounterStore } from '../src/queue/counter-store.js';
import { createRenderer } from '../src/render/create-renderer.js';
import type { NotificationItem, Renderer } from '../src/render/renderer.js';
import type { DueSchedule } from '../src/scheduler/due-schedule.js';
import { type ChatSettingsStore, chatSettingsOn } from '../src/store/chat-settings.js';
import { openStoreBackend } from '../src/store/open-store-backend.js';
import { adapterBudgets } from '../src/subscriptions/polling/budget.js';
import { openSubscriptionStore } from '../src/subscriptions/store/open-subscription-store.js';
import type { SubscriptionStore } from '../src/subscriptions/store/subscription-store.js';
import {
  createSubscriptionEngine,
  type SubscriptionEngine,
} from '../src/subscriptions/subscription-engine.js';
import type { Clock } from '../src/time/clock.js';
import type { TrackingService } from '../src/tracking/tracking-service.js';
import type { Backend } from './store-backends.js';

const silent = createLogger({ level: 'silent', pretty: false });

/**
 * What the engine keeps on the backend, opened as the app builder opens it (one store backend):
 * subscriptions, chat settings, counters and the poll schedule.
 */
export async function openStores(backend: Pick<Backend, 'url' | 'namespace'>) {
  const opened = await openStoreBackend(backend.url);
  const store = openSubscriptionStore(opened, {
    namespace: backend.namespace,
    onBadRecord: (error) => {
      throw error;
    },
  });
  return {
    store,
    settings: chatSettingsOn(opened.namespace(`${backend.namespace}-chats`)),
    counters: opened.counters,
    schedule: opened.dueSchedule,
    close: () => opened.close(),
  };
}

export interface Tally {
  messages: number;
  parcels: number;
  events: number;
  /** Events a chat was told that it had been told (or shown) before. */
  twice: number;
  /** Notices that following ended (expired, not found). */
  endings: number;
  /** Per event told: ms from the event's time to its message. */
  readonly delays: number[];
}

/**
 * A Telegram channel that tallies deliveries. The items of each message are read from the renderer as it
 * renders them (the notifier renders, then delivers that reply at once), so every event is counted, even
 * those a long notification summarizes. `seen` holds `<chat key>|<event key>` for what chats already know.
 */
export function tallyingChannel(clock: Clock, seen: Set<string>) {
  const base = createRenderer();
  const itemsOf = new WeakMap<Reply, readonly NotificationItem[]>();
  const renderer: Renderer = {
    ...base,
    notification(items, view) {
      const reply = base.notification(items, view);
      itemsOf.set(reply, items);
      return reply;
    },
  };
  const tally: Tally = { messages: 0, parcels: 0, events: 0, twice: 0, endings: 0, delays: [] };
  const channel: NotificationChannel = {
    platform: 'telegram',
    async deliver(chat, reply) {
      tally.messages += 1;
      const now = clock.now();
      for (const item of itemsOf.get(reply) ?? []) {
        tally.parcels += 1;
        if (item.kind !== 'events') tally.endings += 1;
        for (const event of item.events) {
          const key = `${chatKey(chat)}|${event.key}`;
          if (seen.has(key)) tally.twice += 1;
          seen.add(key);
          tally.events += 1;
          tally.delays.push(now - Date.parse(event.time));
        }
      }
      return 'sent';
    },
  };
  return { renderer, channel, tally };
}

/** The engine as `createBot` (src/app/bot.ts) builds it, with notifications sent as soon as they are recorded. */
export function benchEngine(deps: {
  readonly store: SubscriptionStore;
  readonly settings: ChatSettingsStore;
  readonly counters: CounterStore;
  readonly schedule: DueSchedule;
  readonly tracking: TrackingService;
  readonly renderer: Renderer;
  readonly channel: NotificationChannel;
  readonly clock: Clock;
  readonly random: () => number;
}): SubscriptionEngine {
  const engine = createSubscriptionEngine({
    ...deps,
    budgets: adapterBudgets(ADAPTERS.map((a) => ({ id: a.id, limits: a.limits }))),
    logger: silent,
    defaults: { locale: 'en', timeZone: 'Asia/Hong_Kong' },
    // `runDue` waits until what it found is sent; on a manual clock, a batching wait (5 s by default)
    // would end only when the clock next moves, and on real time it would add 5 s to every figure.
    batchWindowMs: 0,
  });
  engine.addChannel(deps.channel);
  return engine;
}
