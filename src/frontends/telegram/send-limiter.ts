import { MinHeap } from '../../collections/min-heap.js';
import type { Clock } from '../../time/clock.js';
import { Fifo } from './fifo.js';
import { isGroupChat, TELEGRAM_SEND_LIMITS, type TelegramSendLimits, WindowCount } from './send-limits.js';

/** One Bot API call's place within the limits: give it back once Telegram has answered (or the call failed). */
export interface SendSlot {
  release(): void;
}

export interface SendLimiter {
  /**
   * Waits until one more call to `chatId` fits every limit, then holds a slot for it. Chats take turns
   * in the order they became ready (one chat's backlog never holds up the others); one chat's calls come
   * in the order asked. `urgent` is for the rest of a message already under way (its next part, a retry
   * after a 429): it goes before chats waiting their turn. Never drops; rejects with the shutdown
   * signal's reason once that aborts.
   */
  take(chatId: number, options?: { readonly urgent?: boolean }): Promise<SendSlot>;
  /** Counts a call that goes out at once (an interactive reply), so waiting calls leave room for it. */
  note(chatId: number): SendSlot;
  /** Calls waiting for a slot. */
  readonly waiting: number;
}

export interface SendLimiterDeps {
  readonly clock: Clock;
  /** Shutdown: waiting calls reject with its reason, later ones at once. */
  readonly signal: AbortSignal;
  /** @defaultValue TELEGRAM_SEND_LIMITS */
  readonly limits?: TelegramSendLimits;
}

type Kind = 'urgent' | 'turn';
const KINDS: readonly Kind[] = ['urgent', 'turn'];

interface Waiter {
  readonly resolve: (slot: SendSlot) => void;
  readonly reject: (reason: unknown) => void;
}

interface Lane {
  readonly windows: readonly WindowCount[];
  readonly waiting: Record<Kind, Fifo<Waiter>>;
  /** Whether the lane has an entry in that kind's heap (at most one each). */
  readonly queued: Record<Kind, boolean>;
}

/** A lane ready from `at` on; `seq` keeps equal times in arrival order. */
interface Entry {
  readonly lane: Lane;
  readonly at: number;
  readonly seq: number;
}

/**
 * Telegram's send limits kept by waiting (TELEGRAM_SEND_LIMITS): each chat is a lane with its own windows
 * (one per second; twenty a minute more for groups) under one overall window. Lanes ready to send sit
 * in a heap by the time they became ready, so a call costs O(log chats) and fairness comes from order:
 * a chat just served is ready again only after its own window, behind every chat that was ready before.
 * p-queue 9 has one global interval and no keys; bottleneck has keyed groups and chaining, but both
 * count time with their own timers and `Date.now()` and count windows from starts, so neither fits.
 */
export function createSendLimiter(deps: SendLimiterDeps): SendLimiter {
  const limits = deps.limits ?? TELEGRAM_SEND_LIMITS;
  const { clock, signal } = deps;
  const overall = new WindowCount(limits.overall);
  const lanes = new Map<number, Lane>();
  const order = (a: Entry, b: Entry) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
  const heaps: Record<Kind, MinHeap<Entry>> = { urgent: new MinHeap(order), turn: new MinHeap(order) };
  let seq = 0;
  let waiting = 0;
  let sweepAbove = 1024;
  let timer: { readonly at: number; readonly stop: AbortController } | undefined;

  const laneFreeAt = (lane: Lane, now: number) =>
    lane.windows.reduce((at, window) => Math.max(at, window.freeAt(now)), now);

  function laneOf(chatId: number): Lane {
    const known = lanes.get(chatId);
    if (known) return known;
    if (lanes.size >= sweepAbove) sweep();
    const windows = [new WindowCount(limits.perChat)];
    if (isGroupChat(chatId)) windows.push(new WindowCount(limits.perGroup));
    const lane: Lane = {
      windows,
      waiting: { urgent: new Fifo(), turn: new Fifo() },
      queued: { urgent: false, turn: false },
    };
    lanes.set(chatId, lane);
    return lane;
  }

  /** Forgets lanes with nothing waiting, nothing in flight and nothing counted; amortized O(1) per lane. */
  function sweep() {
    const now = clock.now();
    for (const [chatId, lane] of lanes) {
      const empty = lane.waiting.urgent.size === 0 && lane.waiting.turn.size === 0;
      if (empty && lane.windows.every((w) => w.idle(now))) lanes.delete(chatId);
    }
    sweepAbove = Math.max(1024, lanes.size * 2);
  }

  /** Puts the lane in the heap of `kind` if it has calls of that kind waiting and can tell when it is free. */
  function enqueue(lane: Lane, kind: Kind, now: number) {
    if (lane.queued[kind] || lane.waiting[kind].size === 0) return;
    const at = laneFreeAt(lane, now);
    if (at === Number.POSITIVE_INFINITY) return; // a call in flight; its release enqueues again
    lane.queued[kind] = true;
    heaps[kind].push({ lane, at, seq: ++seq });
  }

  function slotOf(lane: Lane): SendSlot {
    let held = true;
    return {
      release() {
        if (!held) return;
        held = false;
        const now = clock.now();
        overall.end(now);
        for (const window of lane.windows) window.end(now);
        for (const kind of KINDS) enqueue(lane, kind, now);
        pump();
      },
    };
  }

  function start(lane: Lane): SendSlot {
    overall.start();
    for (const window of lane.windows) window.start();
    return slotOf(lane);
  }

  /** Hands out every slot that is free now, then sleeps until the next one frees (if nothing else wakes it). */
  function pump() {
    if (signal.aborted) return;
    const now = clock.now();
    for (;;) {
      const ready = KINDS.find((kind) => (heaps[kind].peek()?.at ?? Number.POSITIVE_INFINITY) <= now);
      if (ready === undefined) {
        wakeAt(Math.min(heaps.urgent.peek()?.at ?? Infinity, heaps.turn.peek()?.at ?? Infinity));
        return;
      }
      const overallAt = overall.freeAt(now);
      if (overallAt > now) return wakeAt(overallAt);
      const { lane } = heaps[ready].pop() as Entry;
      lane.queued[ready] = false;
      // Interactive calls noted since the lane was queued may have pushed its time back.
      if (laneFreeAt(lane, now) > now) {
        enqueue(lane, ready, now);
        continue;
      }
      const waiter = lane.waiting[ready].shift() as Waiter;
      waiting -= 1;
      const slot = start(lane);
      for (const kind of KINDS) enqueue(lane, kind, now);
      waiter.resolve(slot);
    }
  }

  function wakeAt(at: number) {
    if (at === Number.POSITIVE_INFINITY || (timer && timer.at <= at)) return;
    timer?.stop.abort();
    const current = { at, stop: new AbortController() };
    timer = current;
    clock.sleep(Math.max(0, at - clock.now()), current.stop.signal).then(
      () => {
        if (timer === current) timer = undefined;
        pump();
      },
      () => undefined,
    );
  }

  signal.addEventListener(
    'abort',
    () => {
      timer?.stop.abort();
      heaps.urgent.clear();
      heaps.turn.clear();
      for (const lane of lanes.values())
        for (const kind of KINDS)
          for (const waiter of lane.waiting[kind].drain()) waiter.reject(signal.reason);
      waiting = 0;
    },
    { once: true },
  );

  return {
    take(chatId, options) {
      if (signal.aborted) return Promise.reject(signal.reason);
      const lane = laneOf(chatId);
      const kind: Kind = options?.urgent ? 'urgent' : 'turn';
      return new Promise<SendSlot>((resolve, reject) => {
        lane.waiting[kind].push({ resolve, reject });
        waiting += 1;
        enqueue(lane, kind, clock.now());
        pump();
      });
    },
    note: (chatId) => start(laneOf(chatId)),
    get waiting() {
      return waiting;
    },
  };
}
