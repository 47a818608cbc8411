import type { Action } from '../../src/domain/action.js';
import type { ChatRef } from '../../src/domain/chat.js';
import type { DeliveryResult, NotificationChannel } from '../../src/domain/notification-channel.js';
import type { Reply } from '../../src/domain/reply.js';
import type { BotRig } from '../helpers/bot-rig.js';

interface Delivery {
  readonly chat: ChatRef;
  readonly reply: Reply;
  readonly dedupeKey: string;
}

/** A platform channel that records what it is asked to send; `mode` decides how each delivery ends. */
export interface RecordingChannel extends NotificationChannel {
  readonly delivered: Delivery[];
  mode: DeliveryResult | 'fail';
}

export function recordingChannel(platform: ChatRef['platform'] = 'telegram'): RecordingChannel {
  const channel: RecordingChannel = {
    platform,
    delivered: [],
    mode: 'sent',
    async deliver(chat, reply, dedupeKey) {
      if (channel.mode === 'fail') throw new Error('the platform is down');
      if (channel.mode === 'sent') channel.delivered.push({ chat, reply, dedupeKey });
      return channel.mode;
    },
  };
  return channel;
}

export const textOf = (reply: Reply): string =>
  reply.blocks.map((b) => b.spans.map((s) => s.text).join('')).join('\n');

export const eventLines = (reply: Reply): string[] =>
  reply.blocks.filter((b) => b.kind === 'event').map((b) => b.spans.map((s) => s.text).join(''));

export const buttonActions = (reply: Reply): Action[] => (reply.buttons ?? []).flat().map((b) => b.action);

/** Sends `text` to the core as a person in `chat` would (a `/command` or plain text); resolves with the replies. */
export async function say(rig: BotRig, chat: ChatRef, text: string, user = 'u1'): Promise<Reply[]> {
  const replies: Reply[] = [];
  const command = /^\/(\S+)\s*(.*)$/s.exec(text);
  await rig.core.handleMessage(
    {
      chat,
      user: { id: user, languageCode: 'en' },
      text,
      addressedToBot: true,
      ...(command ? { command: { name: command[1] ?? '', args: command[2] ?? '' } } : {}),
    },
    async (reply) => {
      replies.push(reply);
    },
  );
  return replies;
}

/** Presses a button as a person in `chat` would. */
export async function press(rig: BotRig, chat: ChatRef, action: Action): Promise<Reply[]> {
  const replies: Reply[] = [];
  await rig.core.handleAction({ chat, user: { id: 'u1', languageCode: 'en' }, action }, async (reply) => {
    replies.push(reply);
  });
  return replies;
}

/** Mailbox requests the Hongkong Post sandbox has answered (item lookups, not logins). */
export const hongkongLookups = (rig: BotRig): number =>
  rig.sandboxes.servers['hongkong-post'].requests.filter((r) => r.path.endsWith('/mailTracking')).length;
