import type { ShipmentStatus } from '../domain/shipment.js';

/**
 * A reviewed vendor-code table (STYLE.md §4) as every adapter exposes it to the shared status-table
 * test (`test/carriers/status-tables.test.ts`): no code may map to two statuses, `unknown` is never an
 * entry (it is what an unlisted code becomes), and every code seen in the adapter's fixtures is mapped.
 * The table's own module keeps the vendor's code list linked in a comment.
 */
export interface StatusTable {
  /** What the codes are, e.g. `EDIFACT event code`. */
  readonly name: string;
  /** Every entry as written, texts in every language included, so a code written twice is seen. */
  readonly entries: readonly (readonly [code: string, status: ShipmentStatus])[];
  /** The status of a code as the vendor sends it; `undefined` when the table lacks it (shown as `unknown`). */
  statusOf(code: string): ShipmentStatus | undefined;
  /** The codes of this table in one fixture (a parsed vendor answer), as sent. */
  codesIn(answer: unknown): readonly string[];
}

/**
 * Every value of `field` anywhere in a parsed JSON answer (numbers as written), or only inside the
 * values of the key `within` when given (`tracking_msg_list`: the events, not the envelope).
 */
export function valuesOfField(answer: unknown, field: string, within?: string): string[] {
  const found: string[] = [];
  const visit = (value: unknown, inside: boolean): void => {
    if (Array.isArray(value)) for (const item of value) visit(item, inside);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const scalar = typeof child === 'string' || typeof child === 'number';
        if (key === field && scalar && inside) found.push(String(child));
        else visit(child, inside || key === within);
      }
    }
  };
  visit(answer, within === undefined);
  return found;
}

/** A table written as an object literal (the compiler refuses a key written twice), read with `Object.hasOwn`. */
export function recordTable(
  name: string,
  table: Readonly<Record<string, ShipmentStatus>>,
  options: {
    /** The codes of this table in a parsed answer. */
    readonly codesIn: (answer: unknown) => readonly string[];
    /** A code as the table writes it. @defaultValue trimmed */
    readonly canonical?: (code: string) => string;
  },
): StatusTable {
  const canonical = options.canonical ?? ((code: string) => code.trim());
  return {
    name,
    entries: Object.entries(table),
    statusOf: (code) => {
      const key = canonical(code);
      return Object.hasOwn(table, key) ? table[key] : undefined;
    },
    codesIn: options.codesIn,
  };
}
