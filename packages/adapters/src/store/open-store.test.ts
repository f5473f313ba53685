import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryStore } from '@greenlight/core';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import { openStore, sqlitePath } from './open-store';
import { PostgresStore } from './postgres/postgres-store';
import { SqliteStore } from './sqlite/sqlite-store';
import { pgTestDatabase } from './testing/pg';

describe('sqlitePath', () => {
  it.each([
    ['sqlite:./data/greenlight.db', './data/greenlight.db'],
    ['sqlite:///var/lib/greenlight.db', '/var/lib/greenlight.db'],
    ['sqlite::memory:', ':memory:'],
    ['file:relative.db', 'relative.db'],
    ['file:///tmp/greenlight.db', '/tmp/greenlight.db'],
    ['/srv/greenlight.db', '/srv/greenlight.db'],
    ['greenlight.db', 'greenlight.db'],
  ])('%s is the SQLite file %s', (url, path) => {
    expect(sqlitePath(url)).toBe(path);
  });

  it('refuses a URL scheme it does not know, listing the ones it does', () => {
    expect(() => sqlitePath('mysql://localhost/db')).toThrow(/memory:, postgres:\/\/…, sqlite:<path>/);
  });
});

describe('openStore', () => {
  let cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });

  it('opens memory: in memory', async () => {
    const store = await openStore('memory:');
    expect(store).toBeInstanceOf(InMemoryStore);
  });

  it('opens a migrated SQLite file, or an unmigrated one when asked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'greenlight-open-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const store = await openStore(`sqlite:${join(dir, 'a.db')}`);
    cleanup.push(() => store.close());
    expect(store).toBeInstanceOf(SqliteStore);
    expect(await (store as SqliteStore).pendingMigrations()).toEqual([]);

    const lazy = await openStore(join(dir, 'b.db'), { migrate: false });
    cleanup.push(() => lazy.close());
    expect(await (lazy as SqliteStore).pendingMigrations()).toEqual(SQLITE_MIGRATIONS.map((m) => m.name));
  });

  it('opens PostgreSQL in the schema named by ?schema=', async () => {
    const db = await pgTestDatabase();
    if (!db) return;
    cleanup.push(() => db.drop());
    const store = await openStore(`${db.url}?schema=${db.schema}`);
    cleanup.push(() => store.close());
    expect(store).toBeInstanceOf(PostgresStore);
    expect((store as PostgresStore).schema).toBe(db.schema);
  });
});
