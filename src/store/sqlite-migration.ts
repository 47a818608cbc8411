import type { DatabaseSync } from 'node:sqlite';
import * as z from 'zod';

/** The layout this release writes (`PRAGMA user_version`): table `entries` keyed by (namespace, key). */
export const SCHEMA_VERSION = 1;

const columns = z.array(z.object({ name: z.string() }));
const userVersion = z.object({ user_version: z.number() });

/**
 * Brings a file to {@link SCHEMA_VERSION}. A file written by the previous release has its records moved
 * into `entries`, in one transaction, and the old table dropped: `@keyv/sqlite` 4 under keyv 5 kept them
 * in `keyv(key VARCHAR(255) PRIMARY KEY, value TEXT)`, the key being `<namespace>:<key>` and the value
 * keyv's JSON envelope `{"value": …, "expires"?: epoch ms}` (that package's `dist/index.js`, checked
 * against a file the release wrote: `test/store/fixtures/`). The envelope is kept as it is (keyv 6
 * reads it); its `expires` also goes to the `expires` column. Namespaces are split at the first `:`
 * (Postie's have none).
 *
 * keyv 5 did not prefix a key that already began with `<namespace>:` (its `_getKeyPrefix`), so
 * `quota:x` may have been the key `x` or the key `quota:x` of namespace `quota`. Records that expire
 * (quota counters, cached answers: only ever looked up by key) are kept under both keys, and both
 * copies expire as the record would have; the others (subscriptions, watches, indexes, the outbox,
 * settings: listed by namespace, so a second copy would be a second record) under the key without
 * their namespace, which none of them begins with.
 *
 * A process that finds the work done by another one (both waited on the write lock) does nothing.
 * What this release cannot read is not guessed at: opening fails with the reason.
 */
export function migrateKeyv5Table(db: DatabaseSync): void {
  const { user_version: version } = userVersion.parse(db.prepare('PRAGMA user_version').get());
  if (version > SCHEMA_VERSION)
    throw new Error(
      `the store file was written by a newer release (layout ${version}, this one reads ${SCHEMA_VERSION})`,
    );
  if (!hasKeyvTable(db)) {
    if (version < SCHEMA_VERSION) db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    return;
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    if (hasKeyvTable(db)) {
      const names = columns.parse(db.prepare('PRAGMA table_info(keyv)').all()).map((c) => c.name);
      if (names.join(',') !== 'key,value')
        throw new Error(`the store file has a keyv table of an unknown layout (${names.join(', ')})`);
      db.exec(`
        CREATE TEMP TABLE legacy AS SELECT
          CASE WHEN instr(key, ':') > 0 THEN substr(key, 1, instr(key, ':') - 1) ELSE '' END AS namespace,
          CASE WHEN instr(key, ':') > 0 THEN substr(key, instr(key, ':') + 1) ELSE key END AS rest,
          key AS whole,
          value,
          CASE WHEN json_valid(value) THEN
            CASE WHEN json_type(value, '$.expires') IN ('integer', 'real')
              THEN json_extract(value, '$.expires') END
          END AS expires
        FROM keyv WHERE key IS NOT NULL AND value IS NOT NULL;
        INSERT INTO entries (namespace, key, value, expires)
          SELECT namespace, rest, value, expires FROM legacy WHERE true
          ON CONFLICT (namespace, key) DO NOTHING;
        INSERT INTO entries (namespace, key, value, expires)
          SELECT namespace, whole, value, expires FROM legacy WHERE expires IS NOT NULL AND namespace <> ''
          ON CONFLICT (namespace, key) DO NOTHING;
        DROP TABLE legacy;
        DROP TABLE keyv;`);
      db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function hasKeyvTable(db: DatabaseSync): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'keyv'").get() !== undefined;
}
