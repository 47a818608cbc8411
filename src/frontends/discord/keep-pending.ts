import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { IncomingAction, IncomingMessage } from '../../core/incoming.js';
import type { Logger } from '../../logger.js';
import type { Clock } from '../../time/clock.js';
import { logFailure } from './discord-errors.js';
import type { PendingInteractions } from './pending-interactions.js';

/** What keeping a deferred interaction takes (the handlers' dependencies). */
export interface KeepDeps {
  readonly pending?: PendingInteractions;
  readonly logger: Logger;
  /** Real time, what the token's 15 minutes are measured on. */
  readonly tokenClock: Clock;
}

/**
 * A deferred interaction, kept in the store until it is answered (`finish`), so that one a crash
 * interrupts is answered after the restart (`answer-pending.ts`). When the store is away it is not kept
 * (logged), and answered all the same, only not after a crash.
 */
export interface Kept {
  finish(): Promise<void>;
}

const NOT_KEPT: Kept = { finish: async () => undefined };

async function keep(
  deps: KeepDeps,
  context: Record<string, unknown>,
  record: Parameters<PendingInteractions['record']>[0],
): Promise<Kept> {
  const pending = deps.pending;
  if (!pending) return NOT_KEPT;
  try {
    await pending.record(record);
  } catch (error) {
    logFailure(deps.logger, error, { ...context, pending: true });
    return NOT_KEPT;
  }
  return {
    finish: () =>
      pending
        .finish(record.id)
        .catch((error: unknown) => logFailure(deps.logger, error, { ...context, pending: true })),
  };
}

const personOf = async (person: IncomingMessage | IncomingAction) => ({
  chat: { platform: 'discord' as const, id: person.chat.id, kind: person.chat.kind },
  user: person.user,
  isAdmin: (await person.isAdmin?.()) ?? false,
});

export async function keepCommand(
  interaction: ChatInputCommandInteraction,
  message: IncomingMessage,
  personal: boolean,
  deps: KeepDeps,
): Promise<Kept> {
  if (!message.command) return NOT_KEPT;
  return keep(
    deps,
    { command: interaction.commandName },
    {
      kind: 'command',
      id: interaction.id,
      token: interaction.token,
      receivedAt: deps.tokenClock.now(),
      ...(await personOf(message)),
      text: message.text,
      command: message.command,
      personal,
    },
  );
}

export async function keepButton(
  interaction: ButtonInteraction,
  action: IncomingAction,
  pressedEphemeral: boolean,
  deps: KeepDeps,
): Promise<Kept> {
  return keep(
    deps,
    { button: interaction.customId },
    {
      kind: 'button',
      id: interaction.id,
      token: interaction.token,
      receivedAt: deps.tokenClock.now(),
      ...(await personOf(action)),
      customId: interaction.customId,
      pressedEphemeral,
    },
  );
}
