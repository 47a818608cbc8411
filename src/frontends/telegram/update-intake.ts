import type { Update } from 'telegraf/types';
import type { BotCore } from '../../core/bot-core.js';
import type { Respond } from '../../core/conversation.js';
import type { Logger } from '../../logger.js';
import type { ShowTyping } from './chat-action.js';
import type { ChatAdmins } from './chat-admins.js';
import { createChatQueue } from './chat-queue.js';
import type { InlineQueryWork } from './inline-queries.js';
import type { ReplyTarget, Sender } from './sender.js';
import { loggableError } from './telegram-errors.js';
import { type BotIdentity, type TelegramWork, translateUpdate } from './telegram-updates.js';

/** Work that belongs to one chat and waits its turn there. */
type ChatWork = Exclude<TelegramWork, InlineQueryWork>;

export interface IntakeDeps {
  readonly core: BotCore;
  readonly sender: Sender;
  /** Stops the button's progress bar (answerCallbackQuery); must not throw. */
  readonly answerQuery: (queryId: string) => Promise<void>;
  readonly logger: Logger;
  /** The error boundary: every failure of an update ends here, logged, never thrown further. */
  readonly onFailure: (error: unknown, update: Update) => void;
  /**
   * Whether a shutdown has given up waiting: updates whose turn comes after that are dropped instead of
   * handled (their answers could not be sent anyway), and so are those it gave up on while they ran.
   * @defaultValue never
   */
  readonly givenUp?: () => boolean;
  /** Whether a person administers a group (asked only before what cannot be undone). @defaultValue nobody does */
  readonly admins?: ChatAdmins;
  /** Shows "typing…" while a lookup takes a while. @defaultValue never shown */
  readonly typing?: ShowTyping;
  /** Answers an inline query (no chat: it runs beside every chat's queue). @defaultValue not answered */
  readonly inline?: (work: InlineQueryWork) => Promise<void>;
}

/**
 * How an accepted update ended: `handled` (its answers sent, or tried), `ignored` (nothing for Postie
 * in it), `unreadable` (not as the Bot API documents it), `dropped` (a shutdown gave up before its
 * turn), `failed` (an error reached the error boundary).
 */
export type IntakeOutcome = 'handled' | 'ignored' | 'unreadable' | 'dropped' | 'failed';

export interface UpdateIntake {
  /**
   * Takes one update without waiting for it: the work runs in the background, one update at a time per
   * chat (so `/language zh-HK` then a number answers in Chinese), and a slow carrier lookup in one chat
   * never holds up polling or other chats. A chat's next update starts as soon as the one before only
   * waits for carriers (the core's `release`), so `/help` is answered while a lookup waits. The promise
   * settles once the update is over, lookups included, with how it ended; it never rejects.
   */
  accept(update: Update, bot: BotIdentity): Promise<IntakeOutcome>;
  /** Resolves when every accepted update has been handled (or dropped), lookups that let the chat go on included. */
  idle(): Promise<void>;
  /** How many accepted updates were dropped, or given up while they ran, because the shutdown had given up (`givenUp`). */
  readonly dropped: number;
}

export function createUpdateIntake(deps: IntakeDeps): UpdateIntake {
  const queue = createChatQueue();
  let dropped = 0;
  /** Updates still running after their chat moved on to the next one. */
  const running = new Set<Promise<void>>();

  const respondTo =
    (target: ReplyTarget, pressedMessageId?: number): Respond =>
    async (reply, options) => {
      if (options?.replace && pressedMessageId !== undefined)
        await deps.sender.edit(target, pressedMessageId, reply);
      else await deps.sender.send(target, reply);
    };

  async function handle(work: ChatWork, release: () => void): Promise<IntakeOutcome> {
    if (deps.givenUp?.()) {
      dropped += 1;
      return 'dropped';
    }
    if (work.kind === 'message') {
      deps.sender.markReachable(work.target.chatId);
      await deps.core.handleMessage(work.message, respondTo(work.target), release);
    } else if (work.action && work.target) {
      deps.sender.markReachable(work.target.chatId);
      await deps.core.handleAction(work.action, respondTo(work.target, work.pressedMessageId), release);
    }
    // Given up while it ran: its answers may not have gone out, so it counts as not handled.
    if (deps.givenUp?.()) {
      dropped += 1;
      return 'dropped';
    }
    return 'handled';
  }

  /**
   * The chat's turn for one update: it ends when the update is handled, or once it only waits
   * (`release`); `over` settles when the update is.
   */
  const turn = (work: ChatWork, update: Update, over: (outcome: IntakeOutcome) => void) => () =>
    new Promise<void>((endTurn) => {
      const handled: Promise<void> = handle(work, endTurn)
        .catch((error: unknown) => {
          deps.onFailure(error, update);
          return 'failed' as const;
        })
        .then((outcome) => {
          endTurn();
          running.delete(handled);
          over(outcome);
        });
      running.add(handled);
    });

  function accept(update: Update, bot: BotIdentity): Promise<IntakeOutcome> {
    const work = translateUpdate(update, bot, deps.admins, deps.typing);
    if (work === 'unreadable') {
      deps.logger.warn(
        { updateId: update.update_id, kind: kindOf(update) },
        'a Telegram update not as the Bot API documents it, ignored',
      );
      return Promise.resolve('unreadable');
    }
    deps.logger.debug({ updateId: update.update_id, work: work?.kind ?? 'ignored' }, 'Telegram update');
    if (!work) return Promise.resolve('ignored');
    if (work.kind === 'inline') {
      // No chat: an inline query runs beside every chat's queue.
      const answered = (deps.inline?.(work) ?? Promise.resolve()).then(
        (): IntakeOutcome => 'handled',
        (error: unknown): IntakeOutcome => {
          deps.onFailure(error, update);
          return 'failed';
        },
      );
      const tracked: Promise<void> = answered.then(() => {
        running.delete(tracked);
      });
      running.add(tracked);
      return answered;
    }
    // Every button press is answered at once, even one Postie cannot read (Telegram shows a spinner until then).
    if (work.kind === 'action') void deps.answerQuery(work.queryId);
    const chat = work.kind === 'message' ? work.target.chatId : work.target?.chatId;
    if (chat === undefined) return Promise.resolve('ignored');
    return new Promise<IntakeOutcome>((over) => void queue.run(String(chat), turn(work, update, over)));
  }

  return {
    accept(update, bot) {
      try {
        return accept(update, bot);
      } catch (error) {
        deps.onFailure(error, update);
        return Promise.resolve('failed');
      }
    },
    async idle() {
      await queue.idle();
      while (running.size > 0) await Promise.all(running);
    },
    get dropped() {
      return dropped;
    },
  };
}

/** The one error boundary's log line: which update failed and why, never its content. */
export function logUpdateFailure(logger: Logger): (error: unknown, update: Update) => void {
  return (error, update) => {
    logger.error(
      { error: loggableError(error), updateId: update.update_id, kind: kindOf(update) },
      'a Telegram update failed',
    );
  };
}

/** Which kind of update it is (`message`, `callback_query`, …): its one field besides `update_id`. */
const kindOf = (update: Update): string =>
  Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown';
