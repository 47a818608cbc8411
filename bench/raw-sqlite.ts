/**
 * The floor for creating subscriptions on SQLite: the rows the store wrote for each subscription (the
 * chat's index, the subscription, the number's watch), upserted with `node:sqlite` directly: one prepared
 * statement, one transaction per subscription, on a key-value table of its own (`key` primary key, no
 * rowid), with the store's settings (write-ahead log, `synchronous=NORMAL`). No reads, no validation, no
 * locks: what any SQLite writer of the same records pays at least.
 */
import { DatabaseSync } from 'node:sqlite';
import { chatKey } from '../src/domain/chat.js';
import type { SubscriptionStore } from '../src/subscriptions/store/subscription-store.js';
import { ioSince, type ProcessIo, processIo } from './process-io.js';
import type { PlannedSubscription } from './subscription-plan.js';

interface RawRow {
  readonly key: string;
  /** The stored text (keyv's JSON envelope). */
  readonly value: string;
}

export interface RawFigures {
  readonly subscriptions: number;
  readonly seconds: number;
  /** Undefined where the process's I/O counters cannot be read. */
  readonly io: ProcessIo | undefined;
}

interface RawSqlite {
  /** Writes each group (one subscription's rows) in a transaction of its own; only this is timed. */
  insert(groups: readonly (readonly RawRow[])[]): void;
  figures(): RawFigures;
  close(): void;
}

function openRawSqlite(path: string): RawSqlite {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL');
  db.exec('CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
  const upsert = db.prepare(
    'INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  let subscriptions = 0;
  let seconds = 0;
  let io: ProcessIo | undefined = { written: 0, toStorage: 0 };
  return {
    insert(groups) {
      const before = processIo();
      const started = performance.now();
      for (const rows of groups) {
        db.exec('BEGIN');
        for (const row of rows) upsert.run(row.key, row.value);
        db.exec('COMMIT');
      }
      seconds += (performance.now() - started) / 1000;
      const spent = ioSince(before);
      io =
        io && spent
          ? { written: io.written + spent.written, toStorage: io.toStorage + spent.toStorage }
          : undefined;
      subscriptions += groups.length;
    },
    figures: () => ({ subscriptions, seconds, io }),
    close: () => db.close(),
  };
}

/** Subscriptions read back from the store and written raw per round (bounds the memory the rows take). */
const ROUND = 1000;

/**
 * Replays what the store holds after creating `plan` into a raw table at `path`, in plan order: per
 * subscription, the chat's index as it was then (the numbers so far), the subscription and the watch as
 * the store keeps them, each in keyv's envelope under its namespaced key.
 */
export async function replayRaw(
  path: string,
  plan: readonly PlannedSubscription[],
  store: SubscriptionStore,
  namespace: string,
): Promise<RawFigures> {
  const raw = openRawSqlite(path);
  const envelope = (value: unknown) => JSON.stringify({ value, expires: null });
  const indexes = new Map<string, string[]>();
  try {
    for (let i = 0; i < plan.length; i += ROUND) {
      const groups = await Promise.all(
        plan.slice(i, i + ROUND).map(async ({ chat, number }) => {
          const key = chatKey(chat);
          const [subscription, watch] = await Promise.all([
            store.subscription(key, number),
            store.watch(number),
          ]);
          const numbers = [...(indexes.get(key) ?? []), number];
          indexes.set(key, numbers);
          return [
            { key: `${namespace}-chat:${key}`, value: envelope({ v: 1, numbers }) },
            { key: `${namespace}-subscription:${key}|${number}`, value: envelope(subscription) },
            { key: `${namespace}-watch:${number}`, value: envelope(watch) },
          ];
        }),
      );
      raw.insert(groups);
    }
    return raw.figures();
  } finally {
    raw.close();
  }
}
