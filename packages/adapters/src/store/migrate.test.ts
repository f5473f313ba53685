import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { InMemoryStore } from '@greenlight/core';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError, UnknownMigrationError } from './errors';
import { migrate, pendingMigrations } from './migrate';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import { PostgresStore } from './postgres/postgres-store';
import { SqliteStore } from './sqlite/sqlite-store';
import { pgTestDatabase, type TestSchema } from './testing/pg';

const latest = (migrations: readonly { name: string }[]) => migrations.map((m) => m.name);

describe('SQLite migrations', () => {
  let dir: string;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const file = async () => {
    dir = await mkdtemp(join(tmpdir(), 'greenlight-migrate-'));
    return join(dir, 'store.db');
  };

  it('are pending on a new file opened without migrating, then applied once and only once', async () => {
    const path = await file();
    const store = await SqliteStore.open(path, { migrate: false });
    expect(await pendingMigrations(store)).toEqual(latest(SQLITE_MIGRATIONS));
    expect(await migrate(store)).toEqual(latest(SQLITE_MIGRATIONS));
    expect(await migrate(store)).toEqual([]);
    await store.close();

    const reopened = await SqliteStore.open(path);
    expect(await pendingMigrations(reopened)).toEqual([]);
    await reopened.close();
  });

  it('refuse a database that has a migration this code does not know, naming it', async () => {
    const path = await file();
    await (await SqliteStore.open(path)).close();
    const raw = new DatabaseSync(path);
    raw
      .prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)')
      .run(999, '0999_from_the_future', new Date().toISOString());
    raw.close();

    const error = await SqliteStore.open(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownMigrationError);
    expect((error as Error).message).toContain('0999_from_the_future');
    expect((error as Error).message).toContain(SQLITE_MIGRATIONS.at(-1)!.name);
    // Refused without migrating too: running against it at all is the danger.
    await expect(SqliteStore.open(path, { migrate: false })).rejects.toBeInstanceOf(UnknownMigrationError);
  });

  it('names the path when the file cannot be opened', async () => {
    const missingDir = join(await file(), 'no', 'such', 'dir', 'store.db');
    const error = await SqliteStore.open(missingDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toContain(missingDir);
  });
});

describe('migrations of a store without a schema', () => {
  it('have nothing to do', async () => {
    const store = new InMemoryStore();
    expect(await pendingMigrations(store)).toEqual([]);
    expect(await migrate(store)).toEqual([]);
  });
});

const db = await pgTestDatabase();
describe.skipIf(db === null)('PostgreSQL migrations', () => {
  let schemas: TestSchema[] = [];
  const fresh = async () => {
    const schema = (await pgTestDatabase())!;
    schemas.push(schema);
    return schema;
  };
  afterEach(async () => {
    for (const schema of schemas) await schema.drop();
    schemas = [];
  });

  it('apply once, even when two processes open a new schema at the same moment', async () => {
    const { url, schema } = await fresh();
    const stores = await Promise.all([
      PostgresStore.open(url, { schema }),
      PostgresStore.open(url, { schema }),
      PostgresStore.open(url, { schema }),
    ]);
    for (const store of stores) expect(await pendingMigrations(store)).toEqual([]);
    await Promise.all(stores.map((s) => s.close()));

    const lazy = await PostgresStore.open(url, { schema: `${schema}_lazy`, migrate: false });
    schemas.push({
      ...(await fresh()),
      schema: `${schema}_lazy`,
      drop: () => dropSchema(url, `${schema}_lazy`),
    });
    expect(await pendingMigrations(lazy)).toEqual(latest(POSTGRES_MIGRATIONS));
    expect(await migrate(lazy)).toEqual(latest(POSTGRES_MIGRATIONS));
    expect(await migrate(lazy)).toEqual([]);
    await lazy.close();
  });

  it('refuse a schema that has a migration this code does not know, naming it', async () => {
    const { url, schema } = await fresh();
    await (await PostgresStore.open(url, { schema })).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `INSERT INTO "${schema}".schema_migrations (id, name, applied_at) VALUES (2, '0002_newer', now()::text)`,
    );
    await client.end();
    const error = await PostgresStore.open(url, { schema }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownMigrationError);
    expect((error as Error).message).toContain('0002_newer');
  });

  it('accept a pool the caller owns and leave it open on close', async () => {
    const { url, schema } = await fresh();
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const store = await PostgresStore.open(pool, { schema });
    await store.close();
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await pool.end();
  });
});

describe('an unreachable PostgreSQL', () => {
  it('fails at startup naming host, port and database, never the password', async () => {
    const error = await PostgresStore.open('postgres://greenlight:s3cret-pw@127.0.0.1:1/bookings', {
      connectionTimeoutMillis: 2000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('127.0.0.1:1/bookings');
    expect(message).toContain('greenlight@');
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).not.toContain('s3cret-pw');
  });
});

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
