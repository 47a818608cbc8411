import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Frontend } from '../../../src/domain/frontend.js';
import { createDiscordFrontend } from '../../../src/frontends/discord/index.js';
import type { Logger } from '../../../src/logger.js';
import { type BotRig, startBotRig } from '../../helpers/bot-rig.js';
import { type FakeDiscord, startFakeDiscord } from './fake-discord.js';

export interface DiscordSuite {
  /** The bot rig (real core, carrier sandboxes) shared by the file's tests. */
  readonly rig: BotRig;
  /** The fake Discord gateway and REST API the front-end talks to. */
  readonly fake: FakeDiscord;
  /** The real discord.js front-end, started on the rig's core. */
  readonly frontend: Frontend;
}

/**
 * Registers the hooks of a Discord test file: one rig, fake Discord and started front-end for the file,
 * stopped after it, and after each test: nothing reached the fake that Discord would refuse.
 */
export function discordSuite(logger: Logger): DiscordSuite {
  let parts: DiscordSuite | undefined;
  beforeAll(async () => {
    const rig = await startBotRig();
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 250 });
    const config = { token: fake.token, applicationId: fake.applicationId, apiRoot: fake.apiRoot };
    const frontend = createDiscordFrontend({ config, core: rig.core, logger, clock: rig.clock });
    parts = { rig, fake, frontend };
    await frontend.start();
  });
  afterAll(async () => {
    await parts?.frontend.stop();
    await parts?.fake.close();
    await parts?.rig.close();
  });
  afterEach(() => {
    expect(parts?.fake.problems()).toEqual([]);
  });
  const need = (): DiscordSuite => {
    if (!parts) throw new Error('the Discord suite is not running');
    return parts;
  };
  return {
    get rig() {
      return need().rig;
    },
    get fake() {
      return need().fake;
    },
    get frontend() {
      return need().frontend;
    },
  };
}
