import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FuzzTarget, startFuzzTarget, WEBHOOK_SECRET } from './fuzz-app.js';
import { webhookBody } from './webhook-bodies.js';

/**
 * The Telegram webhook under fire: 10,000 bodies from a fixed seed, POSTed with the real secret through
 * the real route of the real server (`buildApp` against the fake Bot API), so every one reaches parsing,
 * the update's translation and, for those that read as messages or button presses, the bot core. Each
 * must get 200 (an update, taken or ignored), 400 (not an update) or 413 (too large); the process must
 * see no unhandled rejection or uncaught exception, and the webhook must still take a real update.
 */
const CASES = 10_000;
const SEED = 20_261_207;

let target: FuzzTarget;
beforeAll(async () => {
  target = await startFuzzTarget();
});
afterAll(() => target.close());

const post = async (body: Uint8Array) => {
  const response = await fetch(`http://127.0.0.1:${target.port}${target.webhook}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
    body,
  });
  await response.arrayBuffer();
  return response.status;
};

describe('fuzzing the Telegram webhook with update bodies', () => {
  it(`answers ${CASES} hostile bodies 200, 400 or 413, and goes on taking updates`, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(webhookBody, async (body) => {
        const status = await post(body);
        expect([200, 400, 413]).toContain(status);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }),
      { numRuns: CASES, seed: SEED, endOnFailure: true },
    );
    expect([...statuses.keys()].sort()).toEqual([200, 400, 413]);

    const update = target.fake.userSays(
      { id: 4242, type: 'private', first_name: 'After' },
      { id: 4242, is_bot: false, first_name: 'After' },
      '/help',
    );
    expect(await post(Buffer.from(JSON.stringify(update)))).toBe(200);
    await target.fake.waitFor(() => target.fake.messagesIn(4242).length > 0);
    expect(target.escaped).toEqual([]);
    expect(target.lines.filter((l) => Number(l['level']) >= 50)).toEqual([]);
  }, 180_000);
});
