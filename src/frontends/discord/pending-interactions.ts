import * as z from 'zod';
import type { IncomingAction, IncomingMessage } from '../../core/incoming.js';
import { decodeAction } from '../../render/action-codec.js';
import type { StoredCache } from '../../store/keyv-cache.js';
import { decodeRecord } from '../../store/stored-record.js';

/**
 * Slash commands and button presses deferred and not yet answered, kept in the store (`discord-pending`)
 * so that one a crash interrupts is answered after the restart by editing its deferred reply. An interaction's token
 * works for 15 minutes after the interaction was received
 * (https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages); a
 * record is kept that long (the store forgets it then) and is of no use afterwards. Discord does not send
 * an interaction again, so this is the only copy.
 */

/** How long an interaction token is valid: 15 minutes. */
export const INTERACTION_TOKEN_MS = 15 * 60_000;

const NAMESPACE = 'discord-pending';

/** What every kept interaction has: who, where, and how to answer it. */
const common = {
  /** The interaction's id and token (the token is a credential for 15 minutes: never logged). */
  id: z.string(),
  token: z.string(),
  /** When Postie received it, epoch ms. */
  receivedAt: z.number(),
  chat: z.object({ platform: z.literal('discord'), id: z.string(), kind: z.enum(['private', 'group']) }),
  user: z.object({ id: z.string(), languageCode: z.string().optional() }),
  /** Whether the person could act for the channel, as Discord said then. */
  isAdmin: z.boolean(),
  /** The process run answering it (`store/instance-presence.ts`); absent in records from before owners were kept. */
  owner: z.string().optional(),
};

const PendingRecord = z.discriminatedUnion('kind', [
  /** A slash command, deferred (as ephemeral when `personal`). */
  z.object({
    kind: z.literal('command'),
    ...common,
    text: z.string(),
    command: z.object({ name: z.string(), args: z.string() }),
    personal: z.boolean(),
  }),
  /** A button press, deferred as an update of the message it belongs to. */
  z.object({ kind: z.literal('button'), ...common, customId: z.string(), pressedEphemeral: z.boolean() }),
]);
export type PendingInteraction = z.infer<typeof PendingRecord>;

export interface PendingInteractions {
  /** Keeps `pending`, owned by this run. */
  record(pending: PendingInteraction): Promise<void>;
  /** Makes this run the owner of a pending interaction another run left (it is answered here now). */
  claim(pending: PendingInteraction): Promise<void>;
  finish(id: string): Promise<void>;
  /** Every readable record; unreadable ones are forgotten. */
  list(): Promise<PendingInteraction[]>;
}

/** `owner`: this process run, recorded on what it keeps. @defaultValue none recorded */
export function pendingInteractionsOn(
  store: { namespace(name: string): StoredCache },
  owner?: string,
): PendingInteractions {
  const records = store.namespace(NAMESPACE);
  const keep = (pending: PendingInteraction) =>
    records.set(pending.id, owner === undefined ? pending : { ...pending, owner }, INTERACTION_TOKEN_MS);
  return {
    record: keep,
    claim: keep,
    finish: (id) => records.delete(id),
    async list() {
      const found: PendingInteraction[] = [];
      const unreadable: string[] = [];
      for await (const [id, raw] of records.entries<unknown>()) {
        try {
          found.push(decodeRecord(PendingRecord, 'pending Discord command', id, raw));
        } catch {
          unreadable.push(id);
        }
      }
      for (const id of unreadable) await records.delete(id);
      return found.sort((a, b) => a.receivedAt - b.receivedAt);
    },
  };
}

const personOf = (pending: PendingInteraction) => ({
  chat: pending.chat,
  user: {
    id: pending.user.id,
    ...(pending.user.languageCode === undefined ? {} : { languageCode: pending.user.languageCode }),
  },
  isAdmin: async () => pending.isAdmin,
});

/** The core's message for a pending command, with the administrator check as it was answered then. */
export function incomingOf(pending: Extract<PendingInteraction, { kind: 'command' }>): IncomingMessage {
  return { ...personOf(pending), text: pending.text, command: pending.command, addressedToBot: true };
}

/** The core's action for a pending button press; `undefined` if its data no longer reads as one. */
export function actionOf(
  pending: Extract<PendingInteraction, { kind: 'button' }>,
): IncomingAction | undefined {
  const action = decodeAction(pending.customId);
  return action ? { ...personOf(pending), action } : undefined;
}
