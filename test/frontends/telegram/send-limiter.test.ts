import { describe, expect, it } from 'vitest';
import { createSendLimiter, type SendLimiter } from '../../../src/frontends/telegram/send-limiter.js';
import {
  TELEGRAM_SEND_LIMITS,
  type TelegramSendLimits,
} from '../../../src/frontends/telegram/send-limits.js';
import { createManualClock, type ManualClock } from '../../../src/time/manual-clock.js';

interface Grant {
  readonly chat: number;
  readonly at: number;
}

/** A limiter on a manual clock starting at 0, whose calls take `latencyMs` each once granted. */
function rig(options: { limits?: TelegramSendLimits; latencyMs?: number } = {}) {
  const clock: ManualClock = createManualClock(0);
  const stop = new AbortController();
  const limiter: SendLimiter = createSendLimiter({
    clock,
    signal: stop.signal,
    limits: options.limits ?? TELEGRAM_SEND_LIMITS,
  });
  const grants: Grant[] = [];
  const send = (chat: number, urgent = false) =>
    limiter.take(chat, { urgent }).then(async (slot) => {
      grants.push({ chat, at: clock.now() });
      await clock.sleep(options.latencyMs ?? 0);
      slot.release();
    });
  /** Lets the calls already granted run, then moves the clock on (waking sleepers in deadline order). */
  const advance = async (ms: number) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await clock.advance(ms);
  };
  return { clock, stop, limiter, grants, send, advance };
}

const times = (grants: readonly Grant[], chat: number) =>
  grants.filter((g) => g.chat === chat).map((g) => g.at);
const seconds = (from: number, count: number) => Array.from({ length: count }, (_, i) => (from + i) * 1000);

describe('Telegram send limiter', () => {
  it("spaces one chat's calls a second apart, counted from when the previous call ended", async () => {
    const { advance, grants, send } = rig({ latencyMs: 200 });
    const all = Promise.all([send(7), send(7), send(7)]);
    await advance(5000);
    await all;
    expect(times(grants, 7)).toEqual([0, 1200, 2400]);
  });

  it('lets a group have 20 messages a minute, then waits for the window rather than dropping', async () => {
    const { advance, grants, send, limiter } = rig();
    const all = Promise.all(Array.from({ length: 25 }, () => send(-100)));
    await advance(59_999);
    expect(times(grants, -100)).toEqual(seconds(0, 20));
    expect(limiter.waiting).toBe(5);
    await advance(10_000);
    await all;
    expect(times(grants, -100)).toEqual([...seconds(0, 20), ...seconds(60, 5)]);
  });

  it('keeps all chats together to 30 calls a second', async () => {
    const { advance, grants, send } = rig();
    const all = Promise.all(Array.from({ length: 100 }, (_, i) => send(i + 1)));
    await advance(4000);
    await all;
    const perSecond = [0, 1000, 2000, 3000].map((at) => grants.filter((g) => g.at === at).length);
    expect(perSecond).toEqual([30, 30, 30, 10]);
    expect(new Set(grants.map((g) => g.chat)).size).toBe(100);
  });

  it("takes turns: one chat's backlog never holds up chats that came after it", async () => {
    const limits = { ...TELEGRAM_SEND_LIMITS, overall: { limit: 2, windowMs: 1000 } };
    const { advance, grants, send } = rig({ limits });
    const backlog = Array.from({ length: 4 }, () => send(1));
    const others = [2, 3, 4, 5, 6].map((chat) => send(chat));
    await advance(10_000);
    await Promise.all([...backlog, ...others]);
    expect(grants.map((g) => g.chat)).toEqual([1, 2, 3, 4, 5, 6, 1, 1, 1]);
    expect(times(grants, 1)).toEqual([0, 3000, 4000, 5000]);
  });

  it('serves the rest of a message under way (urgent) before chats waiting their turn', async () => {
    const limits = { ...TELEGRAM_SEND_LIMITS, overall: { limit: 1, windowMs: 1000 } };
    const { advance, grants, send } = rig({ limits });
    const waiting = [send(1), send(2), send(3)];
    const urgent = send(4, true);
    await advance(5000);
    await Promise.all([...waiting, urgent]);
    expect(grants.map((g) => g.chat)).toEqual([1, 4, 2, 3]);
  });

  it('counts interactive calls, so a paced call to the same chat waits a second after them', async () => {
    const { advance, grants, send, limiter } = rig();
    const interactive = limiter.note(9);
    const paced = send(9);
    await advance(500);
    interactive.release();
    await advance(5000);
    await paced;
    expect(times(grants, 9)).toEqual([1500]);
  });

  it('rejects waiting calls with the reason on shutdown, and every call after it', async () => {
    const { stop, limiter, send } = rig();
    await send(1);
    const waiting = limiter.take(1);
    const reason = new Error('shutting down');
    stop.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(limiter.take(2)).rejects.toBe(reason);
    expect(limiter.waiting).toBe(0);
  });

  it('serves 10,000 chats, each once, within the overall limit', async () => {
    const { advance, grants, send } = rig();
    const all = Promise.all(Array.from({ length: 10_000 }, (_, i) => send(i % 2 === 0 ? i + 1 : -(i + 1))));
    await advance(334_000);
    await all;
    expect(grants).toHaveLength(10_000);
    const perInstant = new Map<number, number>();
    for (const g of grants) perInstant.set(g.at, (perInstant.get(g.at) ?? 0) + 1);
    expect(Math.max(...perInstant.values())).toBe(30);
    expect(Math.max(...grants.map((g) => g.at))).toBe(333_000);
  });
});
