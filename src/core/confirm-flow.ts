import type { Destructive } from '../domain/action.js';
import { chatKey } from '../domain/chat.js';
import type { BotCoreDeps } from './bot-core-deps.js';
import type { Conversation } from './conversation.js';

/** How long Confirm works after it was offered. @defaultValue 5 minutes */
const CONFIRMATION_TTL_MS = 5 * 60_000;

/** The command that asks again, as the "expired" answer names it. */
const COMMAND_OF: Readonly<Record<Destructive, string>> = {
  forget: '/forget',
  unsubscribe_all: '/unsubscribe all',
};

/**
 * `/forget` and `/unsubscribe all`: in a group only an administrator may ask; everywhere the answer is
 * a question, saying what would go (how many parcels), with Confirm and Cancel. Nothing is deleted here.
 */
export async function askToConfirm(what: Destructive, conv: Conversation, deps: BotCoreDeps): Promise<void> {
  if (!(await mayActForChat(conv, deps))) return;
  const parcels = (await deps.subscriptions.list(conv.chat)).length;
  if (what === 'unsubscribe_all' && parcels === 0)
    return conv.respond(deps.renderer.message('nothing_to_unsubscribe', conv.view));
  // Whole seconds (the button carries seconds), rounded down: the button never outlives what it says.
  const expiresAt = Math.floor((deps.clock.now() + CONFIRMATION_TTL_MS) / 1000) * 1000;
  await conv.respond(deps.renderer.confirmation({ what, parcels, expiresAt }, conv.view));
}

/**
 * A press of Confirm. Its data is hostile input: the press counts only when it comes from someone who
 * administers the chat at the time of pressing, before the button's expiry, and with an expiry no
 * confirmation of Postie's could carry (further off than {@link CONFIRMATION_TTL_MS}) reads as expired.
 * The answer replaces the question, so its buttons go; a refusal is a reply of its own, leaving the
 * question to the administrators.
 */
export async function confirmed(
  action: { readonly what: Destructive; readonly expiresAt: number },
  conv: Conversation,
  deps: BotCoreDeps,
): Promise<void> {
  if (!(await mayActForChat(conv, deps))) return;
  const now = deps.clock.now();
  if (action.expiresAt < now || action.expiresAt > now + CONFIRMATION_TTL_MS) {
    const command = COMMAND_OF[action.what];
    return conv.respond(deps.renderer.message('confirmation_expired', conv.view, { command }), {
      replace: true,
    });
  }
  const count = await deps.subscriptions.unsubscribeAll(conv.chat);
  if (action.what === 'forget') {
    await deps.settings.forget(chatKey(conv.chat));
    return conv.respond(deps.renderer.message('forgotten', conv.view), { replace: true });
  }
  const key = count > 0 ? 'unsubscribed_all' : 'nothing_to_unsubscribe';
  return conv.respond(deps.renderer.message(key, conv.view, { count }), { replace: true });
}

/** A press of Cancel: only the chat's administrators may take the question away. */
export async function cancelled(conv: Conversation, deps: BotCoreDeps): Promise<void> {
  if (!(await mayActForChat(conv, deps))) return;
  await conv.respond(deps.renderer.message('confirmation_cancelled', conv.view), { replace: true });
}

/**
 * Whether the person may act for the whole chat (its owner in a private chat, an administrator in a
 * group); when not, or when the platform cannot tell, they are told so and `false` is returned.
 */
async function mayActForChat(conv: Conversation, deps: BotCoreDeps): Promise<boolean> {
  let admin: boolean;
  try {
    admin = await conv.isAdmin();
  } catch (error) {
    deps.logger.warn(
      { err: error, chat: chatKey(conv.chat) },
      'could not tell whether the user administers the chat',
    );
    await conv.respond(deps.renderer.message('admin_check_failed', conv.view));
    return false;
  }
  if (!admin) await conv.respond(deps.renderer.message('admins_only', conv.view));
  return admin;
}
