import {
  type APIApplicationCommandBasicOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type LocaleString,
  type LocalizationMap,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotCore } from '../../core/bot-core.js';
import type { CommandOption, CommandSpec } from '../../domain/commands.js';
import type { Locale } from '../../domain/locale.js';
import { clampText } from './markup.js';

/** What deriving the commands needs from the core: the table and the texts. */
export type CommandSource = Pick<BotCore, 'commands' | 'renderer'>;

/**
 * Discord locales Postie has texts for (https://discord.com/developers/docs/reference#locales): Discord
 * has no zh-HK, so Traditional Chinese (zh-TW) gets the Hong Kong texts. English (`en`) is the default.
 */
export const DISCORD_LOCALES: Readonly<Partial<Record<LocaleString, Locale>>> = {
  'zh-TW': 'zh-HK',
  'zh-CN': 'zh-CN',
};

/** https://discord.com/developers/docs/interactions/application-commands#application-command-object */
const MAX_DESCRIPTION = 100;
const MAX_CHOICE_NAME = 100;
/** Command and option names: 1–32 lower-case letters, digits, `-` or `_` (any script). */
const NAME_PATTERN = /^[-_\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/**
 * Discord's slash commands, derived from the core's one command table (DESIGN.md): descriptions from
 * `renderer.describeCommand`, localized for zh-TW and zh-CN; every option a string, `autocomplete` or
 * `choices` as the table says. Usable in servers and in DMs with the bot. `/forget` wipes a whole
 * channel's subscriptions, so by default only members who may manage the channel see it in servers
 * (server admins can change that in Integrations settings).
 */
export function slashCommands(core: CommandSource): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return core.commands.map((spec) => {
    const describe = (locale: Locale) => core.renderer.describeCommand(spec.name, locale);
    const names = localizedNames(core, `commands.${spec.name}.name`, spec.name);
    return {
      type: ApplicationCommandType.ChatInput,
      name: spec.name,
      ...(names ? { name_localizations: names } : {}),
      description: clampText(describe('en').description, MAX_DESCRIPTION),
      description_localizations: localized((l) => clampText(describe(l).description, MAX_DESCRIPTION)),
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      integration_types: [ApplicationIntegrationType.GuildInstall],
      ...(spec.name === 'forget'
        ? { default_member_permissions: String(PermissionFlagsBits.ManageChannels) }
        : {}),
      options: spec.options.map((option) => optionJson(core, spec, option)),
    };
  });
}

function optionJson(
  core: CommandSource,
  spec: CommandSpec,
  option: CommandOption,
): APIApplicationCommandBasicOption {
  const describe = (locale: Locale) =>
    clampText(
      core.renderer.describeCommand(spec.name, locale).options[option.name] ?? option.name,
      MAX_DESCRIPTION,
    );
  const names = localizedNames(core, `commands.${spec.name}.option_names.${option.name}`, option.name);
  const base = {
    type: ApplicationCommandOptionType.String,
    name: option.name,
    ...(names ? { name_localizations: names } : {}),
    description: describe('en'),
    description_localizations: localized(describe),
    required: option.required,
  } as const;
  if (option.choices) {
    const label = (key: string) => (locale: Locale) =>
      clampText(core.renderer.t(locale, key), MAX_CHOICE_NAME);
    return {
      ...base,
      choices: option.choices.map((c) => ({
        name: label(c.label)('en'),
        name_localizations: localized(label(c.label)),
        value: c.value,
      })),
    };
  }
  return option.autocomplete ? { ...base, autocomplete: true } : base;
}

function localized(text: (locale: Locale) => string): LocalizationMap {
  return Object.fromEntries(
    Object.entries(DISCORD_LOCALES).map(([discord, locale]) => [discord, text(locale)]),
  );
}

/**
 * Localized names of a command or an option, where the locales give one (`commands.<name>.name`,
 * `commands.<name>.option_names.<option>`): a valid Discord name that differs from the English one.
 * Interactions name commands and options by their own names whatever the user sees, so nothing else
 * changes. `undefined` when no locale has one.
 */
function localizedNames(core: CommandSource, key: string, own: string): LocalizationMap | undefined {
  const english = core.renderer.t('en', key);
  const names = Object.entries(DISCORD_LOCALES).flatMap(([discord, locale]) => {
    const name = core.renderer.t(locale, key);
    const usable = name !== key && name !== english && name !== own && NAME_PATTERN.test(name);
    return usable ? [[discord, name] as const] : [];
  });
  return names.length > 0 ? Object.fromEntries(names) : undefined;
}
