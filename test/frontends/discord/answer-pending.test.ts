import type { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { answerPending } from '../../../src/frontends/discord/answer-pending.js';
import type { PendingInteraction } from '../../../src/frontends/discord/pending-interactions.js';
import { createManualClock } from '../../../src/time/manual-clock.js';
import { startBotRig } from '../../helpers/bot-rig.js';
import { captureLogger } from '../../helpers/capture-logger.js';

const stale = (id: string): PendingInteraction => ({
  kind: 'command',
  id,
  token: `token-${id}`,
  receivedAt: 0,
  chat: { platform: 'discord', id: '1', kind: 'private' },
  user: { id: '2' },
  isAdmin: true,
  text: '/help',
  command: { name: 'help', args: '' },
  personal: false,
});

describe('answering what a crash left pending on Discord', () => {
  it('goes on to the next interaction when the store fails to forget one', async () => {
    const rig = await startBotRig();
    const finished: string[] = [];
    const { logger } = captureLogger('silent');
    try {
      await answerPending({
        // Tokens past their 15 minutes: nothing is sent, each is only forgotten.
        client: {} as Client<true>,
        applicationId: 'app',
        core: rig.core,
        pending: {
          record: async () => undefined,
          claim: async () => undefined,
          list: async () => [stale('a'), stale('b')],
          async finish(id) {
            finished.push(id);
            if (id === 'a') throw new Error('the store is away');
          },
        },
        logger,
        clock: createManualClock(60 * 60_000),
        givenUp: () => false,
      });
      expect(finished).toEqual(['a', 'b']);
    } finally {
      await rig.close();
    }
  });
});
