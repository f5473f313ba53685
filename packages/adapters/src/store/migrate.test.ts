import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type Booking, type BookingStore, InMemoryStore } from '@greenlight/core';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError, UnknownMigrationError } from './errors';
import { migrate, pendingMigrations, runMigrations } from './migrate';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import { PgExecutor } from './postgres/pg-executor';
import { PostgresStore } from './postgres/postgres-store';
import type { SqlExecutor } from './sql/executor';
import { SqliteStore } from './sqlite/sqlite-store';
import { booking, plusMinutes, proposal, user } from './testing/fixtures';
import { pgTestDatabase, type TestSchema } from './testing/pg';

const latest = (migrations: readonly { name: string }[]) => migrations.map((m) => m.name);

const NOW = '2026-11-25T12:00:00.000Z';

/** Bookings as the first schema stored them, before `expire_at` existed. */
const BEFORE_EXPIRE_AT: Booking[] = [
  booking('bkg_pending_started', { start: plusMinutes(NOW, -60) }),
  // The suggestion is earlier than the original start, and has passed.
  booking('bkg_suggested_earlier', {
    status: 'alternative_suggested',
    start: plusMinutes(NOW, 5 * 24 * 60),
    proposal: proposal(plusMinutes(NOW, -30)),
  }),
  // The original start passed, the suggestion is tomorrow: still open.
  booking('bkg_suggested_later', {
    status: 'alternative_suggested',
    start: plusMinutes(NOW, -120),
    proposal: proposal(plusMinutes(NOW, 24 * 60)),
  }),
  booking('bkg_approved', { status: 'approved', start: plusMinutes(NOW, -60) }),
  booking('bkg_pending_later', { start: plusMinutes(NOW, 60) }),
];

/** The mentor and mentee of every seeded booking, as every schema stores users. */
async function insertUsers(db: SqlExecutor): Promise<void> {
  for (const id of ['usr_mentor', 'usr_mentee']) {
    await db.run('INSERT INTO users (id, slack_user_id, doc) VALUES (?, ?, ?)', [
      id,
      null,
      JSON.stringify(user(id)),
    ]);
  }
}

/** Writes `BEFORE_EXPIRE_AT` (and its users) into a database that has only the first migration. */
async function seedFirstSchema(db: SqlExecutor): Promise<void> {
  await insertUsers(db);
  for (const b of BEFORE_EXPIRE_AT) {
    await db.run(
      `INSERT INTO bookings (id, mentor_id, mentee_id, status, start_at, end_at, respond_by, expires_at,
        reminded_at, version, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        b.id,
        b.mentorId,
        b.menteeId,
        b.status,
        b.start,
        b.end,
        b.respondBy,
        b.expiresAt,
        b.remindedAt,
        b.version,
        b.createdAt,
        JSON.stringify(b),
      ],
    );
  }
}

/** After the upgrade, existing bookings expire by their negotiated start, as new ones do. */
async function expectBackfilledExpiry(store: BookingStore): Promise<void> {
  const due = (at: string) =>
    store.transaction((tx) => tx.dueBookings('expire', at, 10)).then((bs) => bs.map((b) => b.id));
  expect(await due(NOW)).toEqual(['bkg_pending_started', 'bkg_suggested_earlier']);
  expect(await due(plusMinutes(NOW, 24 * 60))).toEqual([
    'bkg_pending_started',
    'bkg_suggested_earlier',
    'bkg_pending_later',
    'bkg_suggested_later',
  ]);
}

/** Bookings written before `payment_ref` existed: the second schema's columns, the ref only in the document. */
async function seedSecondSchema(db: SqlExecutor): Promise<void> {
  await insertUsers(db);
  const paid = [
    booking('bkg_paid', { paymentRef: 'pi_paid' }),
    booking('bkg_free', { paymentRef: null, start: plusMinutes(NOW, 60) }),
  ];
  for (const b of paid) {
    await db.run(
      `INSERT INTO bookings (id, mentor_id, mentee_id, status, start_at, end_at, respond_by, expires_at,
        expire_at, reminded_at, version, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        b.id,
        b.mentorId,
        b.menteeId,
        b.status,
        b.start,
        b.end,
        b.respondBy,
        b.expiresAt,
        b.expiresAt,
        b.remindedAt,
        b.version,
        b.createdAt,
        JSON.stringify(b),
      ],
    );
  }
}

/** After the upgrade, an existing booking's payment is found, so it cannot back a second booking. */
async function expectBackfilledPaymentRef(store: BookingStore): Promise<void> {
  expect((await store.transaction((tx) => tx.findBookingByPaymentRef('pi_paid')))?.id).toBe('bkg_paid');
  expect(await store.transaction((tx) => tx.findBookingByPaymentRef('pi_free'))).toBeNull();
}

/** Writes test data into a database that has only some of the migrations. */
type Seed = (db: SqlExecutor) => Promise<void>;

/**
 * Opens, and so upgrades, a new database that `seed` wrote to when it had only the first `applied`
 * migrations.
 */
type Upgraded = (applied: number, seed: Seed) => Promise<BookingStore>;

/** 0003's test, the same for every dialect. */
function itIndexesExistingPaymentRefs(upgraded: Upgraded): void {
  it('0003 indexes the payment reference of existing bookings', async () => {
    const store = await upgraded(2, seedSecondSchema);
    await expectBackfilledPaymentRef(store);
    await store.close();
  });
}

function sqliteExecutor(db: DatabaseSync): SqlExecutor {
  return {
    all: async <R>(sql: string, params: readonly (string | number | null)[] = []) =>
      db.prepare(sql).all(...params) as R[],
    run: async (sql, params = []) => Number(db.prepare(sql).run(...params).changes),
    exec: async (sql) => db.exec(sql),
  };
}

describe('SQLite migrations', () => {
  let dir: string;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const file = async () => {
    dir = await mkdtemp(join(tmpdir(), 'greenlight-migrate-'));
    return join(dir, 'store.db');
  };
  const upgraded: Upgraded = async (applied, seed) => {
    const path = await file();
    const raw = new DatabaseSync(path, { enableForeignKeyConstraints: true });
    const db = sqliteExecutor(raw);
    raw.exec('BEGIN');
    await runMigrations(db, SQLITE_MIGRATIONS.slice(0, applied), { apply: true, now: NOW });
    await seed(db);
    raw.exec('COMMIT');
    raw.close();
    return SqliteStore.open(path);
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

  it('0002 gives existing bookings their expiry deadline, a suggestion by its suggested start', async () => {
    const store = await upgraded(1, seedFirstSchema);
    await expectBackfilledExpiry(store);
    expect((await store.transaction((tx) => tx.getBooking('bkg_suggested_later')))?.proposal).toEqual(
      BEFORE_EXPIRE_AT[2]?.proposal,
    );
    await store.close();
  });

  itIndexesExistingPaymentRefs(upgraded);

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
  const upgraded: Upgraded = async (applied, seed) => {
    const { url, schema } = await fresh();
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(`SET LOCAL search_path TO "${schema}"`);
      const db = new PgExecutor(client, false);
      await runMigrations(db, POSTGRES_MIGRATIONS.slice(0, applied), { apply: true, now: NOW });
      await seed(db);
      await client.query('COMMIT');
    } finally {
      client.release();
      await pool.end();
    }
    return PostgresStore.open(url, { schema });
  };

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
      `INSERT INTO "${schema}".schema_migrations (id, name, applied_at) VALUES (999, '0999_newer', now()::text)`,
    );
    await client.end();
    const error = await PostgresStore.open(url, { schema }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownMigrationError);
    expect((error as Error).message).toContain('0999_newer');
  });

  it('0002 gives existing bookings their expiry deadline, a suggestion by its suggested start', async () => {
    const store = await upgraded(1, seedFirstSchema);
    await expectBackfilledExpiry(store);
    await store.close();
  });

  itIndexesExistingPaymentRefs(upgraded);

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
