/**
 * Delimited tables pasted into a message (CSV exports, `|` tables): which cell a number fills, and
 * the header of its column. A number in a table is what its column says it is ("tracking_number",
 * "order_id"), not what the last word somewhere before it says.
 */

/** `,` `;` `|`. Not tabs: chat clients turn spaces into tabs and back, and a tab in prose is a space. */
const DELIMITERS = [44, 59, 124];
/** How far a line is read for a cell out of text order, or for its delimiters after it. */
const REACH = 2048;

/** A cell of a delimited line: the delimiter, and the column counted from 0. */
export interface Cell {
  readonly delimiter: number;
  readonly column: number;
  /** Where the cell's line starts. */
  readonly lineStart: number;
  /** How many delimiters the line holds, counted up to 2 (and `REACH` characters on). */
  readonly delimiters: number;
}

const isLineBreak = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const isPadding = (c: number) => c === 32 || c === 9;

/** Finds the cell a candidate fills; built once per message, asked in text order. */
export type CellFinder = (start: number, end: number) => Cell | undefined;

/**
 * The cell `[start, end)` fills by itself, when it is one: bounded by delimiters or the line's ends (spaces
 * aside), with a delimiter on at least one side. The column is counted on from the previous answer when
 * the candidates come in text order (they do), so a megabyte-long CSV line costs one pass, not one per
 * cell; out of order, the line is read back at most `REACH` characters.
 */
export function createCellFinder(text: string): CellFinder {
  // Where counting stopped: position, delimiter, the column there and where its line starts.
  let at = -1;
  let countedDelimiter = -1;
  let column = 0;
  let lineStart = 0;

  const columnAt = (position: number, delimiter: number): boolean => {
    if (countedDelimiter !== delimiter || at < 0 || at > position) {
      // Count back from `position` to its line's start, at most REACH characters.
      let i = position - 1;
      column = 0;
      for (; i >= 0 && !isLineBreak(text.charCodeAt(i)); i--) {
        if (position - i > REACH) {
          at = -1;
          return false;
        }
        if (text.charCodeAt(i) === delimiter) column++;
      }
      lineStart = i + 1;
    } else {
      for (let i = at; i < position; i++) {
        const c = text.charCodeAt(i);
        if (isLineBreak(c)) {
          column = 0;
          lineStart = i + 1;
        } else if (c === delimiter) {
          column++;
        }
      }
    }
    at = position;
    countedDelimiter = delimiter;
    return true;
  };

  return (start, end) => {
    let after = end;
    while (after < text.length && isPadding(text.charCodeAt(after))) after++;
    let before = start - 1;
    while (before >= 0 && isPadding(text.charCodeAt(before))) before--;
    const next = after < text.length ? text.charCodeAt(after) : 10;
    const previous = before >= 0 ? text.charCodeAt(before) : 10;
    const delimiter = DELIMITERS.includes(next) ? next : DELIMITERS.includes(previous) ? previous : -1;
    if (delimiter < 0) return undefined;
    if (next !== delimiter && !isLineBreak(next)) return undefined;
    if (previous !== delimiter && !isLineBreak(previous)) return undefined;
    // A lone value with a stray delimiter after it (`7310…,`) is not a table: another cell must hold text.
    if (!hasTextBeyond(text, after, 1, delimiter) && !hasTextBeyond(text, before, -1, delimiter)) {
      return undefined;
    }
    if (!columnAt(start, delimiter)) return undefined;
    // Only whether the line holds two delimiters matters (`cell.delimiters`): stop counting there.
    let delimiters = column;
    for (let j = after; delimiters < 2 && j < text.length && j - end <= REACH; j++) {
      const c = text.charCodeAt(j);
      if (isLineBreak(c)) break;
      if (c === delimiter) delimiters++;
    }
    return { delimiter, column, lineStart, delimiters };
  };
}

/** Whether, past the delimiter at `at` (going `step`), the line holds text within `REACH` characters. */
function hasTextBeyond(text: string, at: number, step: 1 | -1, delimiter: number): boolean {
  if (at < 0 || at >= text.length || text.charCodeAt(at) !== delimiter) return false;
  for (let i = at + step, n = 0; i >= 0 && i < text.length && n < REACH; i += step, n++) {
    const c = text.charCodeAt(i);
    if (isLineBreak(c)) return false;
    if (c !== delimiter && !isPadding(c)) return true;
  }
  return false;
}

/**
 * Starts of the lines that read as a table's header for `delimiter`: at least two non-empty cells, each
 * mostly letters (`order_id`, `Tracking Number`, `運單號`, `address2`; not `1Z12345E…`). One pass over the text.
 */
export function headerLines(text: string, delimiter: number): number[] {
  const starts: number[] = [];
  let lineStart = 0;
  let cells = 0;
  let letters = 0;
  let digits = 0;
  let allCellsWords = true;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (isLineBreak(c) || c === delimiter) {
      // An empty cell (the edges of `| a | b |`) neither counts nor spoils the line.
      if (letters + digits > 0) {
        allCellsWords &&= letters > digits;
        cells++;
      }
      letters = 0;
      digits = 0;
      if (c === delimiter) continue;
      if (cells >= 2 && allCellsWords) starts.push(lineStart);
      lineStart = i + 1;
      cells = 0;
      allCellsWords = true;
    } else if (c >= 48 && c <= 57) {
      digits++;
    } else if (isLetter(c)) {
      letters++;
    }
  }
  return starts;
}

/** Letters of any script, ASCII cheaply; digits, spaces and punctuation are not. */
function isLetter(c: number): boolean {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return !isPadding(c) && /\p{L}/u.test(String.fromCharCode(c));
}

/**
 * The text of cell `column` of the line starting at `lineStart`, or `undefined` when the line has fewer
 * cells within `REACH` characters.
 */
export function cellText(
  text: string,
  lineStart: number,
  delimiter: number,
  column: number,
): string | undefined {
  let cell = 0;
  let from = lineStart;
  for (let i = lineStart; i - lineStart <= REACH; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    const ends = c === delimiter || isLineBreak(c);
    if (!ends) continue;
    if (cell === column) return text.slice(from, i);
    if (c !== delimiter) return undefined;
    cell++;
    from = i + 1;
  }
  return undefined;
}
