import { type ChatRef, chatKey, type UserRef } from '../domain/chat.js';
import { COMMANDS, type CommandSpec, isCommandName } from '../domain/commands.js';
import { chatTimeZone, type Locale } from '../domain/locale.js';
import { isStoreUnavailable } from '../domain/store-unavailable.js';
import type { Renderer } from '../render/renderer.js';
import type { View } from '../render/view.js';
import type { ChatSettings } from '../store/chat-settings.js';
import { runAction } from './action-handlers.js';
import { type AutocompleteChoice, autocomplete } from './autocomplete.js';
import type { BotCoreDeps } from './bot-core-deps.js';
import { localeForLanguage } from './chat-locale.js';
import { runCommand } from './command-handlers.js';
import type { Conversation, Release, Respond } from './conversation.js';
import type { AdminCheck, IncomingAction, IncomingInlineQuery, IncomingMessage } from './incoming.js';
import { answerInlineQuery, type InlineAnswer } from './inline-flow.js';

/** The bot people talk to, whatever the platform: front-ends translate to and from it. */
export interface BotCore {
  readonly commands: readonly CommandSpec[];
  handleMessage(message: IncomingMessage, respond: Respond, release?: Release): Promise<void>;
  handleAction(action: IncomingAction, respond: Respond, release?: Release): Promise<void>;
  autocomplete(
    chat: ChatRef,
    command: string,
    option: string,
    partial: string,
  ): Promise<AutocompleteChoice[]>;
  /** Answers an inline query (`@bot RB…` typed in any chat): one result per number found. */
  handleInlineQuery(query: IncomingInlineQuery): Promise<InlineAnswer>;
  /** The language to answer this chat in: its choice, else the user's platform language, else the default. */
  localeOf(chat: ChatRef, user: UserRef): Promise<Locale>;
  readonly renderer: Renderer;
}

const OWNER: AdminCheck = async () => true;
const NOBODY: AdminCheck = async () => false;

export function createBotCore(deps: BotCoreDeps): BotCore {
  const viewOf = (settings: ChatSettings, chat: ChatRef, user: UserRef): View => {
    const locale = settings.locale ?? localeForLanguage(user.languageCode) ?? deps.defaults.locale;
    return {
      locale,
      timeZone: chatTimeZone(settings.timeZone, locale, deps.defaults.timeZone),
      now: deps.clock.now(),
      chatKind: chat.kind,
    };
  };

  const localeOf = async (chat: ChatRef, user: UserRef): Promise<Locale> => {
    try {
      return viewOf(await deps.settings.get(chatKey(chat)), chat, user).locale;
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      return viewOf({}, chat, user).locale;
    }
  };

  /**
   * The store is away, and every answer needs it (the chat's settings, its fair share of lookups, its
   * subscriptions): the chat hears "temporarily unavailable, try again in a minute", never a failure
   * that is not one, "not found" or nothing at all; the log hears which store failed and how.
   */
  const storeUnavailable = async (
    chat: ChatRef,
    view: View,
    respond: Respond,
    what: string,
    error: Error,
  ) => {
    deps.logger.warn(
      { err: error, chat: chatKey(chat), what },
      'the store is unavailable: the chat was asked to try again in a minute',
    );
    await respond(deps.renderer.message('store_unavailable', view)).catch(() => undefined);
  };

  /**
   * The conversation an update belongs to; undefined when the chat's settings cannot be read because the
   * store is away, once the chat has been asked to try again (in its person's platform language, else
   * the default: its own choice is on the store).
   */
  const conversation = async (
    { chat, user, isAdmin, deepLink, typing }: IncomingMessage | IncomingAction,
    respond: Respond,
    what: string,
    release: Release = () => {},
  ): Promise<Conversation | undefined> => {
    let settings: ChatSettings;
    try {
      settings = await deps.settings.get(chatKey(chat));
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      await storeUnavailable(chat, viewOf({}, chat, user), respond, what, error);
      return undefined;
    }
    return {
      chat,
      user,
      view: viewOf(settings, chat, user),
      respond,
      release,
      isAdmin: chat.kind === 'private' ? OWNER : (isAdmin ?? NOBODY),
      ...(deepLink ? { deepLink } : {}),
      ...(typing ? { typing } : {}),
    };
  };

  /** One failing update never takes the bot down: the chat hears something went wrong, the log hears why. */
  const guarded = async (conv: Conversation, what: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      if (isStoreUnavailable(error)) {
        await storeUnavailable(conv.chat, conv.view, conv.respond, what, error);
        return;
      }
      deps.logger.error({ err: error, chat: chatKey(conv.chat), what }, 'handling an update failed');
      await conv.respond(deps.renderer.message('error', conv.view)).catch(() => undefined);
    }
  };

  return {
    commands: COMMANDS,
    renderer: deps.renderer,
    localeOf,
    async handleMessage(message, respond, release) {
      // In groups Postie speaks only when spoken to (a command, a mention, a reply to it).
      if (!message.command && message.chat.kind === 'group' && !message.addressedToBot) return;
      const what = message.command?.name ?? 'message';
      const conv = await conversation(message, respond, what, release);
      if (!conv) return;
      if (message.command) {
        const { name, args } = message.command;
        const status = deps.status;
        if (name === 'status' && status?.admins.has(chatKey(message.chat))) {
          await guarded(conv, name, async () =>
            respond(deps.renderer.status(await status.report(), conv.view)),
          );
          return;
        }
        if (!isCommandName(name)) {
          await respond(deps.renderer.message('unknown_command', conv.view, { command: name }));
          return;
        }
        await guarded(conv, name, () => runCommand(name, args, conv, deps));
        return;
      }
      await guarded(conv, 'message', () => runCommand('track', message.text, conv, deps, false));
    },
    async handleAction(incoming, respond, release) {
      const what = incoming.action.kind;
      if (incoming.adminsOnly && !(await incoming.isAdmin?.().catch(() => false))) return;
      const conv = await conversation(incoming, respond, what, release);
      if (!conv) return;
      await guarded(conv, what, () => runAction(incoming.action, conv, deps));
    },
    handleInlineQuery: (query) =>
      answerInlineQuery(query, (settings) => viewOf(settings, query.chat, query.user), deps),
    autocomplete: (chat, command, option, partial) =>
      autocomplete(chat, command, option, partial, { subscriptions: deps.subscriptions }),
  };
}
