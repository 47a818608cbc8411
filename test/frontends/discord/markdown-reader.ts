/**
 * Reads one line of the markdown the Discord front-end writes, the way Discord would, and reports what
 * would go wrong: the visible text (escapes resolved, formatting markers dropped) and every problem —
 * a markdown character from the text that is not escaped, a block marker at the start of the line, an
 * emphasis marker that opens or closes against a space, unbalanced markers, or a link to anything but a
 * plain http(s) URL. Only the constructs the front-end writes are known: `**bold**`, `*italic*`,
 * `_note_`, `` `code` ``, `[text](url)`, and `\` escapes.
 */
export interface ReadLine {
  readonly text: string;
  readonly problems: string[];
}

const ZERO_WIDTH_SPACE = '\u200b';

/** `blockLevel`: the line is a description line, where `#`, `>`, `-`, `+` and `1.` start blocks (not in titles). */
export function readLine(line: string, blockLevel = true): ReadLine {
  const problems: string[] = [];
  let text = '';
  const open = { '**': false, '*': false, _: false };
  let linkOpen = false;
  if (blockLevel && /^(?:[#>+-]|\d+\.|\s)/.test(line))
    problems.push(`line starts with a block marker or space: ${line.slice(0, 12)}`);
  let i = 0;
  while (i < line.length) {
    const c = line[i] ?? '';
    if (c === '\\') {
      const next = String.fromCodePoint(line.codePointAt(i + 1) ?? 0x5c);
      if (i + 1 >= line.length) problems.push('a backslash ends the line');
      if (/[\p{L}\p{N}\s]/u.test(next)) problems.push(`needless escape of ${next}`);
      text += next;
      i += 1 + next.length;
      continue;
    }
    const marker = line.startsWith('**', i) ? '**' : c === '*' || c === '_' ? c : undefined;
    if (marker) {
      const opening = !open[marker];
      const neighbour = opening ? line[i + marker.length] : line[i - 1];
      if (neighbour === undefined || /\s/.test(neighbour)) problems.push(`${marker} against a space or edge`);
      open[marker] = opening;
      i += marker.length;
      continue;
    }
    if (c === '`') {
      const end = line.indexOf('`', i + 1);
      if (end <= i + 1) {
        problems.push('unclosed or empty code span');
        return { text, problems };
      }
      text += line.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '[') {
      if (linkOpen) problems.push('nested link');
      linkOpen = true;
      i += 1;
      continue;
    }
    if (c === ']') {
      const target = /^\]\(([^)\s]*)\)/.exec(line.slice(i));
      if (!linkOpen || !target) problems.push('a ] that does not close a link');
      else if (!/^https?:\/\/[^\s()<>]+$/.test(target[1] ?? '') || (target[1] ?? '').length > 2048) {
        problems.push(`unsafe link ${target[1]}`);
      }
      linkOpen = false;
      i += target ? target[0].length : 1;
      continue;
    }
    if ('~|<'.includes(c)) problems.push(`unescaped ${c}`);
    text += c;
    i += 1;
  }
  if (open['**'] || open['*'] || open._ || linkOpen) problems.push('unbalanced markers');
  return { text: text.replaceAll(ZERO_WIDTH_SPACE, ''), problems };
}
