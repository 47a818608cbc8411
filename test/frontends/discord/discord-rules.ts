/**
 * What Discord refuses, as the fake Discord (and the property test) check it: each function returns the
 * problems found, empty when Discord would accept the payload. Lengths are counted in code points as
 * Discord counts them. Sources: https://discord.com/developers/docs/resources/message#embed-object-embed-limits,
 * https://discord.com/developers/docs/components/reference, and
 * https://discord.com/developers/docs/interactions/application-commands.
 */
type Json = Record<string, unknown>;

const len = (value: unknown) => (typeof value === 'string' ? [...value].length : 0);
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A message body (create, edit, follow-up, interaction response data). `creating`: must not be empty. */
export function messageProblems(body: unknown, creating: boolean): string[] {
  if (!isObject(body)) return ['body is not an object'];
  const problems: string[] = [];
  const embeds = list(body['embeds']);
  if (len(body['content']) > 2000) problems.push('content longer than 2000');
  if (embeds.length > 10) problems.push('more than 10 embeds');
  let total = 0;
  for (const [i, embed] of embeds.entries()) {
    if (!isObject(embed)) {
      problems.push(`embeds[${i}] is not an object`);
      continue;
    }
    const footer = isObject(embed['footer']) ? embed['footer']['text'] : undefined;
    const author = isObject(embed['author']) ? embed['author']['name'] : undefined;
    const fields = list(embed['fields']).filter(isObject);
    const checks: [string, unknown, number][] = [
      ['title', embed['title'], 256],
      ['description', embed['description'], 4096],
      ['footer.text', footer, 2048],
      ['author.name', author, 256],
      ...fields.flatMap((f, j): [string, unknown, number][] => [
        [`fields[${j}].name`, f['name'], 256],
        [`fields[${j}].value`, f['value'], 1024],
      ]),
    ];
    for (const [name, value, max] of checks) {
      if (len(value) > max) problems.push(`embeds[${i}].${name} longer than ${max}`);
      total += len(value);
    }
    if (fields.length > 25) problems.push(`embeds[${i}] has more than 25 fields`);
    if (typeof embed['url'] === 'string' && !/^https?:\/\/\S+$/.test(embed['url'])) {
      problems.push(`embeds[${i}].url is not an http(s) URL`);
    }
    if (checks.every(([, value]) => len(value) === 0)) problems.push(`embeds[${i}] is empty`);
  }
  if (total > 6000) problems.push('embeds longer than 6000 in all');
  problems.push(...componentProblems(body['components']));
  if (typeof body['nonce'] === 'string' && len(body['nonce']) > 25) problems.push('nonce longer than 25');
  if (creating && len(body['content']) === 0 && embeds.length === 0) problems.push('empty message');
  return problems;
}

function componentProblems(value: unknown): string[] {
  const rows = list(value);
  const problems: string[] = [];
  const ids = new Set<string>();
  if (rows.length > 5) problems.push('more than 5 action rows');
  for (const [r, row] of rows.entries()) {
    const buttons = isObject(row) ? list(row['components']) : [];
    if (!isObject(row) || row['type'] !== 1) problems.push(`components[${r}] is not an action row`);
    if (buttons.length < 1 || buttons.length > 5)
      problems.push(`components[${r}] has ${buttons.length} buttons`);
    for (const button of buttons.filter(isObject)) {
      const id = button['custom_id'];
      if (button['type'] !== 2) problems.push('a component that is not a button');
      if (len(button['label']) < 1 || len(button['label']) > 80) problems.push('button label not 1–80 long');
      if (typeof id !== 'string' || len(id) < 1 || len(id) > 100) problems.push('custom_id not 1–100 long');
      else if (ids.has(id)) problems.push(`custom_id ${id} used twice`);
      else ids.add(id);
    }
  }
  return problems;
}

/** An autocomplete result (interaction response type 8). */
export function choicesProblems(data: unknown): string[] {
  const choices = isObject(data) ? list(data['choices']) : [];
  const problems = choices.length > 25 ? ['more than 25 choices'] : [];
  for (const choice of choices.filter(isObject)) {
    if (len(choice['name']) < 1 || len(choice['name']) > 100) problems.push('choice name not 1–100 long');
    if (len(choice['value']) > 100) problems.push('choice value longer than 100');
  }
  return problems;
}

/** https://discord.com/developers/docs/reference#locales */
const DISCORD_LOCALES = new Set(
  'id da de en-GB en-US es-ES es-419 fr hr it lt hu nl no pl pt-BR ro fi sv-SE vi tr cs el bg ru uk hi th zh-CN ja zh-TW ko'.split(
    ' ',
  ),
);
const NAME = /^[-_\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** A bulk overwrite of chat-input commands. */
export function commandsProblems(body: unknown): string[] {
  const commands = list(body);
  const problems = commands.length > 100 ? ['more than 100 commands'] : [];
  const texts = (where: string, value: unknown, localized: unknown, max: number, pattern?: RegExp) => {
    const all: [string, unknown][] = [['', value], ...Object.entries(isObject(localized) ? localized : {})];
    for (const [locale, text] of all) {
      if (locale && !DISCORD_LOCALES.has(locale)) problems.push(`${where}: unknown locale ${locale}`);
      if (typeof text !== 'string' || len(text) < 1 || len(text) > max)
        problems.push(`${where} ${locale}: length`);
      else if (pattern && !pattern.test(text)) problems.push(`${where} ${locale}: invalid name ${text}`);
    }
  };
  for (const command of commands.filter(isObject)) {
    const where = `/${String(command['name'])}`;
    const type = command['type'] ?? 1;
    if (type === 2 || type === 3) {
      // User and message commands: names "may be mixed case and can include spaces" (1–32), the
      // description is the empty string, and there are no options.
      texts(where, command['name'], command['name_localizations'], 32);
      if ((command['description'] ?? '') !== '') problems.push(`${where}: a description on a menu command`);
      if (command['options'] !== undefined) problems.push(`${where}: options on a menu command`);
      continue;
    }
    if (type !== 1) problems.push(`${where}: unknown command type ${String(type)}`);
    texts(where, command['name'], command['name_localizations'], 32, NAME);
    texts(`${where} description`, command['description'], command['description_localizations'], 100);
    const options = list(command['options']).filter(isObject);
    if (options.length > 25) problems.push(`${where}: more than 25 options`);
    let optionalSeen = false;
    for (const option of options) {
      const at = `${where} ${String(option['name'])}`;
      texts(at, option['name'], option['name_localizations'], 32, NAME);
      texts(`${at} description`, option['description'], option['description_localizations'], 100);
      if (option['required'] === true && optionalSeen) problems.push(`${at}: required after optional`);
      optionalSeen ||= option['required'] !== true;
      const choices = list(option['choices']).filter(isObject);
      if (choices.length > 0 && option['autocomplete'] === true)
        problems.push(`${at}: choices and autocomplete`);
      if (choices.length > 25) problems.push(`${at}: more than 25 choices`);
      for (const choice of choices) texts(`${at} choice`, choice['name'], choice['name_localizations'], 100);
    }
  }
  return problems;
}
