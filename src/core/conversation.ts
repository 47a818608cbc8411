import type { ChatRef, UserRef } from '../domain/chat.js';
import type { Reply } from '../domain/reply.js';
import type { View } from '../render/view.js';
import type { AdminCheck, DeepLink, Typing } from './incoming.js';

/** How a front-end delivers a reply; `replace` asks to update the message whose button was pressed instead. */
export type Respond = (reply: Reply, options?: { readonly replace?: boolean }) => Promise<void>;

/**
 * Called once an update has done everything a later update of the chat must see (the chat's settings
 * read, anything it changes written) and only answers remain, such as waiting for carriers: a front-end
 * that handles a chat's updates one at a time may start the next one then, so `/help` is not held up by
 * a slow carrier. Called at most once, and not at all when nothing is left to wait for.
 */
export type Release = () => void;

/** Everything a handler needs about the conversation it answers. */
export interface Conversation {
  readonly chat: ChatRef;
  readonly user: UserRef;
  readonly view: View;
  readonly respond: Respond;
  /** Lets the chat's next update start; see {@link Release}. */
  readonly release: Release;
  /** Whether the person may act for the whole chat: its owner in a private chat, else an administrator. */
  readonly isAdmin: AdminCheck;
  /** Shows the chat that Postie is at work on an answer, where the platform can; see {@link Typing}. */
  readonly typing?: Typing;
  /** The link that opens the bot with `/start <parameter>`, where the platform has one (Telegram). */
  readonly deepLink?: DeepLink;
}
