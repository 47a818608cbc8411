import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type LocalizationMap,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotCore } from '../../core/bot-core.js';
import type { IncomingMessage } from '../../core/incoming.js';
import type { Locale } from '../../domain/locale.js';
import type { Logger } from '../../logger.js';
import { chatOf } from './interactions.js';
import { commandResponder, deferredReplyOf } from './responders.js';
import { type CommandSource, DISCORD_LOCALES } from './slash-commands.js';

/** The i18n key of the message command's name (its English text is the name Discord stores). */
const NAME_KEY = 'context_menu.track_message';

/**
 * Command names: 1–32 characters; a message command's "may be mixed case and can include spaces"
 * (https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-naming).
 */
const MAX_NAME = 32;

const nameIn = (core: CommandSource, locale: Locale) =>
  [...core.renderer.t(locale, NAME_KEY)].slice(0, MAX_NAME).join('');

/**
 * "Track numbers in this message", a message context-menu command (type 3: right-click or long-press
 * a message → Apps), its name localized for zh-TW and zh-CN. Message commands have no description
 * ("Empty string for USER and MESSAGE commands", same page). Usable where the slash commands are.
 */
export function messageMenuCommands(
  core: CommandSource,
): RESTPostAPIContextMenuApplicationCommandsJSONBody[] {
  const names: LocalizationMap = Object.fromEntries(
    Object.entries(DISCORD_LOCALES).map(([discord, locale]) => [discord, nameIn(core, locale)]),
  );
  return [
    {
      type: ApplicationCommandType.Message,
      name: nameIn(core, 'en'),
      name_localizations: names,
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      integration_types: [ApplicationIntegrationType.GuildInstall],
    },
  ];
}

/**
 * The message command pressed on a message: every number in it answered to the person alone
 * (ephemeral), one reply each, as a message to Postie would be. Discord sends the target message's
 * content with the interaction, the Message Content intent notwithstanding
 * (https://support-dev.discord.com/hc/en-us/articles/6383579033751: messages "the app is interacting
 * with", context menu commands included).
 */
export async function onMessageMenu(
  interaction: MessageContextMenuCommandInteraction,
  deps: { readonly core: BotCore; readonly logger: Logger },
): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const message: IncomingMessage = {
    chat: chatOf(interaction),
    user: { id: interaction.user.id, languageCode: interaction.locale },
    text: interaction.targetMessage.content,
    addressedToBot: true,
  };
  const responder = commandResponder(
    deferredReplyOf(interaction),
    interaction.commandName,
    true,
    deps.logger,
  );
  await deps.core.handleMessage(message, responder.respond);
  await responder.finish();
}
