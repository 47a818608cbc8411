import * as z from 'zod';
import type { Clock } from '../../time/clock.js';
import type { CallApi } from './bot-api.js';
import { TelegramCallError } from './telegram-errors.js';

/**
 * The part of a ChatMember Postie reads (https://core.telegram.org/bots/api#chatmember): its `status`,
 * one of `creator`, `administrator`, `member`, `restricted`, `left`, `kicked`. Any other shape is not
 * an answer; a status Telegram adds later is not an administrator's.
 */
const ChatMemberSchema = z.looseObject({ status: z.string() });
const ADMIN_STATUSES: ReadonlySet<string> = new Set(['creator', 'administrator']);

/** Whether a user administers a group; rejects with a {@link TelegramCallError} when Telegram cannot tell. */
export type ChatAdmins = (chatId: number, userId: number) => Promise<boolean>;

export interface ChatAdminsDeps {
  /** The Bot API with its deadline (`bot-api.ts`). */
  readonly callApi: CallApi;
  readonly clock: Clock;
  /**
   * How long an answer is kept. Short, so that a demoted administrator's press soon counts as a
   * member's, while a burst of presses asks Telegram once. @defaultValue 10 000 ms
   */
  readonly ttlMs?: number;
  /** Answers kept at most (oldest dropped first). @defaultValue 1 000 */
  readonly maxEntries?: number;
}

/**
 * Asks Telegram whether a user is a group's creator or one of its administrators, with getChatMember
 * (https://core.telegram.org/bots/api#getchatmember), an ordinary Bot API call with its deadline. Answers
 * are kept briefly, and concurrent questions about the same person share one call; failures are not
 * kept, so the next question asks again. Anonymous administrators post as the group itself
 * (`sender_chat`): the translation answers for them without asking (`telegram-updates.ts`).
 */
export function createChatAdmins(deps: ChatAdminsDeps): ChatAdmins {
  const ttlMs = deps.ttlMs ?? 10_000;
  const maxEntries = deps.maxEntries ?? 1000;
  const known = new Map<string, { readonly admin: boolean; readonly until: number }>();
  const asking = new Map<string, Promise<boolean>>();

  const ask = async (chatId: number, userId: number): Promise<boolean> => {
    let answer: unknown;
    try {
      answer = await deps.callApi('getChatMember', { chat_id: chatId, user_id: userId });
    } catch (error) {
      throw new TelegramCallError('getChatMember', error);
    }
    const member = ChatMemberSchema.safeParse(answer);
    if (!member.success)
      throw new TelegramCallError('getChatMember', new Error('a ChatMember not as the Bot API documents it'));
    return ADMIN_STATUSES.has(member.data.status);
  };

  return async (chatId, userId) => {
    const key = `${chatId}:${userId}`;
    const kept = known.get(key);
    if (kept && kept.until > deps.clock.now()) return kept.admin;
    const pending = asking.get(key);
    if (pending) return pending;
    const question = ask(chatId, userId)
      .then((admin) => {
        known.delete(key);
        known.set(key, { admin, until: deps.clock.now() + ttlMs });
        for (const oldest of known.keys()) {
          if (known.size <= maxEntries) break;
          known.delete(oldest);
        }
        return admin;
      })
      .finally(() => asking.delete(key));
    asking.set(key, question);
    return question;
  };
}
