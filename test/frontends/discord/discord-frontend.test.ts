import { describe, expect, it } from 'vitest';
import { captureLogger } from '../../helpers/capture-logger.js';
import { autocomplete, DM_CHANNEL, pressButton, slashCommand, userMessage } from './discord-payloads.js';
import { discordSuite } from './discord-suite.js';
import type { LoggedRequest } from './fake-discord.js';
import { type FakeInteraction, FLAGS, type Json } from './fake-state.js';

/**
 * The real discord.js client, driven through a fake Discord gateway and REST API on loopback (STYLE.md
 * §12), answering with a real bot core whose carriers are the sandboxes.
 */
const { logger, lines } = captureLogger('debug');
const suite = discordSuite(logger);

const DELIVERED = 'RB000000014HK';

/** The interaction's requests, once `count` of them have arrived. */
async function requestsOf(interaction: FakeInteraction, count: number): Promise<LoggedRequest[]> {
  const mine = (r: LoggedRequest) => r.path.includes(interaction.token);
  await suite.fake.waitForRequest((r) => mine(r) && suite.fake.requests.filter(mine).length >= count);
  return suite.fake.requests.filter(mine);
}

const bodyOf = (r: LoggedRequest | undefined): Json => (r?.body ?? {}) as Json;
const embedsOf = (r: LoggedRequest | undefined) => (bodyOf(r)['embeds'] ?? []) as Json[];
const customIds = (r: LoggedRequest | undefined) =>
  ((bodyOf(r)['components'] ?? []) as Json[]).flatMap((row) =>
    (row['components'] as Json[]).map((b) => String(b['custom_id'])),
  );

describe('Discord front-end', () => {
  it('connects: IDENTIFY with the token and non-privileged intents, heartbeats acknowledged', async () => {
    expect(suite.fake.gateway.identifies).toHaveLength(1);
    const identify = suite.fake.gateway.identifies[0] ?? {};
    // Guilds (1) | GuildMessages (512) | DirectMessages (4096); no Message Content (32768).
    expect(identify['intents']).toBe(1 | 512 | 4096);
    await suite.fake.waitForRequest((r) => r.path === `/applications/${suite.fake.applicationId}/commands`);
    await expect.poll(() => suite.fake.gateway.heartbeats.count, { timeout: 3000 }).toBeGreaterThan(0);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'connected to Discord' }));
  });

  it('/track: deferred at once, then the original edited with an embed and buttons', async () => {
    const interaction = slashCommand(suite.fake, 'track', { numbers: DELIVERED }, { locale: 'zh-TW' });
    const [ack, edit] = await requestsOf(interaction, 2);
    expect(ack).toMatchObject({
      method: 'POST',
      path: `/interactions/${interaction.id}/${interaction.token}/callback`,
    });
    expect(bodyOf(ack)).toEqual({ type: 5, data: { flags: 0 } });
    expect((ack?.at ?? Infinity) - interaction.dispatchedAt).toBeLessThan(3000);
    expect(edit).toMatchObject({
      method: 'PATCH',
      path: `/webhooks/${suite.fake.applicationId}/${interaction.token}/messages/@original`,
    });
    const [embed] = embedsOf(edit);
    expect(embed?.['title']).toBe(`香港郵政 ${DELIVERED}`);
    expect(String(embed?.['url'])).toMatch(/^https:\/\/webapp\.hongkongpost\.hk\//);
    expect(String(embed?.['description'])).toContain('已送達');
    expect(customIds(edit)).toContain(`r:${DELIVERED}:hongkong-post`);
    expect(bodyOf(edit)['allowed_mentions']).toEqual({ parse: [] });
  });

  it('a Refresh press: update deferred, then the pressed message edited in place', async () => {
    const command = slashCommand(suite.fake, 'track', { numbers: DELIVERED });
    await requestsOf(command, 2);
    const message = suite.fake.state.originalOf(command);
    if (!message) throw new Error('the /track answer is not in the channel');
    const press = pressButton(suite.fake, message, `r:${DELIVERED}:hongkong-post`);
    const [ack, edit] = await requestsOf(press, 2);
    expect(bodyOf(ack)).toEqual({ type: 6 });
    expect(edit).toMatchObject({
      method: 'PATCH',
      path: `/webhooks/${suite.fake.applicationId}/${press.token}/messages/@original`,
    });
    expect(suite.fake.state.originalOf(press)?.id).toBe(message.id);
    expect(message['edited_timestamp']).not.toBeNull();
    expect(embedsOf(edit)[0]?.['title']).toBe(`Hongkong Post ${DELIVERED}`);
    expect(customIds(edit)).toContain(`r:${DELIVERED}:hongkong-post`);
  });

  it("autocompletes /unsubscribe with the chat's own subscriptions", async () => {
    const subscribe = slashCommand(suite.fake, 'subscribe', { number: DELIVERED, label: 'new phone' });
    await requestsOf(subscribe, 3); // deferral, "Following …", then the timeline
    const typing = autocomplete(suite.fake, 'unsubscribe', 'number', 'phone');
    const [answer] = await requestsOf(typing, 1);
    expect(bodyOf(answer)).toEqual({
      type: 8,
      data: { choices: [{ name: `new phone (${DELIVERED})`, value: DELIVERED }] },
    });
    const elsewhere = autocomplete(suite.fake, 'unsubscribe', 'number', '', { dm: true });
    const [none] = await requestsOf(elsewhere, 1);
    expect(bodyOf(none)).toEqual({ type: 8, data: { choices: [] } });
  });

  it('personal commands answer ephemerally; a private reply to a public command follows up as ephemeral', async () => {
    const zone = slashCommand(suite.fake, 'timezone', { zone: 'Mars/Olympus_Mons' });
    const [deferred, edited] = await requestsOf(zone, 2);
    expect(bodyOf(deferred)).toEqual({ type: 5, data: { flags: FLAGS.ephemeral } });
    expect(edited?.method).toBe('PATCH');
    expect(embedsOf(edited)[0]?.['description']).toContain('Mars/Olympus\\_Mons');

    // A command Discord still has registered but Postie no longer knows: the core's answer is private.
    const stale = slashCommand(suite.fake, 'parcel', { number: DELIVERED });
    const [ack, removed, followUp] = await requestsOf(stale, 3);
    expect(bodyOf(ack)).toEqual({ type: 5, data: { flags: 0 } });
    expect(removed).toMatchObject({
      method: 'DELETE',
      path: `/webhooks/${suite.fake.applicationId}/${stale.token}/messages/@original`,
    });
    expect(followUp).toMatchObject({
      method: 'POST',
      path: `/webhooks/${suite.fake.applicationId}/${stale.token}`,
    });
    expect(bodyOf(followUp)['flags']).toBe(FLAGS.ephemeral);
    expect(embedsOf(followUp)[0]?.['description']).toContain('/parcel');
  });

  it('passes /quiet’s options to the core as typed after the command: hours, then urgent', async () => {
    const quiet = slashCommand(suite.fake, 'quiet', { urgent: 'urgent', hours: '22:00-07:30' });
    const [deferred, edited] = await requestsOf(quiet, 2);
    expect(bodyOf(deferred)).toEqual({ type: 5, data: { flags: 0 } });
    const answer = String(embedsOf(edited)[0]?.['description']);
    expect(answer).toContain('Quiet hours are 22:00–07:30');
    expect(answer).toContain('out for delivery or delivered comes at once');
  });

  it('works in the DM with the bot: a chat of its own', async () => {
    const list = slashCommand(suite.fake, 'list', {}, { dm: true, locale: 'zh-CN' });
    const [deferred, edited] = await requestsOf(list, 2);
    expect(bodyOf(deferred)).toEqual({ type: 5, data: { flags: FLAGS.ephemeral } });
    // The server channel follows a parcel (see above); the DM, a chat of its own, follows none.
    const empty = suite.rig.core.renderer.t('zh-CN', 'subscriptions.empty');
    expect(String(embedsOf(edited)[0]?.['description'])).toContain(empty.slice(0, 8));
  });

  it('answers a number pasted in a DM, and a mention in the server channel, but not other chatter', async () => {
    userMessage(suite.fake, `where is my parcel ${DELIVERED}?`, { dm: true });
    const sent = await suite.fake.waitForRequest((r) => r.path === `/channels/${DM_CHANNEL}/messages`);
    expect(suite.fake.requests).toContainEqual(
      expect.objectContaining({ method: 'POST', path: `/channels/${DM_CHANNEL}/typing` }),
    );
    expect(embedsOf(sent)[0]?.['title']).toBe(`Hongkong Post ${DELIVERED}`);
    expect(bodyOf(sent)).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(String(bodyOf(sent)['nonce'])).toMatch(/^\d+\.0$/);

    const channel = `/channels/${suite.fake.state.guild.channelId}/messages`;
    userMessage(suite.fake, `just chatting about ${DELIVERED}`);
    const mention = userMessage(suite.fake, `track ${DELIVERED} please`, { mention: true });
    const reply = await suite.fake.waitForRequest((r) => r.path === channel);
    expect(bodyOf(reply)['message_reference']).toMatchObject({
      message_id: mention,
      fail_if_not_exists: false,
    });
    expect(suite.fake.requests.filter((r) => r.path === channel)).toHaveLength(1);
  });

  it('drops refusals quietly and keeps going: an expired interaction, a user who accepts no DMs', async () => {
    const before = lines.length;
    const expired = slashCommand(suite.fake, 'track', { numbers: DELIVERED }, { age: 5000 });
    await requestsOf(expired, 1);
    suite.fake.refuseChannel(DM_CHANNEL, 50007);
    userMessage(suite.fake, DELIVERED, { dm: true });
    await expect
      .poll(() => lines.slice(before).filter((l) => l['msg'] === 'Discord refused; dropped quietly').length)
      .toBe(2);
    const quiet = lines.slice(before).filter((l) => l['msg'] === 'Discord refused; dropped quietly');
    expect(quiet.map((l) => (l['failure'] as Json)['code'])).toEqual(expect.arrayContaining([10062, 50007]));
    expect(lines.slice(before).filter((l) => Number(l['level']) >= 50)).toEqual([]);

    const after = slashCommand(suite.fake, 'help', {});
    const [, answered] = await requestsOf(after, 2);
    expect(answered?.method).toBe('PATCH');
  });

  it('never logs the bot token or an interaction token', () => {
    const text = JSON.stringify(lines);
    expect(text).not.toContain(suite.fake.token);
    for (const interaction of suite.fake.state.interactions.values())
      expect(text).not.toContain(interaction.token);
  });
});
