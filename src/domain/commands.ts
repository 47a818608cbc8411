/**
 * Every command, defined once (DESIGN.md): the Telegram command menu and the Discord slash commands are
 * derived from this table, and the core dispatches on it. Descriptions are i18n keys
 * (`commands.<name>.description`, `commands.<name>.options.<option>`), so every menu exists in every language.
 */
export const COMMAND_NAMES = [
  'start',
  'help',
  'track',
  'subscribe',
  'unsubscribe',
  'list',
  'language',
  'timezone',
  'updates',
  'quiet',
  'forget',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface CommandOption {
  readonly name: string;
  readonly required: boolean;
  /** Suggest values as the user types (Discord autocomplete). */
  readonly autocomplete?: boolean;
  /** A fixed set of values (value and the i18n key of its label). */
  readonly choices?: readonly { readonly value: string; readonly label: string }[];
}

export interface CommandSpec {
  readonly name: CommandName;
  /** In order; a Telegram user types them after the command, separated by spaces. */
  readonly options: readonly CommandOption[];
}

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'start', options: [] },
  { name: 'help', options: [] },
  {
    name: 'track',
    options: [
      { name: 'numbers', required: true },
      { name: 'carrier', required: false, autocomplete: true },
    ],
  },
  {
    name: 'subscribe',
    options: [
      { name: 'number', required: true },
      { name: 'label', required: false },
    ],
  },
  { name: 'unsubscribe', options: [{ name: 'number', required: false, autocomplete: true }] },
  { name: 'list', options: [] },
  {
    name: 'language',
    options: [
      {
        name: 'language',
        required: false,
        choices: [
          { value: 'en', label: 'languages.en' },
          { value: 'zh-HK', label: 'languages.zh-HK' },
          { value: 'zh-CN', label: 'languages.zh-CN' },
        ],
      },
    ],
  },
  { name: 'timezone', options: [{ name: 'zone', required: false, autocomplete: true }] },
  {
    name: 'updates',
    options: [
      {
        name: 'mode',
        required: true,
        choices: [
          { value: 'all', label: 'update_modes.all' },
          { value: 'events', label: 'update_modes.events' },
          { value: 'milestones', label: 'update_modes.milestones' },
        ],
      },
    ],
  },
  {
    name: 'quiet',
    options: [
      { name: 'hours', required: false },
      {
        name: 'urgent',
        required: false,
        choices: [
          { value: 'urgent', label: 'quiet_modes.urgent' },
          { value: 'hold', label: 'quiet_modes.hold' },
        ],
      },
    ],
  },
  { name: 'forget', options: [] },
];

export const isCommandName = (name: string): name is CommandName =>
  (COMMAND_NAMES as readonly string[]).includes(name);
