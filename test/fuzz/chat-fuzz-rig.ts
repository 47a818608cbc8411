import type { Respond } from '../../src/core/conversation.js';
import { LOCALES } from '../../src/domain/locale.js';
import type { Reply } from '../../src/domain/reply.js';
import { toDiscordMessages } from '../../src/frontends/discord/markup.js';
import { payload } from '../../src/frontends/discord/responders.js';
import { MAX_CALLBACK_DATA_BYTES, toTelegramMessage } from '../../src/frontends/telegram/markup.js';
import { messageProblems } from '../frontends/discord/discord-rules.js';
import { TOKEN } from '../frontends/telegram/telegram-harness.js';
import { parseTelegramHtml } from '../frontends/telegram/telegram-html.js';
import { type BotRig, startBotRig } from '../helpers/bot-rig.js';

/** What went wrong with one case, and the input that did it (kept short for the report). */
interface Finding {
  readonly what: string;
  readonly input: string;
}

export interface ChatFuzzRig {
  readonly rig: BotRig;
  /** A respond that keeps the replies of the case under way. */
  collect(): { readonly replies: Reply[]; readonly respond: Respond };
  /**
   * Checks a case's replies as the platform would get them: no "something went wrong" (counted apart),
   * no stack trace or secret in any text, every reply within the platform's rules (Telegram HTML and
   * lengths, Discord's embed and component limits).
   */
  check(platform: 'telegram' | 'discord', replies: readonly Reply[], input: string): void;
  /** Replies checked so far. */
  readonly checked: number;
  /** Requests the carrier sandboxes answered (lookups that reached a carrier). */
  carrierRequests(): number;
  /** "Something went wrong" replies seen, with their inputs. */
  readonly errorReplies: Finding[];
  /** Any other failed check. */
  readonly findings: Finding[];
  /** Unhandled rejections and uncaught exceptions the process saw. */
  readonly escaped: unknown[];
  close(): Promise<void>;
}

/** A stack frame as V8 writes it: what no reply may show. */
const STACK_FRAME = /\bat (?:\S+ \()?(?:file:\/\/|\/|node:)\S+:\d+:\d+\)?/;

const textOf = (reply: Reply): string =>
  [
    ...reply.blocks.map((b) => b.spans.map((s) => `${s.text}${s.href ? ` ${s.href}` : ''}`).join('')),
    ...(reply.buttons ?? []).flat().map((b) => b.label),
  ].join('\n');

/** Shortens an input for a report: the first characters and the length. */
const short = (input: string) => `${JSON.stringify(input.slice(0, 120))} (${input.length} chars)`;

/**
 * A bot core on the carrier sandboxes (the bot rig) for fuzzing what chats send: it checks every reply
 * as the platform would get it and listens on the process for anything that escapes.
 */
export async function startChatFuzzRig(): Promise<ChatFuzzRig> {
  const escaped: unknown[] = [];
  const onEscape = (error: unknown) => escaped.push(error);
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
  // A small fair share: some numbers are looked up at the carriers' real pace, the rest are withheld
  // (an answer too), so thousands of cases take seconds, not the carriers' minutes.
  const fairShare = { perUserPerMinute: 4, perUserPerDay: 200, perChatPerMinute: 8, perChatPerDay: 400 };
  const rig = await startBotRig({ bot: { fairShare } });
  const errorTexts = new Set(
    LOCALES.map((locale) =>
      textOf(rig.core.renderer.message('error', { locale, timeZone: 'UTC', now: 0, chatKind: 'private' })),
    ),
  );
  // Credentials the carriers were configured with, and the bot token: never in a reply.
  const secrets = [
    TOKEN,
    ...Object.entries(rig.sandboxes.env)
      .filter(([key]) => /SECRET|KEY|TOKEN|CLIENT_ID|SYS_ID/.test(key))
      .map(([, value]) => value),
  ].filter((s) => s.length >= 6);
  const errorReplies: Finding[] = [];
  let checked = 0;
  const findings: Finding[] = [];

  const telegramProblems = (reply: Reply): string[] => {
    const message = toTelegramMessage(reply);
    const problems = message.chunks.flatMap((chunk) => {
      const parsed = parseTelegramHtml(chunk);
      if (!parsed.ok) return [`Telegram would refuse the HTML: ${parsed.error}`];
      return parsed.text.trim() === '' || parsed.text.length > 4096
        ? ['a Telegram message of a bad length']
        : [];
    });
    if (message.chunks.length === 0 && reply.blocks.length > 0)
      problems.push('a reply that became no message');
    for (const button of message.keyboard?.inline_keyboard.flat() ?? []) {
      const data = 'callback_data' in button ? button.callback_data : '';
      if (Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) problems.push('callback_data over 64 bytes');
    }
    return problems;
  };
  const discordProblems = (reply: Reply): string[] =>
    toDiscordMessages(reply).flatMap((m) => messageProblems(payload(m), true));

  return {
    rig,
    collect() {
      const replies: Reply[] = [];
      return { replies, respond: async (reply) => void replies.push(reply) };
    },
    check(platform, replies, input) {
      for (const reply of replies) {
        checked += 1;
        const text = textOf(reply);
        if (errorTexts.has(text)) errorReplies.push({ what: 'something went wrong', input: short(input) });
        if (STACK_FRAME.test(text))
          findings.push({ what: `a stack trace in a reply: ${text}`, input: short(input) });
        for (const secret of secrets)
          if (text.includes(secret)) findings.push({ what: 'a secret in a reply', input: short(input) });
        const problems = platform === 'telegram' ? telegramProblems(reply) : discordProblems(reply);
        for (const problem of problems) findings.push({ what: problem, input: short(input) });
      }
    },
    get checked() {
      return checked;
    },
    carrierRequests: () => Object.values(rig.sandboxes.servers).reduce((n, s) => n + s.requests.length, 0),
    errorReplies,
    findings,
    escaped,
    async close() {
      await rig.close();
      process.off('unhandledRejection', onEscape);
      process.off('uncaughtException', onEscape);
    },
  };
}
