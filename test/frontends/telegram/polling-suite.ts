import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { BotCore } from '../../../src/core/bot-core.js';
import { type BotRig, startBotRig } from '../../helpers/bot-rig.js';
import { captureLogger } from '../../helpers/capture-logger.js';
import type { ApiCall } from './fake-telegram.js';
import type { StoredMessage } from './fake-telegram-methods.js';
import { type RunningTelegram, startTelegram, TOKEN } from './telegram-harness.js';

export interface PollingSuite {
  /** The bot rig (real core, carrier sandboxes) shared by the file's tests. */
  readonly rig: BotRig;
  /** The running front-end of the current test. */
  readonly tg: RunningTelegram;
  /** The current test's log lines, as objects. */
  readonly logs: Record<string, unknown>[];
  /** Starts the front-end in long-polling mode on the rig's core, or on `core`. */
  start(core?: BotCore): Promise<void>;
  /** sendMessage calls to one chat, oldest first. */
  sendsTo(chatId: number): ApiCall[];
  /** Resolves with the messages in `chatId` once there are at least `count`. */
  messages(chatId: number, count: number): Promise<StoredMessage[]>;
}

/** The callback data of the first button whose label matches `label`, or '' when there is none. */
export const buttonDataOf = (label: RegExp, markup: StoredMessage['replyMarkup']): string =>
  markup?.inline_keyboard
    .flat()
    .map((b) => ({ text: b.text, data: 'callback_data' in b ? b.callback_data : '' }))
    .find((b) => label.test(b.text))?.data ?? '';

/**
 * Registers the hooks of a long-polling test file: one rig for the file, a fresh front-end and fake Bot
 * API per test, and after each test: no unexpected request reached the fake, and no log line holds the token.
 */
export function pollingSuite(): PollingSuite {
  let rig: BotRig | undefined;
  let tg: RunningTelegram | undefined;
  let logs: Record<string, unknown>[] = [];
  beforeAll(async () => {
    rig = await startBotRig();
  });
  afterAll(() => rig?.close());
  afterEach(async () => {
    await tg?.close();
    expect(tg?.fake.problems ?? []).toEqual([]);
    expect(JSON.stringify(logs)).not.toContain(TOKEN.split(':')[1]);
    tg = undefined;
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running`);
    return value;
  };
  return {
    get rig() {
      return need(rig, 'the bot rig');
    },
    get tg() {
      return need(tg, 'the Telegram front-end');
    },
    get logs() {
      return logs;
    },
    async start(core) {
      const captured = captureLogger('debug');
      logs = captured.lines;
      tg = await startTelegram({ core: core ?? need(rig, 'the bot rig').core, logger: captured.logger });
    },
    messages(chatId, count) {
      const { fake } = need(tg, 'the Telegram front-end');
      return fake.waitFor(() => fake.messagesIn(chatId).length >= count && fake.messagesIn(chatId));
    },
    sendsTo: (chatId) =>
      need(tg, 'the Telegram front-end').fake.calls.filter(
        (c) => c.method === 'sendMessage' && c.body['chat_id'] === chatId,
      ),
  };
}
