import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type Booking, type BookingStore, InMemoryStore, ValidationError } from '@greenlight/core';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationRefusedError, StoreUnavailableError, UnknownMigrationError } from './errors';
import { migrate, pendingMigrations, runMigrations } from './migrate';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import { migratePostgres } from './postgres/migrate-postgres';
import { PgExecutor } from './postgres/pg-executor';
import { PostgresStore } from './postgres/postgres-store';
import type { SqlExecutor } from './sql/executor';
import { newEffectValues } from './sql/rows';
import { SqliteStore } from './sqlite/sqlite-store';
import { booking, effect, plusMinutes, proposal, user } from './testing/fixtures';
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

/**
 * Writes `bookings` (and their users) into a database that has the second schema's columns, or with `applied`
 * 3 the third's, `payment_ref` included; before that the reference is only in the document.
 */
function seedBookings(applied: 2 | 3, bookings: readonly Booking[]): Seed {
  const paymentRef = applied === 3 ? ', payment_ref' : '';
  return async (db) => {
    await insertUsers(db);
    for (const b of bookings) {
      await db.run(
        `INSERT INTO bookings (id, mentor_id, mentee_id, status, start_at, end_at, respond_by, expires_at,
          expire_at, reminded_at, version, created_at, doc${paymentRef})
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?${applied === 3 ? ', ?' : ''})`,
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
          ...(applied === 3 ? [b.paymentRef] : []),
        ],
      );
    }
  };
}

/** Bookings written before `payment_ref` existed: the second schema's columns, the ref only in the document. */
const seedSecondSchema = seedBookings(2, [
  booking('bkg_paid', { paymentRef: 'pi_paid' }),
  booking('bkg_free', { paymentRef: null, start: plusMinutes(NOW, 60) }),
]);

/** Payments that back several bookings (booked before the workflow checked, or by requests that raced). */
const SHARED_PAYMENTS: Booking[] = [
  booking('bkg_a1', { paymentRef: 'pi_twice', status: 'cancelled' }),
  booking('bkg_a2', { paymentRef: 'pi_twice', start: plusMinutes(NOW, 60) }),
  booking('bkg_b1', { paymentRef: 'pi_thrice' }),
  booking('bkg_b2', { paymentRef: 'pi_thrice', status: 'cancelled' }),
  booking('bkg_b3', { paymentRef: 'pi_thrice', status: 'rejected' }),
  booking('bkg_c', { paymentRef: 'pi_once' }),
  booking('bkg_d', { paymentRef: null }),
  booking('bkg_e', { paymentRef: null }),
];

/** After the upgrade, an existing booking's payment is found, so it cannot back a second booking. */
async function expectBackfilledPaymentRef(store: BookingStore): Promise<void> {
  expect((await store.transaction((tx) => tx.findBookingByPaymentRef('pi_paid')))?.id).toBe('bkg_paid');
  expect(await store.transaction((tx) => tx.findBookingByPaymentRef('pi_free'))).toBeNull();
}

/** Effects and idempotency records as a store wrote them before 0005, a month old: `[id, kind, status]`. */
const OLD_EFFECTS = [
  ['eff_meeting', 'create_meeting', 'done'],
  ['eff_refund', 'refund', 'done'],
  ['eff_dead', 'create_meeting', 'dead'],
] as const;
const MONTH_AGO = plusMinutes(NOW, -31 * 24 * 60);

const seedOutbox: Seed = async (db) => {
  for (const [id, kind, status] of OLD_EFFECTS) {
    const payload =
      kind === 'refund'
        ? { kind, bookingId: 'bkg_1', amount: { amount: 500, currency: 'USD' }, reason: 'cancelled' }
        : { kind, bookingId: 'bkg_1' };
    await db.run(
      `INSERT INTO effects (id, idempotency_key, booking_id, kind, payload, status, attempts, max_attempts, run_at,
        locked_until, last_error, result, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      newEffectValues(effect(id, { payload }), MONTH_AGO),
    );
    await db.run('UPDATE effects SET status = ? WHERE id = ?', [status, id]);
  }
  for (const [scope, key] of [
    ['usr_mentee', 'key-1'],
    ['usr_mentee#lock', 'key-1#0'],
  ]) {
    await db.run(
      'INSERT INTO idempotency_keys (scope, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [scope!, key!, 'sha256:abc', 201, '{}', MONTH_AGO],
    );
  }
};

/** 0005's test, the same for every dialect; `names` are the dialect's migrations. */
function itIndexesWhatPurgesDelete(seeded: Seeder, names: readonly string[]): void {
  it('0005 indexes what a purge deletes, and existing rows are purged like new ones', async () => {
    const db = await seeded(4, seedOutbox);
    const store = await db.open();
    expect(await db.applied()).toEqual(names);
    expect(await db.indexes()).toEqual(
      expect.arrayContaining(['effects_purgeable', 'idempotency_keys_created']),
    );
    expect(await store.transaction((tx) => tx.purgeEffects(NOW, 100))).toBe(1);
    expect(await store.transaction((tx) => tx.purgeIdempotency(NOW, 100))).toBe(2);
    const left = await store.transaction((tx) =>
      Promise.all(OLD_EFFECTS.map(([id]) => tx.getEffect(id).then((e) => e?.id ?? null))),
    );
    expect(left).toEqual([null, 'eff_refund', 'eff_dead']);
    await store.close();
  });
}

/** 0006's and 0011's tests, the same for every dialect; `migrations` are the dialect's. */
function itStoresSlackInstallations(
  seeded: Seeder,
  migrations: readonly { id: number; name: string }[],
): void {
  const names = latest(migrations);
  const installation = {
    key: 'T0ACME',
    teamId: 'T0ACME',
    enterpriseId: null,
    installation: { team: { id: 'T0ACME' }, bot: { token: 'xoxb-1' } },
    updatedAt: NOW,
  };

  it('0006 adds the Slack installations to a database that had none, keeping what it held', async () => {
    const db = await seeded(5, seedOutbox);
    const store = await db.open();
    expect(await db.applied()).toEqual(names);
    const record = {
      ...installation,
      version: 1,
      status: 'active' as const,
      revocation: null,
      botTokenExpiresAt: null,
      refreshClaimedUntil: null,
      teams: [],
    };
    expect(await store.transaction((tx) => tx.putSlackInstallation(record, null))).toBe(true);
    expect(await store.transaction((tx) => tx.getSlackInstallation('T0ACME'))).toEqual(record);
    expect((await store.transaction((tx) => tx.getEffect('eff_refund')))?.id).toBe('eff_refund');
    await store.close();
  });

  it('0011 gives installations stored before it version 1, which the next compare-and-set write expects', async () => {
    const before = migrations.filter((m) => m.id < 11).length;
    const db = await seeded(before, async (sql) => {
      await sql.run('INSERT INTO slack_installations (key, updated_at, doc) VALUES (?, ?, ?)', [
        installation.key,
        installation.updatedAt,
        JSON.stringify(installation),
      ]);
    });
    const store = await db.open();
    expect(await db.applied()).toEqual(names);
    const stored = await store.transaction((tx) => tx.getSlackInstallation('T0ACME'));
    expect(stored).toEqual({ ...installation, version: 1 });
    const rotated = {
      ...stored!,
      installation: { ...installation.installation, bot: { token: 'xoxb-2' } },
      version: 2,
    };
    expect(await store.transaction((tx) => tx.putSlackInstallation(rotated, 2))).toBe(false);
    expect(await store.transaction((tx) => tx.putSlackInstallation(rotated, 1))).toBe(true);
    expect(await store.transaction((tx) => tx.getSlackInstallation('T0ACME'))).toEqual(rotated);
    await store.close();
  });
}

/** Effects as a worker left them before 0010: `[id, status, lockedUntil, lastError]`. */
const BEFORE_LEASE_TOKENS = [
  ['eff_fresh', 'pending', null, null],
  // Claimed by a worker that is running it, or died holding it.
  ['eff_claimed', 'pending', NOW, null],
  // Handed back by a worker that stopped, maybe mid-call.
  ['eff_handed_back', 'pending', null, 'the effect worker stopped before the call finished'],
  ['eff_retried', 'pending', null, 'HTTP 503'],
  ['eff_done', 'done', null, null],
] as const;

const seedClaimedEffects: Seed = async (db) => {
  for (const [id, status, lockedUntil, lastError] of BEFORE_LEASE_TOKENS) {
    await db.run(
      `INSERT INTO effects (id, idempotency_key, booking_id, kind, payload, status, attempts, max_attempts, run_at,
        locked_until, last_error, result, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      newEffectValues(effect(id, { idempotencyKey: `key:${id}` }), MONTH_AGO),
    );
    await db.run('UPDATE effects SET status = ?, locked_until = ?, last_error = ? WHERE id = ?', [
      status,
      lockedUntil,
      lastError,
      id,
    ]);
  }
};

/** 0010's test, the same for every dialect; `names` are the dialect's migrations. */
function itCountsClaims(seeded: Seeder, names: readonly string[]): void {
  it('0010 counts a pending effect a worker held or handed back as claimed once, so its next run is a rerun', async () => {
    const db = await seeded(6, seedClaimedEffects);
    const store = await db.open();
    expect(await db.applied()).toEqual(names);
    const effects = await store.transaction((tx) =>
      Promise.all(BEFORE_LEASE_TOKENS.map(([id]) => tx.getEffect(id))),
    );
    expect(effects.map((e) => [e?.id, e?.claims, e?.leaseToken])).toEqual([
      ['eff_fresh', 0, null],
      ['eff_claimed', 1, null],
      ['eff_handed_back', 1, null],
      ['eff_retried', 1, null],
      ['eff_done', 0, null],
    ]);
    // The old claim lapsed: the effects are claimed with a token, and counted.
    const claimed = await store.transaction((tx) =>
      tx.claimEffects(plusMinutes(NOW, 1), 10, plusMinutes(NOW, 2)),
    );
    expect(claimed.map((e) => [e.id, e.claims])).toEqual([
      ['eff_claimed', 2],
      ['eff_fresh', 1],
      ['eff_handed_back', 2],
      ['eff_retried', 2],
    ]);
    expect(claimed.every((e) => typeof e.leaseToken === 'string')).toBe(true);
    await store.close();
  });
}

/** 0009's test, the same for every dialect; `names` are the dialect's migrations. */
function itRecordsUsedActionLinks(seeded: Seeder, names: readonly string[]): void {
  it('0009 records used email action links on a database that had none, keeping what it held', async () => {
    const db = await seeded(6, seedOutbox);
    const store = await db.open();
    expect(await db.applied()).toEqual(names);
    expect(await db.indexes()).toEqual(expect.arrayContaining(['email_action_tokens_expires']));
    const use = {
      id: 'tok_digest',
      bookingId: 'bkg_1',
      userId: 'usr_mentor',
      action: 'approve',
      usedAt: NOW,
      expiresAt: plusMinutes(NOW, 60),
    };
    expect(await store.transaction((tx) => tx.useActionToken(use))).toBe(true);
    expect(await store.transaction((tx) => tx.getActionTokenUse('tok_digest'))).toEqual(use);
    expect((await store.transaction((tx) => tx.getEffect('eff_refund')))?.id).toBe('eff_refund');
    await store.close();
  });
}

/** 0007's test, the same for every dialect; `names` are the dialect's migrations. */
function itAddsBookingMessages(seeded: Seeder, names: readonly string[]): void {
  it('0007 adds booking messages and rebuilds the purge index, which still purges what it did', async () => {
    const db = await seeded(6, async (exec) => {
      await seedOutbox(exec);
      await exec.run('INSERT INTO users (id, slack_user_id, doc) VALUES (?, ?, ?)', [
        'usr_mentor',
        null,
        JSON.stringify(user('usr_mentor')),
      ]);
      await exec.run('INSERT INTO users (id, slack_user_id, doc) VALUES (?, ?, ?)', [
        'usr_mentee',
        null,
        JSON.stringify(user('usr_mentee')),
      ]);
    });
    const store = await db.open();
    expect(await db.applied()).toEqual(names);
    expect(await db.indexes()).toEqual(
      expect.arrayContaining(['booking_messages_booking', 'booking_messages_unread', 'effects_purgeable']),
    );
    expect(await store.transaction((tx) => tx.purgeEffects(NOW, 100))).toBe(1);
    const message = {
      id: 'msg_1',
      bookingId: 'bkg_1',
      authorId: 'usr_mentee',
      from: 'mentee' as const,
      body: 'Hello',
      createdAt: NOW,
      readAt: null,
      recipientId: 'usr_mentor',
      redFlags: [],
      digestId: null,
    };
    await store.transaction(async (tx) => {
      await tx.insertBooking(booking('bkg_1'));
      await tx.insertMessage(message);
    });
    expect(await store.transaction((tx) => tx.getMessage('msg_1'))).toEqual(message);
    await store.close();
  });
}

/** 0008's test, the same for every dialect; `names` are the dialect's migrations. */
function itAddsDelegations(seeded: Seeder, names: readonly string[]): void {
  it('0008 adds delegations to a database with users, which can then grant and look them up', async () => {
    const db = await seeded(7, async (exec) => {
      for (const id of ['usr_mentor', 'usr_assistant']) {
        await exec.run('INSERT INTO users (id, slack_user_id, doc) VALUES (?, ?, ?)', [
          id,
          null,
          JSON.stringify(user(id)),
        ]);
      }
    });
    const store = await db.open();
    expect(await db.applied()).toEqual(names);
    expect(await db.indexes()).toContain('delegations_assistant');
    const delegation = { mentorId: 'usr_mentor', assistantId: 'usr_assistant', createdAt: NOW };
    await store.transaction((tx) => tx.putDelegation(delegation));
    expect(await store.transaction((tx) => tx.getDelegation('usr_mentor', 'usr_assistant'))).toEqual(
      delegation,
    );
    await store.close();
  });
}

/** Writes test data into a database that has only some of the migrations. */
type Seed = (db: SqlExecutor) => Promise<void>;

/** A new database that a seed wrote to when it had only some of the migrations. */
interface Seeded {
  /** Opens, and so upgrades, the database. */
  open(): Promise<BookingStore>;
  /** Names of the migrations the database records as applied. */
  applied(): Promise<string[]>;
  /** Runs a statement on the database, as an operator would. */
  exec(sql: string): Promise<void>;
  /** Names of the database's indexes. */
  indexes(): Promise<string[]>;
}

/** Creates a new database with only the first `applied` migrations, and writes `seed` into it. */
type Seeder = (applied: number, seed: Seed) => Promise<Seeded>;

/** 0003's test, the same for every dialect. */
function itIndexesExistingPaymentRefs(seeded: Seeder): void {
  it('0003 indexes the payment reference of existing bookings', async () => {
    const store = await (await seeded(2, seedSecondSchema)).open();
    await expectBackfilledPaymentRef(store);
    await store.close();
  });
}

/** 0004's tests, the same for every dialect; `names` are the dialect's migrations. */
function itMakesPaymentRefsUnique(seeded: Seeder, names: readonly string[]): void {
  const paymentOf = (store: BookingStore, ref: string) =>
    store.transaction((tx) => tx.findBookingByPaymentRef(ref)).then((b) => b?.id ?? null);

  it('0004 makes a payment back one booking at most, bookings without one aside', async () => {
    const free = [booking('bkg_free', { paymentRef: null }), booking('bkg_free2', { paymentRef: null })];
    const db = await seeded(3, seedBookings(3, [booking('bkg_paid', { paymentRef: 'pi_paid' }), ...free]));
    const store = await db.open();
    expect(await db.applied()).toEqual(names);
    expect(await paymentOf(store, 'pi_paid')).toBe('bkg_paid');
    const again = await store
      .transaction((tx) => tx.insertBooking(booking('bkg_again', { paymentRef: 'pi_paid' })))
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ValidationError);
    expect(again).toMatchObject({ status: 422, errors: [{ path: 'paymentRef' }] });
    await store.transaction((tx) => tx.insertBooking(booking('bkg_free3', { paymentRef: null })));
    await store.close();
  });

  it('0004 refuses payments that back several bookings, naming them and the fix, and leaves the schema at 0003', async () => {
    const db = await seeded(3, seedBookings(3, SHARED_PAYMENTS));
    const error = await db.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationRefusedError);
    const message = (error as Error).message;
    expect(message).toContain('migration 0004_bookings_payment_ref_unique cannot be applied');
    expect(message).toContain('payment pi_thrice backs bookings bkg_b1, bkg_b2, bkg_b3');
    expect(message).toContain('payment pi_twice backs bookings bkg_a1, bkg_a2');
    expect(message).not.toContain('pi_once');
    expect(message).toContain('nothing was migrated');
    expect(await db.applied()).toEqual(names.slice(0, 3));

    // The statement the message gives the operator clears the way.
    const detach = /e\.g\. (UPDATE .*?) WHERE id IN/.exec(message)?.[1];
    expect(detach).toBeDefined();
    await db.exec(`${detach} WHERE id IN ('bkg_a1', 'bkg_b2', 'bkg_b3')`);
    const store = await db.open();
    expect(await db.applied()).toEqual(names);
    expect(await paymentOf(store, 'pi_twice')).toBe('bkg_a2');
    expect(await paymentOf(store, 'pi_thrice')).toBe('bkg_b1');
    expect((await store.transaction((tx) => tx.getBooking('bkg_b3')))?.paymentRef).toBeNull();
    await store.close();
  });

  it('0004 refusing also rolls back the migrations pending with it', async () => {
    const db = await seeded(2, seedBookings(2, SHARED_PAYMENTS));
    await expect(db.open()).rejects.toBeInstanceOf(MigrationRefusedError);
    expect(await db.applied()).toEqual(names.slice(0, 2));
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
  const seeded: Seeder = async (applied, seed) => {
    const path = await file();
    const raw = new DatabaseSync(path, { enableForeignKeyConstraints: true });
    const db = sqliteExecutor(raw);
    raw.exec('BEGIN');
    await runMigrations({ transaction: (fn) => fn(db) }, SQLITE_MIGRATIONS.slice(0, applied), {
      apply: true,
      now: NOW,
    });
    await seed(db);
    raw.exec('COMMIT');
    raw.close();
    const withFile = async <T>(fn: (file: DatabaseSync) => T): Promise<T> => {
      const opened = new DatabaseSync(path);
      try {
        return fn(opened);
      } finally {
        opened.close();
      }
    };
    return {
      open: () => SqliteStore.open(path),
      applied: () =>
        withFile((f) =>
          f
            .prepare('SELECT name FROM schema_migrations ORDER BY id')
            .all()
            .map((row) => String(row.name)),
        ),
      exec: (sql) => withFile((f) => f.exec(sql)),
      indexes: () =>
        withFile((f) =>
          f
            .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name`)
            .all()
            .map((row) => String(row.name)),
        ),
    };
  };
  const upgraded = async (applied: number, seed: Seed) => (await seeded(applied, seed)).open();

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

  itIndexesExistingPaymentRefs(seeded);
  itMakesPaymentRefsUnique(seeded, latest(SQLITE_MIGRATIONS));
  itIndexesWhatPurgesDelete(seeded, latest(SQLITE_MIGRATIONS));
  itStoresSlackInstallations(seeded, SQLITE_MIGRATIONS);
  itCountsClaims(seeded, latest(SQLITE_MIGRATIONS));
  itRecordsUsedActionLinks(seeded, latest(SQLITE_MIGRATIONS));
  itAddsBookingMessages(seeded, latest(SQLITE_MIGRATIONS));
  itAddsDelegations(seeded, latest(SQLITE_MIGRATIONS));

  it('refuse a migration that builds indexes concurrently, which SQLite cannot, before running anything', async () => {
    const raw = new DatabaseSync(':memory:');
    const db = sqliteExecutor(raw);
    const concurrent = {
      id: 2,
      name: '0002_concurrent',
      up: [],
      concurrentIndexes: [{ name: 'users_doc', on: 'ON users (doc)' }],
    };
    await expect(
      runMigrations({ transaction: (fn) => fn(db) }, [SQLITE_MIGRATIONS[0]!, concurrent], {
        apply: true,
        now: NOW,
      }),
    ).rejects.toThrow('migration 0002_concurrent builds indexes concurrently, which this store cannot');
    expect(raw.prepare(`SELECT name FROM sqlite_master WHERE name = 'schema_migrations'`).all()).toEqual([]);
    raw.close();
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
  const seeded: Seeder = async (applied, seed) => {
    const { url, schema } = await fresh();
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const client = await pool.connect();
    try {
      await migratePostgres(client, schema, POSTGRES_MIGRATIONS.slice(0, applied), { apply: true, now: NOW });
      await client.query('BEGIN');
      await client.query(`SET LOCAL search_path TO "${schema}"`);
      await seed(new PgExecutor(client, false));
      await client.query('COMMIT');
    } finally {
      client.release();
      await pool.end();
    }
    const inSchema = async (sql: string) => {
      const operator = new pg.Client({ connectionString: url });
      await operator.connect();
      try {
        return (await operator.query(
          `SET search_path TO "${schema}"; ${sql}`,
        )) as unknown as pg.QueryResult[];
      } finally {
        await operator.end();
      }
    };
    return {
      open: () => PostgresStore.open(url, { schema }),
      applied: async () =>
        (await inSchema('SELECT name FROM schema_migrations ORDER BY id'))[1]!.rows.map((row) =>
          String(row.name),
        ),
      exec: async (sql) => {
        await inSchema(sql);
      },
      indexes: async () =>
        (
          await inSchema('SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1')
        )[1]!.rows.map((row) => String(row.indexname)),
    };
  };
  const upgraded = async (applied: number, seed: Seed) => (await seeded(applied, seed)).open();

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

  itIndexesExistingPaymentRefs(seeded);
  itMakesPaymentRefsUnique(seeded, latest(POSTGRES_MIGRATIONS));
  itIndexesWhatPurgesDelete(seeded, latest(POSTGRES_MIGRATIONS));
  itStoresSlackInstallations(seeded, POSTGRES_MIGRATIONS);
  itCountsClaims(seeded, latest(POSTGRES_MIGRATIONS));
  itRecordsUsedActionLinks(seeded, latest(POSTGRES_MIGRATIONS));
  itAddsBookingMessages(seeded, latest(POSTGRES_MIGRATIONS));
  itAddsDelegations(seeded, latest(POSTGRES_MIGRATIONS));

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
