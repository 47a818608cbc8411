import { afterEach, describe, expect, it } from 'vitest';
import { STALLED_ABROAD } from '../../src/carriers/hongkong-post/sandbox-parcels.js';
import { chatKey } from '../../src/domain/chat.js';
import { toDiscordMessages } from '../../src/frontends/discord/markup.js';
import { toTelegramMessage } from '../../src/frontends/telegram/markup.js';
import { decodeAction } from '../../src/render/action-codec.js';
import { days } from '../../src/subscriptions/polling/cadence-table.js';
import { type BotRig, startBotRig } from '../helpers/bot-rig.js';
import { buttonActions, press, recordingChannel, say, textOf } from './notifications-harness.js';
import { telegramChat } from './subscription-fixtures.js';

const alice = telegramChat(101);
const bob = telegramChat(303);

const rigs: BotRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close();
});

/**
 * The demo's stalled parcel on the Hongkong Post sandbox: followed, then eight days on, polled. Resolves
 * with the rig and the alerts sent so far.
 */
async function stalled() {
  const rig = await startBotRig({ bot: { batchWindowMs: 0, random: () => 0.5 } });
  rigs.push(rig);
  const channel = recordingChannel();
  rig.engine.addChannel(channel);
  await say(rig, alice, `/subscribe ${STALLED_ABROAD}`);
  rig.clock.advance(days(8));
  await rig.engine.runDue();
  const alerts = () => channel.delivered.filter((d) => textOf(d.reply).includes('No news for'));
  expect(alerts()).toHaveLength(1);
  return { rig, channel, alerts };
}

const reply = (replies: readonly { blocks: readonly unknown[] }[]) =>
  textOf((replies[0] as Parameters<typeof textOf>[0]) ?? { blocks: [] });

describe('a stall alert’s buttons', () => {
  it('ride in Telegram callback data and Discord custom ids, and read back as Keep following and Stop', async () => {
    const { alerts } = await stalled();
    const alert = alerts()[0]?.reply ?? { blocks: [] };
    expect(buttonActions(alert)).toEqual([
      { kind: 'keep_following', number: STALLED_ABROAD },
      { kind: 'unsubscribe', number: STALLED_ABROAD },
    ]);

    const telegram = toTelegramMessage(alert);
    const callbacks =
      telegram.keyboard?.inline_keyboard
        .flat()
        .map((b) => ('callback_data' in b ? b.callback_data : undefined)) ?? [];
    expect(callbacks.map((data) => decodeAction(data ?? ''))).toEqual(buttonActions(alert));
    expect(telegram.chunks.join('\n')).toContain('hongkongpost.hk/en/faq_support/mail_tracing');

    const discord = toDiscordMessages(alert);
    const customIds = discord.flatMap((m) =>
      m.components.flatMap((row) => row.components.map((b) => b.custom_id)),
    );
    expect(customIds.map((id) => decodeAction(id))).toEqual(buttonActions(alert));
    expect(JSON.stringify(discord)).toContain('hongkongpost.hk/en/faq_support/mail_tracing');
  });

  it('Stop unsubscribes the chat from that number', async () => {
    const { rig } = await stalled();
    const answer = await press(rig, alice, { kind: 'unsubscribe', number: STALLED_ABROAD });
    expect(reply(answer)).toContain(`Stopped following ${STALLED_ABROAD}`);
    expect(await rig.engine.subscriptions.has(alice, STALLED_ABROAD)).toBe(false);
    expect(await rig.subscriptionStore.watch(STALLED_ABROAD)).toBeUndefined();
  });

  it('Keep following acknowledges, keeps following, and silences this stall', async () => {
    const { rig, alerts } = await stalled();
    const answer = await press(rig, alice, { kind: 'keep_following', number: STALLED_ABROAD });
    expect(reply(answer)).toContain(`keep following ${STALLED_ABROAD}`);
    const record = await rig.subscriptionStore.subscription(chatKey(alice), STALLED_ABROAD);
    expect(record?.stall?.keptAt).toBeGreaterThanOrEqual(
      record?.stall?.alertedAt ?? Number.POSITIVE_INFINITY,
    );
    for (let day = 0; day < 4; day++) {
      rig.clock.advance(days(1));
      await rig.engine.runDue();
    }
    expect(alerts()).toHaveLength(1);
    expect(await rig.engine.subscriptions.has(alice, STALLED_ABROAD)).toBe(true);
  });

  it('refuses forged button data, and a chat that does not follow the number changes nothing', async () => {
    const { rig } = await stalled();
    for (const forged of [
      'k:',
      `k:${STALLED_ABROAD}:hongkong-post:x`,
      'k:../../etc/passwd',
      `k:${'A'.repeat(41)}`,
      'k:RR000007009HK\n',
      'K:RR000007009HK',
    ]) {
      expect(decodeAction(forged), forged).toBeUndefined();
    }
    const before = await rig.subscriptionStore.subscription(chatKey(alice), STALLED_ABROAD);
    const answer = await press(rig, bob, { kind: 'keep_following', number: STALLED_ABROAD });
    expect(reply(answer)).toContain(`doesn't follow ${STALLED_ABROAD}`);
    expect(await rig.subscriptionStore.subscription(chatKey(bob), STALLED_ABROAD)).toBeUndefined();
    expect(await rig.subscriptionStore.subscription(chatKey(alice), STALLED_ABROAD)).toEqual(before);
  });
});
