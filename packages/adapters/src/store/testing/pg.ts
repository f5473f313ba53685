import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface TestSchema {
  /** Connection string of the test database. */
  url: string;
  /** A fresh schema, unique to this call. */
  schema: string;
  /** Deletes every row of the schema's tables except the migration record: a fresh store, faster than a new schema. */
  reset(): Promise<void>;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function testDatabaseUrl(): string {
  return process.env.GREENLIGHT_TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

let reachable: Promise<string | null> | undefined;

/** Null when PostgreSQL answers, else why not; asked once per process. */
function unreachableReason(url: string): Promise<string | null> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return null;
    } catch (error) {
      const e = error as { message?: string; code?: string };
      return e.message || e.code || String(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

let warned = false;
function warnSkipped(url: string, reason: string): void {
  if (warned) return;
  warned = true;
  console.warn(
    `\n⚠  PostgreSQL tests SKIPPED: ${url} is unreachable (${reason}). Start PostgreSQL or set ` +
      'GREENLIGHT_TEST_DATABASE_URL; under CI=true this is a failure.\n',
  );
}

/**
 * A fresh schema in the test database (`GREENLIGHT_TEST_DATABASE_URL`, default the local one), or null
 * when PostgreSQL cannot be reached so the caller can skip. Under `CI=true` an unreachable database
 * throws instead: CI must never pass by skipping the PostgreSQL tests.
 */
export async function pgTestDatabase(): Promise<TestSchema | null> {
  const url = testDatabaseUrl();
  const reason = await unreachableReason(url);
  if (reason !== null) {
    if (process.env.CI === 'true') {
      throw new Error(`PostgreSQL is required under CI=true but ${url} is unreachable: ${reason}`);
    }
    warnSkipped(url, reason);
    return null;
  }
  const schema = `gl_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  return {
    url,
    schema,
    reset: () =>
      withClient(url, async (client) => {
        const { rows } = await client.query<{ name: string }>(
          `SELECT table_name AS name FROM information_schema.tables
           WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'`,
          [schema],
        );
        if (rows.length === 0) return;
        // One statement: deferred foreign keys are checked at its end, so the order of tables does not matter.
        await client.query(`TRUNCATE ${rows.map((r) => `"${schema}"."${r.name}"`).join(', ')}`);
      }),
    drop: () =>
      withClient(url, (client) =>
        client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).then(() => undefined),
      ),
  };
}
