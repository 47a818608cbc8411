import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
  MessageFlags,
} from 'discord.js';
import type { BotCore } from '../../core/bot-core.js';
import type { CommandName } from '../../domain/commands.js';
import type { Logger } from '../../logger.js';
import type { Clock } from '../../time/clock.js';
import { logFailure } from './discord-errors.js';
import { autocompleteRequest, buttonAction, commandMessage, messageIncoming } from './interactions.js';
import { type KeepDeps, keepButton, keepCommand } from './keep-pending.js';
import { toChoices } from './markup.js';
import { onMessageMenu } from './message-menu.js';
import type { PendingInteractions } from './pending-interactions.js';
import { buttonResponder, channelResponder, commandResponder, deferredReplyOf } from './responders.js';

export interface HandlerDeps {
  readonly core: BotCore;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Where deferred commands are kept until answered (`pending-interactions.ts`). @defaultValue nowhere */
  readonly pending?: PendingInteractions;
  /** Real time, what interaction tokens' 15 minutes are measured on. @defaultValue `clock` */
  readonly tokenClock?: Clock;
  /** Whether a shutdown gave up on the calls under way: a command then stays pending. @defaultValue never */
  readonly givenUp?: () => boolean;
}

/**
 * Commands whose answers concern only the person asking (their list, settings, help): answered
 * ephemerally in servers. A deferred reply fixes its visibility up front, so this is decided from the
 * command; private replies to other commands follow up as ephemeral messages.
 */
const PERSONAL_COMMANDS: ReadonlySet<string> = new Set<CommandName>([
  'start',
  'help',
  'list',
  'unsubscribe',
  'language',
  'timezone',
  'forget',
]);

/**
 * The error boundary for interactions: whatever one interaction does, it is caught and logged here and
 * the bot carries on. Commands and buttons are acknowledged first, before the core runs, so Discord's
 * 3-second window (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction)
 * never depends on a carrier's speed.
 */
export function interactionHandler(deps: HandlerDeps): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    const started = deps.clock.now();
    try {
      if (interaction.isChatInputCommand()) await onCommand(interaction, deps);
      else if (interaction.isButton()) await onButton(interaction, deps);
      else if (interaction.isAutocomplete()) await onAutocomplete(interaction, deps);
      else if (interaction.isMessageContextMenuCommand()) await onMessageMenu(interaction, deps);
      else return;
      deps.logger.debug(
        { interaction: interaction.type, ms: deps.clock.now() - started },
        'interaction handled',
      );
    } catch (error) {
      logFailure(deps.logger, error, { interaction: interaction.type });
    }
  };
}

/**
 * A slash command: deferred, then kept in the store until it is answered (`keep-pending.ts`). A
 * command the shutdown gave up on stays kept, for the next start.
 */
async function onCommand(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const personal = PERSONAL_COMMANDS.has(interaction.commandName);
  await interaction.deferReply(personal ? { flags: MessageFlags.Ephemeral } : {});
  const message = commandMessage(interaction, deps.core.commands);
  const kept = await keepCommand(interaction, message, personal, keepDeps(deps));
  const reply = deferredReplyOf(interaction);
  const responder = commandResponder(reply, interaction.commandName, personal, deps.logger);
  await deps.core.handleMessage(message, responder.respond);
  await responder.finish();
  if (!deps.givenUp?.()) await kept.finish();
}

/** A button press: acknowledged as a deferred update, then kept like a command. */
async function onButton(interaction: ButtonInteraction, deps: HandlerDeps): Promise<void> {
  await interaction.deferUpdate();
  const incoming = buttonAction(interaction);
  if (!incoming) return; // Not one of Postie's buttons (forged or from an old format): nothing to do.
  const pressedEphemeral = interaction.message.flags.has(MessageFlags.Ephemeral);
  const kept = await keepButton(interaction, incoming, pressedEphemeral, keepDeps(deps));
  const target = { customId: interaction.customId, pressedEphemeral };
  const responder = buttonResponder(deferredReplyOf(interaction), target, deps.logger);
  await deps.core.handleAction(incoming, responder.respond);
  await responder.finish();
  if (!deps.givenUp?.()) await kept.finish();
}

const keepDeps = (deps: HandlerDeps): KeepDeps => ({
  logger: deps.logger,
  tokenClock: deps.tokenClock ?? deps.clock,
  ...(deps.pending ? { pending: deps.pending } : {}),
});

/** Suggestions must come back within 3 seconds and cannot be deferred; a failure suggests nothing. */
async function onAutocomplete(interaction: AutocompleteInteraction, deps: HandlerDeps): Promise<void> {
  const request = autocompleteRequest(interaction);
  const choices = await deps.core
    .autocomplete(request.chat, request.command, request.option, request.partial)
    .catch((error: unknown) => {
      logFailure(deps.logger, error, { autocomplete: request.command });
      return [];
    });
  await interaction.respond(toChoices(choices));
}

/** The error boundary for channel messages (DMs, mentions in servers). */
export function messageHandler(
  deps: HandlerDeps,
  botId: () => string | undefined,
): (message: Message) => Promise<void> {
  return async (message) => {
    try {
      const id = botId();
      const incoming = id ? messageIncoming(message, id) : undefined;
      if (!incoming) return;
      if (message.channel.isSendable()) {
        await message.channel
          .sendTyping()
          .catch((error: unknown) => logFailure(deps.logger, error, { typing: true }));
      }
      const responder = channelResponder(message, deps.logger);
      await deps.core.handleMessage(incoming, responder.respond);
      await responder.finish();
    } catch (error) {
      logFailure(deps.logger, error, { channelMessage: message.id });
    }
  };
}
