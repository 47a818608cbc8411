import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Frontend } from '../../../src/domain/frontend.js';
import { createDiscordFrontend } from '../../../src/frontends/discord/index.js';
import { openSqliteBackend } from '../../../src/store/sqlite-backend.js';
import type { StoreBackend } from '../../../src/store/store-backend.js';
import { createManualClock, type ManualClock } from '../../../src/time/manual-clock.js';
import { type BotRig, startBotRig } from '../../helpers/bot-rig.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import { pressButton, slashCommand } from './discord-payloads.js';
import { type FakeDiscord, type LoggedRequest, startFakeDiscord } from './fake-discord.js';
import type { FakeInteraction, Json } from './fake-state.js';

/**
 * A slash command deferred and not answered when a run of Postie ends (its shutdown given up at once,
 * as a crash leaves it) is answered by the next run, which edits the deferred reply through the
 * interaction's webhook while the token is valid (15 minutes), and forgotten once it is not.
 */
let rig: BotRig;
let fake: FakeDiscord;
let store: StoreBackend;
let deadlines: ManualClock;
const running: Frontend[] = [];
const { logger, lines } = captureLogger('info');

beforeAll(async () => {
  rig = await startBotRig();
});
afterAll(() => rig.close());
afterEach(async () => {
  for (const frontend of running.splice(0)) await frontend.stop();
  expect(fake.problems()).toEqual([]);
  await fake.close();
  await store.close();
});

async function run(): Promise<Frontend> {
  const config = { token: fake.token, applicationId: fake.applicationId, apiRoot: fake.apiRoot };
  const frontend = createDiscordFrontend({
    config,
    core: rig.core,
    store,
    logger,
    clock: rig.clock,
    deadlineClock: deadlines,
  });
  running.push(frontend);
  await frontend.start();
  return frontend;
}

/** Ends a run with its shutdown given up at once. */
async function giveUp(frontend: Frontend): Promise<void> {
  running.splice(running.indexOf(frontend), 1);
  const abandon = new AbortController();
  abandon.abort();
  await frontend.stop(abandon.signal);
}

const editsOf = (interaction: FakeInteraction): LoggedRequest[] =>
  fake.requests.filter(
    (r) => r.method === 'PATCH' && r.path.endsWith(`/${interaction.token}/messages/@original`),
  );

const DELIVERED = 'RB000000014HK';

/**
 * A run in which `interact` sends an interaction whose answer (an edit of the original) never arrives,
 * given up; `prepare` runs first, with every call answered.
 */
async function deferredThenCut(
  interact: () => FakeInteraction = () => slashCommand(fake, 'help', {}),
  prepare: () => Promise<void> = async () => undefined,
): Promise<FakeInteraction> {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 250 });
  store = openSqliteBackend(':memory:');
  deadlines = createManualClock(Date.now());
  const first = await run();
  await prepare();
  fake.hangNext(/^PATCH \/webhooks\//);
  const interaction = interact();
  await expect.poll(() => fake.hanging, { timeout: 10_000 }).toBe(1);
  await giveUp(first);
  return interaction;
}

describe('Discord: deferred commands survive a crash', () => {
  it('answers after a restart a command deferred and not answered when the run ended', async () => {
    const interaction = await deferredThenCut();
    expect(editsOf(interaction)).toHaveLength(1);
    await run();
    await expect.poll(() => editsOf(interaction).length, { timeout: 10_000 }).toBe(2);
    const [, edit] = editsOf(interaction);
    expect(JSON.stringify((edit?.body ?? {}) as Json)).toContain('/track');
  });

  it('answers after a restart a button press deferred and not answered, by editing the pressed message', async () => {
    let track: FakeInteraction | undefined;
    const press = await deferredThenCut(
      () => {
        const message = track && fake.state.originalOf(track);
        if (!message) throw new Error('the /track answer is not in the channel');
        return pressButton(fake, message, `r:${DELIVERED}:hongkong-post`);
      },
      async () => {
        const asked = slashCommand(fake, 'track', { numbers: DELIVERED });
        track = asked;
        await expect.poll(() => editsOf(asked).length, { timeout: 10_000 }).toBe(1);
      },
    );
    expect(editsOf(press)).toHaveLength(1);
    await run();
    await expect.poll(() => editsOf(press).length, { timeout: 10_000 }).toBe(2);
    expect(JSON.stringify((editsOf(press)[1]?.body ?? {}) as Json)).toContain(`Hongkong Post ${DELIVERED}`);
  });

  it('forgets one whose interaction token has run out (15 minutes), with a log line', async () => {
    const interaction = await deferredThenCut();
    await deadlines.advance(15 * 60_000);
    await run();
    await expect
      .poll(() =>
        lines.some((l) => l['msg'] === 'a pending Discord interaction is too old to answer: dropped'),
      )
      .toBe(true);
    expect(editsOf(interaction)).toHaveLength(1);
  });
});
