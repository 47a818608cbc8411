import type { InlineKeyboardMarkup, UserFromGetMe } from 'telegraf/types';
import { parseTelegramHtml } from './telegram-html.js';

/**
 * The Bot API methods the fake answers, each checking its parameters the way the documentation says
 * (https://core.telegram.org/bots/api#available-methods) and answering with Telegram's own error texts.
 */

export type Body = Readonly<Record<string, unknown>>;
export type ApiError = {
  readonly error_code: number;
  readonly description: string;
  readonly parameters?: Body;
};
export type Outcome = { readonly result: unknown } | { readonly error: ApiError };

export interface StoredMessage {
  readonly chatId: number;
  readonly messageId: number;
  readonly fromBot: boolean;
  /** As sent (HTML), and as the user sees it. */
  html: string;
  text: string;
  replyMarkup?: InlineKeyboardMarkup;
  edits: number;
}

/** What the methods read and change; the server owns it. */
export interface FakeState {
  readonly bot: UserFromGetMe;
  readonly chats: Map<number, { id: number; type: string }>;
  readonly messages: StoredMessage[];
  readonly blocked: Set<number>;
  readonly openQueries: Set<string>;
  readonly answeredQueries: string[];
  readonly menus: Map<string, readonly { command: string; description: string }[]>;
  /** Members' statuses by `<chat id>:<user id>` (`creator`, `administrator`, …); anyone else is a `member`. */
  readonly members: Map<string, string>;
  webhook: { url: string; secret?: string } | undefined;
  /** Inline queries sent and not yet answered. */
  readonly openInlineQueries: Set<string>;
  /** answerInlineQuery bodies the fake accepted, by inline query id. */
  readonly inlineAnswers: Map<string, Body>;
  /** sendChatAction calls the fake took, oldest first. */
  readonly chatActions: { chatId: number; action: string; threadId?: number }[];
  nextMessageId(chatId: number): number;
}

/** https://core.telegram.org/bots/api#sendchataction `action`. */
const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

export const badRequest = (description: string): Outcome => ({
  error: { error_code: 400, description: `Bad Request: ${description}` },
});

/** Text, parse mode and buttons of sendMessage / editMessageText, checked as Telegram checks them. */
function readContent(body: Body): { html: string; text: string; markup?: InlineKeyboardMarkup } | Outcome {
  if (typeof body['text'] !== 'string') return badRequest('message text is empty');
  const html = body['text'];
  let text = html;
  if (body['parse_mode'] !== undefined) {
    if (body['parse_mode'] !== 'HTML') return badRequest('unsupported parse_mode');
    const parsed = parseTelegramHtml(html);
    if (!parsed.ok) return badRequest(parsed.error);
    text = parsed.text;
  }
  if (text.trim() === '') return badRequest('message text is empty');
  if (text.length > 4096) return badRequest('message is too long');
  const markup = body['reply_markup'] as InlineKeyboardMarkup | undefined;
  for (const button of markup?.inline_keyboard.flat() ?? []) {
    if ('url' in button) continue; // checked where URL buttons are sent (inline results)
    const data = 'callback_data' in button ? button.callback_data : undefined;
    if (!button.text || data === undefined || Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64)
      return badRequest('BUTTON_DATA_INVALID');
  }
  return { html, text, ...(markup ? { markup } : {}) };
}

function chatFor(state: FakeState, body: Body): { id: number; type: string } | Outcome {
  const chat = state.chats.get(Number(body['chat_id']));
  if (!chat) return badRequest('chat not found');
  if (state.blocked.has(chat.id))
    return { error: { error_code: 403, description: 'Forbidden: bot was blocked by the user' } };
  return chat;
}

const asMessage = (state: FakeState, m: StoredMessage, date: number) => ({
  message_id: m.messageId,
  date,
  chat: state.chats.get(m.chatId),
  from: state.bot,
  text: m.text,
  ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
});

export function callMethod(state: FakeState, method: string, body: Body, now: number): Outcome | undefined {
  const date = Math.floor(now / 1000);
  switch (method) {
    case 'getMe':
      return { result: state.bot };
    case 'deleteWebhook':
      state.webhook = undefined;
      return { result: true };
    case 'setWebhook': {
      const url = body['url'];
      const secret = body['secret_token'];
      if (typeof url !== 'string' || !url.startsWith('https://'))
        return badRequest('bad webhook: HTTPS url must be provided for webhook');
      if (secret !== undefined && (typeof secret !== 'string' || !/^[A-Za-z0-9_-]{1,256}$/.test(secret)))
        return badRequest('secret token contains unallowed characters');
      state.webhook = { url, ...(typeof secret === 'string' ? { secret } : {}) };
      return { result: true };
    }
    case 'setMyCommands': {
      const commands = body['commands'] as { command: string; description: string }[] | undefined;
      const language = body['language_code'];
      if (language !== undefined && !/^[a-z]{2}$/.test(String(language)))
        return badRequest('invalid language code');
      const valid = commands?.every(
        (c) =>
          /^[a-z0-9_]{1,32}$/.test(c.command) && c.description.length >= 1 && c.description.length <= 256,
      );
      if (!commands || !valid || commands.length > 100) return badRequest('BOT_COMMANDS_INVALID');
      state.menus.set(typeof language === 'string' ? language : '', commands);
      return { result: true };
    }
    case 'sendMessage': {
      const chat = chatFor(state, body);
      if ('result' in chat || 'error' in chat) return chat;
      const content = readContent(body);
      if ('result' in content || 'error' in content) return content;
      const message: StoredMessage = {
        chatId: chat.id,
        messageId: state.nextMessageId(chat.id),
        fromBot: true,
        html: content.html,
        text: content.text,
        ...(content.markup ? { replyMarkup: content.markup } : {}),
        edits: 0,
      };
      state.messages.push(message);
      return { result: asMessage(state, message, date) };
    }
    case 'editMessageText': {
      const chat = chatFor(state, body);
      if ('result' in chat || 'error' in chat) return chat;
      const message = state.messages.find((m) => m.chatId === chat.id && m.messageId === body['message_id']);
      if (!message) return badRequest('message to edit not found');
      if (!message.fromBot) return badRequest("message can't be edited");
      const content = readContent(body);
      if ('result' in content || 'error' in content) return content;
      if (
        content.html === message.html &&
        JSON.stringify(content.markup) === JSON.stringify(message.replyMarkup)
      )
        return badRequest(
          'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
        );
      Object.assign(message, {
        html: content.html,
        text: content.text,
        replyMarkup: content.markup,
        edits: message.edits + 1,
      });
      return { result: asMessage(state, message, date) };
    }
    case 'getChatMember': {
      // https://core.telegram.org/bots/api#getchatmember: a ChatMember with its status and user.
      const chat = chatFor(state, body);
      if ('result' in chat || 'error' in chat) return chat;
      const userId = body['user_id'];
      if (typeof userId !== 'number') return badRequest('invalid user_id specified');
      const status = state.members.get(`${chat.id}:${userId}`) ?? 'member';
      const user = { id: userId, is_bot: false, first_name: `User ${userId}` };
      return { result: { status, user } };
    }
    case 'sendChatAction': {
      // https://core.telegram.org/bots/api#sendchataction: one of the documented actions, in a known chat.
      const chat = chatFor(state, body);
      if ('result' in chat || 'error' in chat) return chat;
      const action = String(body['action']);
      if (!CHAT_ACTIONS.has(action)) return badRequest('wrong parameter action in request');
      const thread = body['message_thread_id'];
      state.chatActions.push({
        chatId: chat.id,
        action,
        ...(typeof thread === 'number' ? { threadId: thread } : {}),
      });
      return { result: true };
    }
    case 'answerInlineQuery':
      return answerInlineQuery(state, body);
    case 'answerCallbackQuery': {
      const id = String(body['callback_query_id']);
      if (!state.openQueries.delete(id))
        return badRequest('query is too old and response timeout expired or query ID is invalid');
      state.answeredQueries.push(id);
      return { result: true };
    }
    default:
      return undefined;
  }
}

/**
 * https://core.telegram.org/bots/api#answerinlinequery: once per query, at most 50 results, each an
 * InlineQueryResult the fake can check (articles: a unique 1-64-byte id, a title, a text message within
 * Telegram's limits, URL or callback buttons).
 */
function answerInlineQuery(state: FakeState, body: Body): Outcome {
  const id = String(body['inline_query_id']);
  if (!state.openInlineQueries.delete(id))
    return badRequest('query is too old and response timeout expired or query ID is invalid');
  const results = body['results'];
  if (!Array.isArray(results) || results.length > 50) return badRequest('RESULTS_TOO_MUCH');
  const ids = new Set<string>();
  for (const result of results as Body[]) {
    const resultId = result['id'];
    if (typeof resultId !== 'string' || Buffer.byteLength(resultId) < 1 || Buffer.byteLength(resultId) > 64)
      return badRequest('RESULT_ID_INVALID');
    if (ids.has(resultId)) return badRequest('RESULT_ID_DUPLICATE');
    ids.add(resultId);
    if (result['type'] !== 'article') return badRequest('RESULT_TYPE_INVALID');
    if (typeof result['title'] !== 'string' || result['title'].trim() === '')
      return badRequest('RESULT_TITLE_EMPTY');
    const content = result['input_message_content'] as Body | undefined;
    const checked = readContent({ ...content, text: content?.['message_text'] });
    if ('error' in checked || 'result' in checked) return checked;
    const buttons =
      (result['reply_markup'] as InlineKeyboardMarkup | undefined)?.inline_keyboard.flat() ?? [];
    for (const button of buttons) {
      const url = 'url' in button ? button.url : undefined;
      if (!button.text || (url !== undefined && !/^https?:\/\/\S+$/.test(url)))
        return badRequest('BUTTON_URL_INVALID');
    }
  }
  const cache = body['cache_time'];
  if (cache !== undefined && (typeof cache !== 'number' || cache < 0))
    return badRequest('cache_time invalid');
  state.inlineAnswers.set(id, body);
  return { result: true };
}
