import type pg from 'pg';
import { type MigrationSession, runMigrations } from '../migrate';
import type { ConcurrentIndex, Migration } from '../migrations/types';
import { quoteIdent, type SqlExecutor } from '../sql/executor';
import { PgExecutor } from './pg-executor';

/** How often a process waiting for another's migrations asks for the lock again. */
const LOCK_POLL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a migration may wait before it logs what it waits for, and how often it logs again, in ms. */
export const MIGRATION_WAIT_LOG_MS = 10_000;

export interface MigrationLogger {
  warn(message: string, data?: Record<string, unknown>): void;
}

/** Reporting a migration that waits: it is silent otherwise, and a session idle in transaction can stall it for good. */
export interface MigrationWaits {
  logger: MigrationLogger;
  /** Log a wait once the run has taken this long, and again as often, in ms (default 10 000). */
  everyMs?: number;
  /** Another connection to look the waits up from: the migration's own is busy while it waits. */
  connect: () => Promise<pg.PoolClient>;
}

/** A backend that holds a migration up, as `pg_stat_activity` shows it. */
interface Blocker {
  pid: number;
  state: string | null;
  xactStart: Date | null;
  query: string;
  /** How it holds the migration up. */
  role: 'holds the migration lock' | 'blocks the migration' | 'blocks the holder of the migration lock';
}

/**
 * The backends holding up migration backend `$1` under lock key `$2`: the one holding the migration lock (advisory
 * locks on a bigint key are kept as its high and low halves), those its statement waits for (`pg_blocking_pids`,
 * which a concurrent build waiting out an old snapshot reports too, from any schema), and those the lock's holder
 * waits for.
 */
const BLOCKERS_SQL = `WITH holder AS (
  SELECT l.pid FROM pg_locks l
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.pid <> $1
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.classid = ((hashtextextended($2, 0) >> 32) & 4294967295)::oid
    AND l.objid = (hashtextextended($2, 0) & 4294967295)::oid
), blocking AS (
  SELECT pid, 'holds the migration lock' AS role, 1 AS rank FROM holder
  UNION ALL SELECT unnest(pg_blocking_pids($1)), 'blocks the migration', 2
  UNION ALL SELECT unnest(pg_blocking_pids(h.pid)), 'blocks the holder of the migration lock', 3 FROM holder h
)
SELECT DISTINCT ON (a.pid) a.pid, a.state, a.xact_start AS "xactStart", left(a.query, 100) AS query, b.role
FROM blocking b JOIN pg_stat_activity a ON a.pid = b.pid
ORDER BY a.pid, b.rank`;

function describeBlocker(b: Blocker): string {
  const since = b.xactStart ? `, transaction open since ${b.xactStart.toISOString()}` : '';
  return `backend ${b.pid} (${b.state ?? 'unknown state'}${since}, query ${JSON.stringify(b.query)}) ${b.role}`;
}

/**
 * Every `everyMs` until stopped, logs what holds up migration backend `pid`, when anything does. Looks run on a
 * connection of their own, taken only when due, and never stop the migration: one that fails is logged and skipped.
 */
function watchWaits(waits: MigrationWaits, pid: number, key: string, schema: string): () => void {
  const everyMs = waits.everyMs ?? MIGRATION_WAIT_LOG_MS;
  const started = Date.now();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const look = async () => {
    try {
      const client = await waits.connect();
      try {
        if (stopped) return;
        const { rows } = await client.query<Blocker>(BLOCKERS_SQL, [pid, key]);
        if (stopped || rows.length === 0) return;
        const waited = Math.round((Date.now() - started) / 1000);
        // The lock's holder is another process migrating: that one is waited for, not ended.
        const stalling = rows.find((b) => b.role !== 'holds the migration lock');
        const advice = stalling
          ? 'A session idle in transaction holds up a migration until it ends (CREATE INDEX CONCURRENTLY waits for ' +
            'every transaction open in the database, in any schema): commit or roll it back, or end it with ' +
            `SELECT pg_terminate_backend(${stalling.pid})`
          : 'Another process is migrating this schema; this one goes on once it is done';
        waits.logger.warn(
          `PostgreSQL migration of schema "${schema}" (backend ${pid}) has run ${waited} s and is waiting: ` +
            `${rows.map(describeBlocker).join('; ')}. ${advice}`,
          { schema, pid, waitedSeconds: waited, blockers: rows },
        );
      } finally {
        client.release();
      }
    } catch (error) {
      if (!stopped) {
        waits.logger.warn(`PostgreSQL migration of schema "${schema}": could not look up what it waits for`, {
          schema,
          error,
        });
      }
    } finally {
      if (!stopped) schedule();
    }
  };
  const schedule = () => {
    timer = setTimeout(() => void look(), everyMs);
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

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

/** The table of an index definition (`ON table (…)`), as written there. */
function tableOf(index: ConcurrentIndex): string {
  const table = /^\s*ON\s+(?:ONLY\s+)?("(?:[^"]|"")+"|[A-Za-z_][\w$]*)/i.exec(index.on)?.[1];
  if (!table)
    throw new Error(`index ${index.name}: its definition must start with ON <table>, got ${index.on}`);
  return table;
}

/**
 * Builds `index` without blocking writes; an invalid leftover of an interrupted build is dropped first. On an empty
 * table (a new deployment, every test schema) there is nothing to build around, and `CONCURRENTLY` would still
 * wait for every transaction open anywhere in the database: the plain build is instant and waits for nobody.
 */
async function buildConcurrently(db: SqlExecutor, index: ConcurrentIndex): Promise<void> {
  const [found] = await db.all<{ valid: boolean }>(
    // By name, not `::regnamespace`, which reads its text as an identifier and so lowercases a schema like `Acme`.
    `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = ? AND n.nspname = current_schema()`,
    [index.name],
  );
  if (found?.valid) return;
  const name = quoteIdent(index.name);
  const empty = (await db.all(`SELECT 1 FROM ${tableOf(index)} LIMIT 1`)).length === 0;
  const concurrently = empty ? '' : 'CONCURRENTLY ';
  if (found) await db.exec(`DROP INDEX ${concurrently}${name}`);
  await db.exec(`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${concurrently}${name} ${index.on}`);
}

/**
 * Runs `migrations` on `schema` (created if missing) over `client`, which holds the schema's migration lock from
 * start to end, index builds included, so two processes starting at once never migrate together: the second
 * waits, then finds nothing pending. With `waits`, a run that waits (for the lock, or a statement for another
 * session) logs what it waits for once it has taken `everyMs`, and again as often. The client's session is left as
 * it was found (lock released, search_path reset); when that fails the caller should release the client as broken.
 */
export async function migratePostgres(
  client: pg.PoolClient,
  schema: string,
  migrations: readonly Migration[],
  options: { apply: boolean; now: string; waits?: MigrationWaits },
): Promise<string[]> {
  const key = `greenlight:${schema}:migrate`;
  let stopWatching = () => {};
  if (options.waits) {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    stopWatching = watchWaits(options.waits, rows[0]!.pid, key, schema);
  }
  try {
    return await migrateLocked(client, key, schema, migrations, options);
  } finally {
    stopWatching();
  }
}

async function migrateLocked(
  client: pg.PoolClient,
  key: string,
  schema: string,
  migrations: readonly Migration[],
  options: { apply: boolean; now: string },
): Promise<string[]> {
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
