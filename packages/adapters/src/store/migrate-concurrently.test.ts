import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { pendingMigrations } from './migrate';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import type { Migration } from './migrations/types';
import { migratePostgres } from './postgres/migrate-postgres';
import { PostgresStore } from './postgres/postgres-store';
import { pgTestDatabase, type TestSchema } from './testing/pg';

const NOW = '2026-11-25T12:00:00.000Z';
const names = (migrations: readonly Migration[]) => migrations.map((m) => m.name);
const BEFORE_0005 = POSTGRES_MIGRATIONS.filter((m) => m.id < 5);

const available = await pgTestDatabase();

describe.skipIf(available === null)('PostgreSQL migrations that build indexes concurrently', () => {
  let schemas: TestSchema[] = [];
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.end();
    for (const schema of schemas) await schema.drop();
    schemas = [];
  });
  const fresh = async () => {
    const db = (await pgTestDatabase())!;
    schemas.push(db);
    const pool = new pg.Pool({ connectionString: db.url, max: 4 });
    pools.push(pool);
    /** One statement (or several, `;`-separated) in the test's schema. */
    const sql = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> => {
      const client = await pool.connect();
      try {
        await client.query(`SET search_path TO "${db.schema}"`);
        // Without values the simple protocol runs, which takes several statements at once.
        return (values.length > 0 ? await client.query<R>(text, values) : await client.query<R>(text)).rows;
      } finally {
        await client.query('RESET search_path');
        client.release();
      }
    };
    const migrate = async (migrations: readonly Migration[]) => {
      const client = await pool.connect();
      try {
        return await migratePostgres(client, db.schema, migrations, { apply: true, now: NOW });
      } finally {
        client.release();
      }
    };
    const applied = async () =>
      (await sql<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id')).map((r) => r.name);
    const index = async (name: string) =>
      (
        await sql<{ valid: boolean; oid: number; definition: string }>(
          `SELECT i.indisvalid AS valid, c.oid::int AS oid, pg_get_indexdef(c.oid) AS definition
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
           WHERE c.relname = $1 AND c.relnamespace = $2::regnamespace`,
          [name, db.schema],
        )
      )[0] ?? null;
    return { ...db, pool, sql, migrate, applied, index };
  };

  /** A table whose values repeat, so that a unique index on them fails to build, and the migration that tries. */
  const DUPLICATES: Migration = {
    id: 1,
    name: '0001_values',
    up: ['CREATE TABLE values_seen (id integer PRIMARY KEY, v integer NOT NULL)'],
  };
  const UNIQUE_VALUES: Migration = {
    id: 2,
    name: '0002_unique_values',
    up: [],
    concurrentIndexes: [{ name: 'values_seen_v', unique: true, on: 'ON values_seen (v)' }],
  };
  const AFTER: Migration = {
    id: 3,
    name: '0003_after',
    up: ['CREATE TABLE after_values (id integer PRIMARY KEY)'],
  };

  it('records a concurrent build only once its index is valid, and rebuilds the invalid index a failed build left', async () => {
    const db = await fresh();
    await db.migrate([DUPLICATES]);
    await db.sql('INSERT INTO values_seen (id, v) SELECT g, g % 3 FROM generate_series(1, 30) g');

    const failed = await db.migrate([DUPLICATES, UNIQUE_VALUES, AFTER]).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: '23505' });
    // The build left its index behind, INVALID; the migration and those after it are not recorded.
    expect(await db.index('values_seen_v')).toMatchObject({ valid: false });
    expect(await db.applied()).toEqual(['0001_values']);

    await db.sql('DELETE FROM values_seen WHERE id > 3');
    expect(await db.migrate([DUPLICATES, UNIQUE_VALUES, AFTER])).toEqual([
      '0002_unique_values',
      '0003_after',
    ]);
    expect(await db.index('values_seen_v')).toMatchObject({
      valid: true,
      definition: expect.stringContaining('CREATE UNIQUE INDEX values_seen_v ON'),
    });
    expect(await db.applied()).toEqual(['0001_values', '0002_unique_values', '0003_after']);
    await expect(db.sql('INSERT INTO values_seen (id, v) VALUES (100, 1)')).rejects.toMatchObject({
      code: '23505',
    });
  });

  it('keeps an index a run built before it stopped short of recording the migration', async () => {
    const db = await fresh();
    await db.migrate([DUPLICATES]);
    // A run built the index, then died before its record committed.
    await db.sql('CREATE UNIQUE INDEX CONCURRENTLY values_seen_v ON values_seen (v)');
    const built = await db.index('values_seen_v');
    expect(await db.migrate([DUPLICATES, UNIQUE_VALUES])).toEqual(['0002_unique_values']);
    expect(await db.index('values_seen_v')).toEqual(built);
  });

  it('builds the indexes of a schema whose name has capitals, which every statement quotes', async () => {
    const db = await fresh();
    const schema = `${db.schema}_Mixed`;
    try {
      const store = await PostgresStore.open(db.url, { schema });
      expect(await pendingMigrations(store)).toEqual([]);
      await store.close();
      const [built] = await db.sql<{ valid: boolean }>(
        `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = $1 AND n.nspname = $2`,
        ['idempotency_keys_created', schema],
      );
      expect(built).toEqual({ valid: true });
    } finally {
      await db.sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });

  it('refuses a migration that would build concurrently and also run statements in a transaction', async () => {
    const db = await fresh();
    const mixed = { ...UNIQUE_VALUES, up: ['CREATE TABLE mixed (id integer)'] };
    await expect(db.migrate([DUPLICATES, mixed])).rejects.toThrow(
      'migration 0002_unique_values builds indexes concurrently, so it can have no up or precondition',
    );
    // Refused before anything ran.
    expect(await db.sql("SELECT to_regclass('schema_migrations') AS t")).toEqual([{ t: null }]);
  });

  it('holds the migration lock through an index build: another process waits for it, then finds nothing pending', async () => {
    const db = await fresh();
    await db.migrate(BEFORE_0005);
    // A table with rows is built around concurrently (an empty one is not: see below).
    await db.sql(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status, body, created_at)
       VALUES ('usr_0', 'key-0', 'sha256:0', 201, '{}', now())`,
    );
    // A request's transaction that wrote an idempotency record and has not committed: 0005's concurrent build
    // waits for it to end, which holds the build mid-way for as long as the test needs.
    const request = await db.pool.connect();
    await request.query('BEGIN');
    await request.query(
      `INSERT INTO "${db.schema}".idempotency_keys (scope, key, request_hash, status, body, created_at)
       VALUES ('usr_1', 'key-1', 'sha256:0', 201, '{}', now())`,
    );
    const requestPid = (await request.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

    const first = PostgresStore.open(db.url, { schema: db.schema });
    const waitingBuild = async () =>
      (
        await db.sql<{ query: string }>(
          'SELECT query FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
          [requestPid],
        )
      ).map((r) => r.query);
    await expect
      .poll(waitingBuild, { timeout: 20_000 })
      .toEqual([expect.stringContaining('CREATE INDEX CONCURRENTLY "idempotency_keys_created"')]);

    // Mid-build: the lock is held, nothing of 0005 is recorded, and a second process waits.
    const [lock] = await db.sql<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
      [`greenlight:${db.schema}:migrate`],
    );
    expect(lock?.locked).toBe(false);
    expect(await db.applied()).toEqual(names(BEFORE_0005));
    let secondOpened = false;
    const second = PostgresStore.open(db.url, { schema: db.schema }).then((store) => {
      secondOpened = true;
      return store;
    });
    // Other requests still write while the index builds.
    await db.sql(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status, body, created_at)
       VALUES ('usr_2', 'key-2', 'sha256:0', 201, '{}', now())`,
    );
    expect(secondOpened).toBe(false);

    await request.query('COMMIT');
    request.release();
    const stores = await Promise.all([first, second]);
    expect(await db.applied()).toEqual(names(POSTGRES_MIGRATIONS));
    for (const name of ['idempotency_keys_created', 'effects_purgeable']) {
      expect(await db.index(name)).toMatchObject({ valid: true });
    }
    for (const store of stores) {
      expect(await pendingMigrations(store)).toEqual([]);
      await store.close();
    }
  });

  /** A logger that keeps what a migration that waits says. */
  const recording = () => {
    const warnings: { message: string; data: Record<string, unknown> | undefined }[] = [];
    return {
      warnings,
      logger: { warn: (message: string, data?: Record<string, unknown>) => warnings.push({ message, data }) },
    };
  };
  const pidOf = async (client: pg.PoolClient) =>
    (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

  it('a migration held up by a transaction left open elsewhere in the database logs that backend while it waits, and finishes once it ends', async () => {
    const db = await fresh();
    await db.migrate(BEFORE_0005);
    await db.sql(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status, body, created_at)
       VALUES ('usr_0', 'key-0', 'sha256:0', 201, '{}', now())`,
    );
    // Another application's session, in another schema, idle in a transaction that holds a snapshot: 0005's
    // concurrent build (its table has rows) must wait it out.
    const idle = await db.pool.connect();
    const idlePid = await pidOf(idle);
    await idle.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await idle.query('SELECT 1 AS elsewhere');
    const { warnings, logger } = recording();
    const opening = PostgresStore.open(db.url, { schema: db.schema, logger, migrationWaitLogMs: 50 });
    const naming = () => warnings.filter((w) => w.message.includes(`backend ${idlePid} `));
    try {
      // Logged, and logged again while the wait goes on.
      await expect.poll(() => naming().length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    } finally {
      await idle.query('COMMIT');
      idle.release();
    }
    const [first] = naming();
    expect(first!.message).toMatch(
      new RegExp(
        `^PostgreSQL migration of schema "${db.schema}" \\(backend \\d+\\) has run \\d+ s and is waiting: backend ${idlePid} ` +
          '\\(idle in transaction, transaction open since \\S+, query "SELECT 1 AS elsewhere"\\) blocks the migration\\. ' +
          `A session idle in transaction .* SELECT pg_terminate_backend\\(${idlePid}\\)$`,
      ),
    );
    expect(first!.data).toMatchObject({
      schema: db.schema,
      blockers: [{ pid: idlePid, state: 'idle in transaction', query: 'SELECT 1 AS elsewhere' }],
    });
    const store = await opening;
    expect(await pendingMigrations(store)).toEqual([]);
    await store.close();
  }, 30_000);

  it('builds the indexes of empty tables (a new deployment) without waiting for transactions open elsewhere', async () => {
    const db = await fresh();
    // A session idle in a transaction elsewhere in the database: a concurrent build would wait until it ends,
    // and so would every new schema in a shared database (every parallel test file's, for one).
    const idle = await db.pool.connect();
    await idle.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await idle.query('SELECT 1 AS elsewhere');
    try {
      const store = await PostgresStore.open(db.url, { schema: db.schema });
      expect(await pendingMigrations(store)).toEqual([]);
      await store.close();
      expect(await db.index('idempotency_keys_created')).toMatchObject({ valid: true });
    } finally {
      await idle.query('COMMIT');
      idle.release();
    }
  }, 20_000);

  it('a migration waiting for the migration lock logs its holder, and goes on once the lock is released', async () => {
    const db = await fresh();
    const other = await db.pool.connect();
    await other.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [
      `greenlight:${db.schema}:migrate`,
    ]);
    const otherPid = await pidOf(other);
    const { warnings, logger } = recording();
    const opening = PostgresStore.open(db.url, { schema: db.schema, logger, migrationWaitLogMs: 50 });
    try {
      await expect
        .poll(() => warnings.find((w) => w.message.includes(`backend ${otherPid} `))?.message, {
          timeout: 20_000,
        })
        .toMatch(
          /\) holds the migration lock\. Another process is migrating this schema; this one goes on once it is done$/,
        );
    } finally {
      await other.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [
        `greenlight:${db.schema}:migrate`,
      ]);
      other.release();
    }
    const store = await opening;
    expect(await pendingMigrations(store)).toEqual([]);
    await store.close();
  }, 30_000);

  /**
   * Writers that insert and update idempotency records as requests do, each statement on its own, and time every
   * statement; stop() ends them and returns what they did.
   */
  let runs = 0;
  function startWriters(pool: pg.Pool, schema: string, count: number) {
    const run = ++runs;
    const writes: Array<{ start: number; end: number }> = [];
    const errors: unknown[] = [];
    let running = true;
    let n = 0;
    const table = `"${schema}".idempotency_keys`;
    const loops = Array.from({ length: count }, async (_, w) => {
      while (running) {
        const i = n++;
        // An existing record, from the middle of the million.
        const g = 500_000 + (i % 400_000);
        const statement =
          i % 2 === 0
            ? {
                text: `INSERT INTO ${table} (scope, key, request_hash, status, body, created_at)
                       VALUES ($1, $2, 'sha256:1', 201, '{}', now())`,
                values: [`writer_${w}`, `key-${run}-${i}`],
              }
            : {
                text: `UPDATE ${table} SET body = '{"updated":true}', created_at = now()
                       WHERE scope = $1 AND key = $2`,
                values: [
                  `usr_${String(Math.floor(g / 1000)).padStart(4, '0')}`,
                  `key-${String(g).padStart(7, '0')}`,
                ],
              };
        const start = performance.now();
        try {
          await pool.query(statement);
        } catch (error) {
          errors.push(error);
        }
        writes.push({ start, end: performance.now() });
      }
    });
    return {
      writes,
      async stop() {
        running = false;
        await Promise.all(loops);
        return { writes, errors };
      },
    };
  }

  /**
   * Samples, until stopped, whether any session named `applicationName` (the writers) is waiting for a lock another
   * session holds: what a blocking build does to them, observed rather than inferred from how long a write took.
   */
  function watchLocks(pool: pg.Pool, applicationName: string) {
    let running = true;
    let samples = 0;
    let blocked = 0;
    const loop = (async () => {
      while (running) {
        const [row] = (
          await pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE application_name = $1 AND cardinality(pg_blocking_pids(pid)) > 0`,
            [applicationName],
          )
        ).rows;
        samples++;
        if ((row?.n ?? 0) > 0) blocked++;
        // Between samples, not a duration anything is measured against.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    return {
      async stop() {
        running = false;
        await loop;
        return { samples, blocked };
      },
    };
  }

  /** How the writes fared while `[from, to]` ran: the longest any of them waited, and how many completed in it. */
  function during(writes: ReadonlyArray<{ start: number; end: number }>, from: number, to: number) {
    const overlapping = writes.filter((w) => w.start < to && w.end > from);
    return {
      windowMs: to - from,
      longestWriteMs: Math.max(0, ...overlapping.map((w) => w.end - w.start)),
      completed: writes.filter((w) => w.end > from && w.end < to).length,
    };
  }

  it('builds 0005 on a million idempotency records while writes go on, never blocking them as a plain build does', async () => {
    const db = await fresh();
    await db.migrate(BEFORE_0005);
    await db.sql(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status, body, created_at)
       SELECT 'usr_' || lpad((g / 1000)::text, 4, '0'), 'key-' || lpad(g::text, 7, '0'), 'sha256:0', 201, '{}',
         timestamptz '2026-10-01' + g * interval '1 second'
       FROM generate_series(1, 1000000) g`,
    );
    await db.sql('ANALYZE idempotency_keys');
    const writerName = `writers_${db.schema}`;
    const writerPool = new pg.Pool({ connectionString: db.url, max: 2, application_name: writerName });
    pools.push(writerPool);

    // The baseline, in the same run on the same table: the same index built the way 0005 first did, in a
    // transaction. Every write that arrives while it builds waits for the commit.
    let writers = startWriters(writerPool, db.schema, 2);
    await expect.poll(() => writers.writes.length).toBeGreaterThan(20);
    let locks = watchLocks(db.pool, writerName);
    const plainFrom = performance.now();
    await db.sql('BEGIN; CREATE INDEX plain_build ON idempotency_keys (created_at); COMMIT');
    const plainTo = performance.now();
    const plainLocks = await locks.stop();
    await expect.poll(() => writers.writes.filter((w) => w.start > plainTo).length).toBeGreaterThan(20);
    let done = await writers.stop();
    expect(done.errors).toEqual([]);
    const plain = { ...during(done.writes, plainFrom, plainTo), ...plainLocks };
    await db.sql('DROP INDEX plain_build');

    // The migration itself, as a server starting up runs it.
    writers = startWriters(writerPool, db.schema, 2);
    await expect.poll(() => writers.writes.length).toBeGreaterThan(20);
    locks = watchLocks(db.pool, writerName);
    const from = performance.now();
    const store = await PostgresStore.open(db.url, { schema: db.schema });
    const to = performance.now();
    await expect.poll(() => writers.writes.filter((w) => w.start > to).length).toBeGreaterThan(20);
    const concurrentLocks = await locks.stop();
    done = await writers.stop();
    await store.close();
    expect(done.errors).toEqual([]);
    const concurrent = { ...during(done.writes, from, to), ...concurrentLocks };
    console.info('0005 on 1,000,000 idempotency records, with two writers:', { plain, concurrent });

    // The probe sees a blocking build: writers waited for its lock.
    expect(plain.blocked).toBeGreaterThan(0);
    // Built concurrently, writes went on throughout, and no writer ever waited for a lock.
    expect(concurrent.completed).toBeGreaterThan(20);
    expect(concurrent.samples).toBeGreaterThan(0);
    expect(concurrent.blocked).toBe(0);
    expect(await db.index('idempotency_keys_created')).toMatchObject({ valid: true });
    expect(await db.applied()).toEqual(names(POSTGRES_MIGRATIONS));
  }, 60_000);
});
