import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_ORDER_EXAMPLE, SEED_ORDER_ID, SEED_PARCEL } from '../../src/carriers/fuuffy/sandbox-parcels.js';
import type { Respond } from '../../src/core/conversation.js';
import type { ChatRef } from '../../src/domain/chat.js';
import type { Reply } from '../../src/domain/reply.js';
import { type BotRig, startBotRig } from '../helpers/bot-rig.js';

/** Fuuffy order ids reach the Fuuffy adapter's lookup by order id, from `/track … fuuffy` and from text. */
let rig: BotRig;
beforeAll(async () => {
  rig = await startBotRig();
});
afterAll(() => rig.close());

const chat: ChatRef = { platform: 'telegram', id: 'orders', kind: 'private' };
const text = (reply: Reply) => reply.blocks.map((b) => b.spans.map((s) => s.text).join('')).join('\n');

async function say(message: string, locale = 'en') {
  const replies: Reply[] = [];
  const respond: Respond = async (reply) => void replies.push(reply);
  const command = /^\/(\w+)\s*(.*)$/s.exec(message);
  await rig.core.handleMessage(
    {
      chat,
      user: { id: 'u-orders', languageCode: locale },
      text: message,
      addressedToBot: true,
      ...(command ? { command: { name: command[1] ?? '', args: command[2] ?? '' } } : {}),
    },
    respond,
  );
  return replies;
}

const fuuffyPaths = () =>
  rig.sandboxes.servers.fuuffy.requests
    .filter((r) => r.path.includes('/tracking/get'))
    .map((r) => r.path.slice(r.path.indexOf('/tracking/get')));

describe('Fuuffy order ids', () => {
  it('/track 3550875 fuuffy asks Fuuffy by order id and answers with the parcel it names', async () => {
    const before = fuuffyPaths().length;
    const [reply] = await say(`/track ${SEED_ORDER_ID} fuuffy`);
    expect(fuuffyPaths().slice(before)).toEqual([`/tracking/get/${SEED_ORDER_ID}`]);
    expect(text(reply as Reply)).toContain(SEED_PARCEL);
    expect(text(reply as Reply)).toContain(`Fuuffy order ${SEED_ORDER_ID}`);
    // The buttons carry the parcel's own number, which later lookups ask by tracking number.
    const actions = (reply?.buttons ?? []).flat().map((b) => b.action);
    expect(actions).toContainEqual({ kind: 'refresh', number: SEED_PARCEL, carrier: 'sf-express' });
  });

  it('reads "Fuuffy order 3550806" in a message, localized, beside a carrier number', async () => {
    const replies = await say(`Fuuffy 訂單 ${SEED_ORDER_EXAMPLE} 同 RB000000014HK`, 'zh-HK');
    const texts = replies.map(text).join('\n---\n');
    expect(replies).toHaveLength(2);
    expect(texts).toContain(`Fuuffy 訂單 ${SEED_ORDER_EXAMPLE}`);
    expect(texts).toContain('RB000000014HK');
    expect(fuuffyPaths()).toContain(`/tracking/get/${SEED_ORDER_EXAMPLE}`);
  });

  it('reads /track order:3550806, the command form, but not order:NNN in a message', async () => {
    const before = fuuffyPaths().length;
    const [reply] = await say(`/track order:${SEED_ORDER_EXAMPLE}`);
    expect(text(reply as Reply)).toContain(`Fuuffy order ${SEED_ORDER_EXAMPLE}`);
    expect(fuuffyPaths().slice(before)).toEqual([`/tracking/get/${SEED_ORDER_EXAMPLE}`]);
    const replies = await say(`Order:${SEED_ORDER_EXAMPLE} shipped`);
    expect(replies.map(text)).toEqual([expect.stringContaining("couldn't find a tracking number")]);
  });

  it('never guesses an order id alone as a carrier number or an order', async () => {
    const before = rig.sandboxes.servers.fuuffy.requests.length;
    const replies = await say(`order ${SEED_ORDER_ID}`);
    expect(replies.map(text)).toEqual([expect.stringContaining("couldn't find a tracking number")]);
    expect(rig.sandboxes.servers.fuuffy.requests.length).toBe(before);
  });

  it('an order Fuuffy does not know: not found, with no number to follow', async () => {
    const [reply] = await say('/track 9999999 fuuffy');
    expect(text(reply as Reply)).toContain('Fuuffy order 9999999');
    expect(text(reply as Reply)).toContain('Not found');
    expect(text(reply as Reply)).not.toContain('Subscribe and');
    expect((reply?.buttons ?? []).flat().map((b) => b.action.kind)).not.toContain('subscribe');
  });
});
