import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/store-unavailable.js';
import { createHeldChats } from '../../src/notify/held-chats.js';
import { createManualClock } from '../../src/time/manual-clock.js';

const HOUR = 3_600_000;

/** Held chats over a manual clock, an outbox whose chat holds N1–N3, and a claim the test decides. */
function setUp(claim: (chat: string, endedAt: number) => Promise<boolean>) {
  const clock = createManualClock();
  const woken: string[] = [];
  const claims: number[] = [];
  let outboxDown = false;
  const held = createHeldChats({
    clock,
    signal: new AbortController().signal,
    wake: (chat) => woken.push(chat),
    numbersOf: async () => {
      if (outboxDown) throw new StoreUnavailableError('sqlite', 'gone');
      return ['N1', 'N2', 'N3'];
    },
    claimDigest: async (chat, endedAt) => {
      claims.push(endedAt);
      return claim(chat, endedAt);
    },
  });
  return { clock, held, woken, claims, setOutboxDown: (down: boolean) => (outboxDown = down) };
}

describe('held chats', () => {
  it('wakes the chat at the end it holds until, and hands back the whole outbox once it claims the digest', async () => {
    const { clock, held, woken, claims } = setUp(async () => true);
    const end = clock.now() + 2 * HOUR;
    held.hold('c', ['N1'], end);
    held.hold('c', ['N2'], end);
    await clock.advance(2 * HOUR - 1);
    expect(woken).toEqual([]);
    await clock.advance(1);
    expect(woken).toEqual(['c']);
    expect(held.handedBack('c')).toBe(true);
    expect(await held.take('c')).toEqual(['N1', 'N2', 'N3']);
    expect(claims).toEqual([end]);
    expect(held.handedBack('c')).toBe(false);
    expect(await held.take('c')).toEqual([]);
  });

  it('hands back nothing when another instance claimed the digest', async () => {
    const { clock, held } = setUp(async () => false);
    held.hold('c', ['N1'], clock.now() + HOUR);
    held.releaseDue();
    expect(held.handedBack('c')).toBe(false);
    await clock.advance(HOUR);
    expect(await held.take('c')).toEqual([]);
    expect(held.handedBack('c')).toBe(false);
  });

  it('keeps the hand-back when the store fails: a claim not made is made again, one made is not', async () => {
    let claimable = false;
    const { clock, held, claims, setOutboxDown } = setUp(async () => {
      if (!claimable) throw new StoreUnavailableError('redis', 'gone');
      return true;
    });
    held.hold('c', ['N1'], clock.now() + HOUR);
    await clock.advance(HOUR);
    await expect(held.take('c')).rejects.toThrow(StoreUnavailableError);
    expect(held.handedBack('c')).toBe(true);

    claimable = true;
    setOutboxDown(true);
    await expect(held.take('c')).rejects.toThrow(StoreUnavailableError);
    setOutboxDown(false);
    expect(await held.take('c')).toHaveLength(3);
    // Claimed once it could be; never twice (a second claim would say another instance has it).
    expect(claims).toHaveLength(2);
  });

  it('hands back the whole outbox at once on a change of quiet hours, holding or not, with no claim', async () => {
    const { held, woken, claims } = setUp(async () => false);
    held.release('c');
    expect(woken).toEqual(['c']);
    expect(await held.take('c')).toEqual(['N1', 'N2', 'N3']);
    expect(claims).toEqual([]);
  });
});
