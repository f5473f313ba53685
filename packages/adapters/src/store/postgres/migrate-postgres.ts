import type pg from 'pg';
import { type MigrationSession, runMigrations } from '../migrate';
import type { ConcurrentIndex, Migration } from '../migrations/types';
import { quoteIdent, type SqlExecutor } from '../sql/executor';
import { PgExecutor } from './pg-executor';

/** How often a process waiting for another's migrations asks for the lock again. */
const LOCK_POLL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the schema's migration lock for the session. Session-level, because concurrent index builds run outside
 * any transaction; and asked for again until granted rather than waited for, because a backend blocked on the lock
 * holds a snapshot, which `CREATE INDEX CONCURRENTLY` in the holder's session must wait out: PostgreSQL reports
 * that as a deadlock and fails one of them.
 */
async function lock(client: pg.PoolClient, key: string): Promise<void> {
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
      [key],
    );
    if (rows[0]?.locked) return;
    await sleep(LOCK_POLL_MS);
  }
}

/** Builds `index` without blocking writes; an invalid leftover of an interrupted build is dropped first. */
async function buildConcurrently(db: SqlExecutor, index: ConcurrentIndex): Promise<void> {
  const [found] = await db.all<{ valid: boolean }>(
    // By name, not `::regnamespace`, which reads its text as an identifier and so lowercases a schema like `Acme`.
    `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = ? AND n.nspname = current_schema()`,
    [index.name],
  );
  if (found?.valid) return;
  const name = quoteIdent(index.name);
  if (found) await db.exec(`DROP INDEX CONCURRENTLY ${name}`);
  await db.exec(`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY ${name} ${index.on}`);
}

/**
 * Runs `migrations` on `schema` (created if missing) over `client`, which holds the schema's migration lock from
 * start to end, index builds included, so two processes starting at once never migrate together: the second
 * waits, then finds nothing pending. The client's session is left as it was found (lock released, search_path
 * reset); when that fails the caller should release the client as broken.
 */
export async function migratePostgres(
  client: pg.PoolClient,
  schema: string,
  migrations: readonly Migration[],
  options: { apply: boolean; now: string },
): Promise<string[]> {
  const key = `greenlight:${schema}:migrate`;
  await lock(client, key);
  let failure: { error: unknown } | undefined;
  let applied: string[] = [];
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    const db = new PgExecutor(client, false);
    const session: MigrationSession = {
      async transaction(fn) {
        await client.query('BEGIN');
        try {
          const result = await fn(db);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      },
      buildConcurrently: (index) => buildConcurrently(db, index),
    };
    applied = await runMigrations(session, migrations, options);
  } catch (error) {
    failure = { error };
  }
  try {
    await client.query('RESET search_path');
    await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
  } catch (error) {
    failure ??= { error };
  }
  if (failure) throw failure.error;
  return applied;
}
