import * as z from 'zod';

/** A stored record that is not what this release reads: reported, never guessed at. */
export class BadRecordError extends Error {
  constructor(
    readonly kind: string,
    readonly key: string,
    detail: string,
  ) {
    super(`stored ${kind} record ${key} is unreadable: ${detail}`);
    this.name = 'BadRecordError';
  }
}

/**
 * Validates a stored value against the current version of its schema (upgrading older versions first);
 * throws a {@link BadRecordError} naming the record's `kind` and `key` when it does not fit.
 */
export function decodeRecord<T>(schema: z.ZodType<T>, kind: string, key: string, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new BadRecordError(kind, key, z.prettifyError(parsed.error).replace(/\s+/g, ' '));
}
