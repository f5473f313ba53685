import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryStore } from '@greenlight/core';
import { afterAll, beforeAll, describe } from 'vitest';
import { PostgresStore } from './postgres/postgres-store';
import { SqliteStore } from './sqlite/sqlite-store';
import { describeStoreContract } from './store.contract';
import { pgTestDatabase } from './testing/pg';

describeStoreContract('InMemoryStore', async ({ clock }) => ({ store: new InMemoryStore({ clock }) }));

describeStoreContract('SqliteStore (temp file)', async ({ clock }) => {
  const dir = await mkdtemp(join(tmpdir(), 'greenlight-contract-'));
  return {
    store: await SqliteStore.open(join(dir, 'store.db'), { clock }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

const pg = await pgTestDatabase();
describe.skipIf(pg === null)('PostgreSQL', () => {
  // One schema for the suite, emptied before each test: much faster than a schema per test.
  beforeAll(async () => (await PostgresStore.open(pg!.url, { schema: pg!.schema })).close());
  afterAll(() => pg?.drop());

  describeStoreContract('PostgresStore (own schema)', async ({ clock }) => {
    await pg!.reset();
    return { store: await PostgresStore.open(pg!.url, { schema: pg!.schema, clock, max: 4 }) };
  });
});
