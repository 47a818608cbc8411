import type { Update } from 'telegraf/types';
import type { FakeTelegram } from '../frontends/telegram/fake-telegram.js';

/**
 * What the crash test and the crash soak count, from what the fake Bot API saw: the commands each chat
 * sent and the answers to them, and the parcel's events each chat was told. A command's answer is
 * recognized by its first words (English), so the count needs no request ids.
 */

/** The commands the crash runs send, each with how its answer begins. */
export const COMMANDS = {
  subscribe: {
    answer: (text: string) => text.startsWith('Following ') || text.startsWith('This chat already follows'),
  },
  help: { answer: (text: string) => text.startsWith('Paste a message with tracking numbers') },
  start: { answer: (text: string) => text.startsWith("Hi! I'm Postie") },
} as const;
export type CommandKind = keyof typeof COMMANDS;

const kindOf = (text: string): CommandKind | undefined => {
  const name = /^\/([a-z]+)/.exec(text)?.[1];
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? (name as CommandKind) : undefined;
};

/** An event line as the English renderer writes it: `25 Nov, 03:40 · …`. */
const EVENT_LINE = /^\d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2}\b/;

const stripTags = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** Event lines of a message, without "· 3 hours ago" (which changes between sends of the same event). */
const eventLines = (html: string) =>
  stripTags(html)
    .split('\n')
    .filter((l) => EVENT_LINE.test(l))
    .map((l) => l.replace(/ · (?:[^·]* ago|just now)$/, ''));

interface CommandCount {
  readonly sent: number;
  readonly answered: number;
}

interface ChatEvents {
  /** Each event line told in a notification, and how many times. */
  readonly told: ReadonlyMap<string, number>;
  /** Events a notification counted without showing ("+ 2 earlier updates"). */
  readonly counted: number;
  readonly delivered: boolean;
}

export interface Ledger {
  /** A user in `chat` sends `text`; returns the update the fake queued. */
  say(chat: { id: number; group: boolean }, text: string): Update;
  /** Per chat and command kind: how many were sent, how many answers came. */
  commands(chatId: number): Record<CommandKind, CommandCount>;
  /** The command updates sent in `chatId`, by kind. */
  sentUpdates(chatId: number): readonly { readonly kind: CommandKind; readonly update: Update }[];
  events(chatId: number): ChatEvents;
}

export function createLedger(
  fake: FakeTelegram,
  speak: (chat: { id: number; group: boolean }, text: string) => Update,
): Ledger {
  const sent = new Map<number, { kind: CommandKind; update: Update }[]>();
  const botMessages = (chatId: number) => fake.messagesIn(chatId).filter((m) => m.fromBot);
  const isAnswer = (text: string) => Object.values(COMMANDS).some((c) => c.answer(text));
  return {
    say(chat, text) {
      const kind = kindOf(text);
      if (!kind) throw new Error(`not a command the crash runs count: ${text}`);
      const update = speak(chat, text);
      sent.set(chat.id, [...(sent.get(chat.id) ?? []), { kind, update }]);
      return update;
    },
    commands(chatId) {
      const texts = botMessages(chatId).map((m) => m.text);
      const mine = sent.get(chatId) ?? [];
      const count = (kind: CommandKind): CommandCount => ({
        sent: mine.filter((s) => s.kind === kind).length,
        answered: texts.filter((t) => COMMANDS[kind].answer(t)).length,
      });
      return { subscribe: count('subscribe'), help: count('help'), start: count('start') };
    },
    sentUpdates: (chatId) => sent.get(chatId) ?? [],
    events(chatId) {
      // A notification: neither an answer to a command nor the timeline shown when subscribing.
      const notifications = botMessages(chatId).filter(
        (m) => !isAnswer(m.text) && !m.text.includes('Hongkong Post'),
      );
      const told = new Map<string, number>();
      for (const line of notifications.flatMap((m) => eventLines(m.html)))
        told.set(line, (told.get(line) ?? 0) + 1);
      return {
        told,
        counted: notifications.reduce(
          (sum, m) => sum + Number(/\+ (\d+) earlier updates/.exec(m.text)?.[1] ?? 0),
          0,
        ),
        delivered: notifications.some((m) => m.text.includes('Delivered')),
      };
    },
  };
}
