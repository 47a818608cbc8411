import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Chat, Update, User, UserFromGetMe } from 'telegraf/types';
import { createLimitEnforcer, type FakeLimits, TELEGRAM_LIMITS } from './fake-telegram-limits.js';
import {
  type ApiError,
  type Body,
  badRequest,
  callMethod,
  type FakeState,
  type StoredMessage,
} from './fake-telegram-methods.js';

/**
 * A fake Telegram Bot API server on loopback for the real telegraf bot: `POST /bot<token>/<method>` with
 * JSON, answering `{ ok, result }` or `{ ok: false, error_code, description, parameters }` like
 * https://core.telegram.org/bots/api#making-requests. getUpdates long-polls with offsets; messages,
 * edits, button presses and menus are kept for assertions; every call is logged. An unknown method or
 * a wrong token is recorded in `problems` (tests assert it stays empty). Errors can be switched on: a
 * 429 with `retry_after` for the next calls of a method, a 403 for a chat that blocked the bot; so can
 * network faults: a call that is never answered (a hung Telegram), a connection dropped unanswered
 * (Telegram unreachable). With
 * `limits`, the fake also holds the bot to Telegram's send limits as the real service does, answering
 * 429 to a sendMessage over any of them.
 */

export interface ApiCall {
  readonly method: string;
  readonly body: Body;
  readonly at: number;
}

export interface FakeTelegram {
  /** For `TelegramConfig.apiRoot`. */
  readonly apiRoot: string;
  readonly token: string;
  readonly bot: UserFromGetMe;
  readonly calls: readonly ApiCall[];
  readonly problems: readonly string[];
  readonly state: FakeState;
  /** How many 429s the fake has answered (over the limits, or planned with `failNext`). */
  readonly tooManyRequests: number;
  /** How many long polls a second getUpdates cut short with 409, as Telegram does with two pollers. */
  readonly conflicts: number;
  /** Queues an update for getUpdates (long polls waiting get it at once); returns it with its id. */
  push(
    update:
      | Omit<Update.MessageUpdate, 'update_id'>
      | Omit<Update.ChannelPostUpdate, 'update_id'>
      | Omit<Update.CallbackQueryUpdate, 'update_id'>,
  ): Update;
  /**
   * A user writes `text` in `chat`; commands and @mentions get their entities as Telegram adds them.
   * `asGroup`: an anonymous administrator posts as the group itself (`sender_chat` is the chat, `from`
   * the GroupAnonymousBot, as Telegram sends it).
   */
  userSays(
    chat: Chat,
    from: User,
    text: string,
    options?: { replyTo?: StoredMessage; asGroup?: boolean },
  ): Update;
  /**
   * An administrator posts `text` in the channel `chat` (a `channel_post`: `sender_chat` the channel,
   * no `from`, as Telegram sends posts to bots that administer the channel).
   */
  channelPost(chat: Chat.ChannelChat, text: string): Update;
  /** `from` types `@<bot> query` in any chat: an inline query (https://core.telegram.org/bots/api#inlinequery). */
  inlineQuery(from: User, query: string): Update & { inline_query: { id: string } };
  /** Gives `userId` a status in `chatId` (`creator`, `administrator`, `left`, …) as getChatMember reports it. */
  setMember(chatId: number, userId: number, status: string): void;
  /**
   * Telegram sends `update` again, with its own update_id, as it does with one whose getUpdates offset
   * was never confirmed (a crash before the next poll) or whose webhook call went unanswered.
   */
  resend(update: Update): void;
  /** The updates queued and not yet confirmed by a getUpdates offset, oldest first. */
  unconfirmed(): Update[];
  /** A user presses a button (by its callback_data) under one of the bot's messages. */
  press(message: StoredMessage, from: User, data: string): Update;
  /** The next `times` calls of `method` fail with `error`. */
  failNext(method: string, error: ApiError, times?: number): void;
  /** The next `times` calls of `method` are never answered (until the caller gives up or the fake closes). */
  hangNext(method: string, times?: number): void;
  /** The next `times` calls of `method` have their connection dropped without an answer. */
  dropNext(method: string, times?: number): void;
  /** Calls received and never answered, still open. */
  readonly hanging: number;
  /** Messages in a chat, oldest first. */
  messagesIn(chatId: number): StoredMessage[];
  /** Resolves with the first truthy value of `check`, tried after every API call and every 10 ms; rejects after `timeoutMs`. */
  waitFor<T>(check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/** The bot whose name anonymous group administrators post under (Telegram's own, id 1087968824). */
const GROUP_ANONYMOUS_BOT = {
  id: 1_087_968_824,
  is_bot: true,
  first_name: 'Group',
  username: 'GroupAnonymousBot',
};

export async function startFakeTelegram(options: {
  token: string;
  username?: string;
  /**
   * Enforce send limits (`true`: Telegram's own, TELEGRAM_LIMITS), measured on real time from each
   * request's arrival. Off by default.
   */
  limits?: boolean | FakeLimits;
}): Promise<FakeTelegram> {
  const bot: UserFromGetMe = {
    id: 7_000_000_001,
    is_bot: true,
    first_name: 'Postie',
    username: options.username ?? 'PostieBot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  };
  const calls: ApiCall[] = [];
  const problems: string[] = [];
  const updates: Update[] = [];
  const failures = new Map<string, (ApiError | 'hang' | 'drop')[]>();
  const hanging = new Set<ServerResponse>();
  const plan = (method: string, fault: ApiError | 'hang' | 'drop', times: number) =>
    failures.set(method, [...(failures.get(method) ?? []), ...Array.from({ length: times }, () => fault)]);
  const listeners = new Set<() => void>();
  const counters = new Map<number, number>();
  const enforcer = options.limits
    ? createLimitEnforcer(options.limits === true ? TELEGRAM_LIMITS : options.limits)
    : undefined;
  let tooManyRequests = 0;
  let conflicts = 0;
  /** The long poll waiting now: a second getUpdates ends it with 409. */
  let waitingPoll: (() => void) | undefined;
  let lastUpdateId = 100;
  /** Every update below it is confirmed: the highest getUpdates offset received. */
  let confirmedBelow = 0;
  const state: FakeState = {
    bot,
    chats: new Map(),
    messages: [],
    blocked: new Set(),
    openQueries: new Set(),
    answeredQueries: [],
    menus: new Map(),
    members: new Map(),
    webhook: undefined,
    chatActions: [],
    openInlineQueries: new Set(),
    inlineAnswers: new Map(),
    nextMessageId: (chatId) => {
      const id = (counters.get(chatId) ?? 0) + 1;
      counters.set(chatId, id);
      return id;
    },
  };
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };

  const send = (res: ServerResponse, outcome: { result: unknown } | { error: ApiError }) => {
    if (res.writableEnded || res.destroyed) return;
    const status = 'error' in outcome ? outcome.error.error_code : 200;
    if (status === 429) tooManyRequests += 1;
    const body = 'error' in outcome ? { ok: false, ...outcome.error } : { ok: true, result: outcome.result };
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  /** getUpdates: confirmed updates (below `offset`) are forgotten; with none pending, waits up to `timeout` s. */
  function getUpdates(body: Body, res: ServerResponse) {
    if (state.webhook) {
      const description =
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
      return send(res, { error: { error_code: 409, description } });
    }
    // Telegram ends a waiting getUpdates when another arrives: "Conflict: terminated by other getUpdates
    // request; make sure that only one bot instance is running".
    waitingPoll?.();
    const offset = Number(body['offset'] ?? 0);
    confirmedBelow = Math.max(confirmedBelow, offset);
    const limit = Number(body['limit'] ?? 100);
    const pending = () => {
      while (updates[0] && updates[0].update_id < offset) updates.shift();
      return updates.slice(0, limit);
    };
    if (pending().length > 0 || !body['timeout']) return send(res, { result: pending() });
    const answer = () => {
      if (pending().length === 0) return;
      stop();
      send(res, { result: pending() });
    };
    const timer = setTimeout(() => {
      stop();
      send(res, { result: [] });
    }, Number(body['timeout']) * 1000);
    const stop = () => {
      clearTimeout(timer);
      listeners.delete(answer);
      if (waitingPoll === terminate) waitingPoll = undefined;
    };
    const terminate = () => {
      stop();
      conflicts += 1;
      const description =
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';
      send(res, { error: { error_code: 409, description } });
    };
    waitingPoll = terminate;
    listeners.add(answer);
    res.on('close', stop);
  }

  /** A group, supergroup or channel: as the fake knows the chat, else by its id's sign. */
  const isGroup = (chatId: number) => {
    const type = state.chats.get(chatId)?.type;
    return type === undefined ? chatId < 0 : type !== 'private';
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // When the request arrived, before its body is read: what the limits are measured on.
    const arrivedAt = performance.now();
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    if (!match || match[1] !== options.token) {
      problems.push(`request to ${match ? 'a wrong token' : req.url}`);
      return send(res, { error: { error_code: 401, description: 'Unauthorized' } });
    }
    const method = match[2] ?? '';
    const body = (raw === '' ? {} : JSON.parse(raw)) as Body;
    calls.push({ method, body, at: Date.now() });
    const planned = failures.get(method)?.shift();
    const chatId = Number(body['chat_id']);
    const limited = planned ? undefined : enforcer?.admit(method, chatId, isGroup(chatId), arrivedAt);
    if (planned === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
    } else if (planned === 'drop') res.socket?.destroy();
    else if (planned) send(res, { error: planned });
    else if (limited) send(res, { error: limited });
    else if (method === 'getUpdates') getUpdates(body, res);
    else {
      const outcome = callMethod(state, method, body, Date.now());
      if (!outcome) problems.push(`unknown method ${method}`);
      send(res, outcome ?? { error: { error_code: 404, description: 'Not Found: method not found' } });
    }
    notify();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      problems.push(`fake failed: ${String(error)}`);
      send(res, badRequest('fake failed'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const push: FakeTelegram['push'] = (partial) => {
    const update = { update_id: ++lastUpdateId, ...partial } as Update;
    updates.push(update);
    notify();
    return update;
  };

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token: options.token,
    bot,
    calls,
    problems,
    state,
    get tooManyRequests() {
      return tooManyRequests;
    },
    get conflicts() {
      return conflicts;
    },
    push,
    userSays(chat, from, text, { replyTo, asGroup } = {}) {
      state.chats.set(chat.id, chat);
      const message = {
        message_id: state.nextMessageId(chat.id),
        date: Math.floor(Date.now() / 1000),
        chat,
        ...(asGroup ? { from: GROUP_ANONYMOUS_BOT, sender_chat: chat } : { from }),
        text,
        ...entitiesOf(text),
        ...(replyTo
          ? {
              reply_to_message: {
                message_id: replyTo.messageId,
                date: 0,
                chat,
                from: bot,
                text: replyTo.text,
              },
            }
          : {}),
      };
      // Wire JSON as Telegram sends it (typegram's unions need more fields than a test message has).
      return push({ message } as unknown as Omit<Update.MessageUpdate, 'update_id'>);
    },
    unconfirmed: () => updates.filter((u) => u.update_id >= confirmedBelow),
    resend(update) {
      const at = updates.findIndex((u) => u.update_id > update.update_id);
      updates.splice(at === -1 ? updates.length : at, 0, update);
      notify();
    },
    channelPost(chat, text) {
      state.chats.set(chat.id, chat);
      const channel_post = {
        message_id: state.nextMessageId(chat.id),
        date: Math.floor(Date.now() / 1000),
        chat,
        sender_chat: chat,
        text,
        ...entitiesOf(text),
      };
      return push({ channel_post } as unknown as Omit<Update.ChannelPostUpdate, 'update_id'>);
    },
    inlineQuery(from, query) {
      const id = `iq${lastUpdateId + 1}`;
      state.openInlineQueries.add(id);
      const inline_query = { id, from, query, offset: '', chat_type: 'sender' };
      return push({ inline_query } as unknown as Omit<Update.MessageUpdate, 'update_id'>) as Update & {
        inline_query: { id: string };
      };
    },
    press(message, from, data) {
      const id = `q${lastUpdateId + 1}`;
      state.openQueries.add(id);
      const chat = state.chats.get(message.chatId);
      const callback_query = {
        id,
        from,
        chat_instance: `ci${message.chatId}`,
        data,
        message: { message_id: message.messageId, date: 1, chat, from: bot, text: message.text },
      };
      return push({ callback_query } as unknown as Omit<Update.CallbackQueryUpdate, 'update_id'>);
    },
    setMember: (chatId, userId, status) => void state.members.set(`${chatId}:${userId}`, status),
    failNext: (method, error, times = 1) => void plan(method, error, times),
    hangNext: (method, times = 1) => void plan(method, 'hang', times),
    dropNext: (method, times = 1) => void plan(method, 'drop', times),
    get hanging() {
      return hanging.size;
    },
    messagesIn: (chatId) => state.messages.filter((m) => m.chatId === chatId),
    waitFor(check, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const attempt = () => {
          const value = check();
          if (!value) return;
          listeners.delete(attempt);
          clearTimeout(timer);
          clearInterval(poll);
          resolve(value);
        };
        // Also checked now and then: some conditions (log lines) change after a call has been answered.
        const poll = setInterval(attempt, 10);
        const timer = setTimeout(() => {
          clearInterval(poll);
          listeners.delete(attempt);
          const recent = calls.slice(-5).map((c) => c.method);
          reject(
            new Error(
              `fake Telegram: condition not met in ${timeoutMs} ms (last calls: ${recent.join(', ')})`,
            ),
          );
        }, timeoutMs);
        listeners.add(attempt);
        attempt();
      });
    },
    close: () =>
      new Promise((resolve) => {
        listeners.clear();
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The entities Telegram adds to a text: a command at its start, and @mentions. */
function entitiesOf(text: string): { entities?: { type: string; offset: number; length: number }[] } {
  const entities = [...text.matchAll(/(?<=^|\s)(\/[A-Za-z0-9_@]+|@[A-Za-z0-9_]{5,32})/g)]
    .filter((m) => m[0].startsWith('@') || m.index === 0)
    .map((m) => ({
      type: m[0].startsWith('/') ? 'bot_command' : 'mention',
      offset: m.index,
      length: m[0].length,
    }));
  return entities.length > 0 ? { entities } : {};
}
