/**
 * Approve path: `createWorkflow(...).bookings.approve` on a store (load, transition, save, enqueue effects and
 * notifications) against a raw transaction doing the same reads and writes by hand, on the same data.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { isDeepStrictEqual } from 'node:util';
import {
  type Booking,
  type BookingStore,
  calendarLinks,
  createWorkflow,
  icsUrlOf,
  ManualClock,
  type User,
  type Workflow,
} from '@greenlight/core';
import pg from 'pg';
import { PostgresStore } from '../src/store/postgres/postgres-store';
import { SqliteStore } from '../src/store/sqlite/sqlite-store';
import { DATABASE_URL, dropSchema, type flags, postgresAvailable, printTable, rawSqlite, time } from './lib';

const MENTORS = 50;
const MENTEES = 200;
const CLOCK_START = '2026-11-20T09:00:00.000Z';
const platform = { kind: 'platform' } as const;

/** Mentors, mentees, one webhook endpoint and `count` pending bookings that never overlap one another. */
export async function seed(workflow: Workflow, count: number): Promise<string[]> {
  for (let m = 0; m < MENTORS; m++) {
    await workflow.users.put(platform, `usr_m${m}`, {
      name: `Mentor ${m}`,
      email: `m${m}@example.com`,
      timezone: 'Europe/Berlin',
    });
  }
  for (let m = 0; m < MENTEES; m++) {
    await workflow.users.put(platform, `usr_e${m}`, {
      name: `Mentee ${m}`,
      email: `e${m}@example.com`,
      timezone: 'UTC',
    });
  }
  await workflow.webhookEndpoints.create(platform, {
    url: 'https://hooks.example.com/greenlight',
    events: ['booking.approved'],
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const slot = Math.floor(i / MENTORS);
    const start = new Date(Date.parse('2026-12-01T00:00:00.000Z') + slot * 3_600_000).toISOString();
    const booking = await workflow.bookings.request(platform, {
      mentorId: `usr_m${i % MENTORS}`,
      menteeId: `usr_e${i % MENTEES}`,
      start,
      durationMinutes: 60,
      price: { amount: 5000, currency: 'USD' },
      paymentRef: `pi_${i}`,
      message: 'I would like to talk about moving from backend work into a staff engineer role.',
    });
    ids.push(booking.id);
  }
  return ids;
}

/** One approval by hand: the rows the workflow writes for it (booking, 2 effects, 2 notifications). */
interface RawApproval {
  /** Reads booking, mentor, mentee, settings, overlapping approved sessions, endpoints; writes the rest. */
  approve(id: string, now: string, n: number): Promise<void>;
}

/**
 * The approved booking as the workflow stores it, calendar links included (they are most of its bytes, and
 * the webhook event carries the booking again): written by hand from the booking and its two users.
 */
function approvedDoc(booking: Booking, mentor: User, mentee: User, now: string): Booking {
  const description = [
    `Mentoring session with ${mentor.name} (mentor) and ${mentee.name} (mentee).`,
    'The video link follows once the meeting is ready.',
    ...(booking.message ? ['', `Message from ${mentee.name}:`, booking.message] : []),
  ].join('\n');
  return {
    ...booking,
    status: 'approved',
    decidedAt: now,
    updatedAt: now,
    version: booking.version + 1,
    history: [
      ...booking.history,
      { at: now, actor: booking.mentorId, event: 'approved', from: 'pending', to: 'approved' },
    ],
    meeting: { provider: 'jitsi', status: 'pending' },
    calendarLinks: calendarLinks({
      title: `Mentoring session: ${mentor.name} & ${mentee.name}`,
      description,
      start: new Date(booking.start),
      end: new Date(booking.end),
      icsUrl: icsUrlOf(booking.id),
    }),
  };
}

function effectRows(booking: Booking, endpoints: readonly { id: string }[], now: string, n: number) {
  const event = { id: `evt_raw${n}`, type: 'booking.approved', createdAt: now, data: { booking } };
  return [
    [
      `eff_rawm${n}`,
      `create_meeting:${booking.id}`,
      booking.id,
      'create_meeting',
      JSON.stringify({ kind: 'create_meeting', bookingId: booking.id }),
    ],
    ...endpoints.map((endpoint, i) => [
      `eff_raww${n}_${i}`,
      `webhook:${event.id}:${endpoint.id}`,
      booking.id,
      'deliver_webhook',
      JSON.stringify({ kind: 'deliver_webhook', endpointId: endpoint.id, event }),
    ]),
  ];
}

function notificationRows(booking: Booking, now: string, n: number) {
  return [booking.menteeId, booking.mentorId].map((userId, i) => [
    `ntf_raw${n}_${i}`,
    userId,
    booking.id,
    'booking_approved',
    'Session approved',
    `Your session on ${booking.start} is approved. The meeting link follows shortly.`,
    now,
  ]);
}

export function rawSqliteApproval(db: DatabaseSync): RawApproval {
  const getBooking = db.prepare('SELECT doc FROM bookings WHERE id = ?');
  const getUser = db.prepare('SELECT doc FROM users WHERE id = ?');
  const getSettings = db.prepare('SELECT doc FROM user_settings WHERE user_id = ?');
  const overlapping = db.prepare(
    `SELECT doc FROM bookings WHERE mentor_id = ? AND status = 'approved' AND start_at < ? AND end_at > ? AND id <> ?`,
  );
  const update = db.prepare(
    'UPDATE bookings SET status = ?, version = ?, doc = ? WHERE id = ? AND version = ?',
  );
  const endpoints = db.prepare('SELECT doc FROM webhook_endpoints ORDER BY id');
  const insertEffect = db.prepare(
    `INSERT INTO effects (id, idempotency_key, booking_id, kind, payload, status, attempts, max_attempts, run_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'pending', 0, 8, ?, ?, ?), (?, ?, ?, ?, ?, 'pending', 0, 8, ?, ?, ?)
     ON CONFLICT (idempotency_key) DO NOTHING`,
  );
  const insertNotification = db.prepare(
    `INSERT INTO notifications (id, user_id, booking_id, kind, title, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    async approve(id, now, n) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const booking = JSON.parse((getBooking.get(id) as { doc: string }).doc) as Booking;
        const mentor = JSON.parse((getUser.get(booking.mentorId) as { doc: string }).doc) as User;
        const mentee = JSON.parse((getUser.get(booking.menteeId) as { doc: string }).doc) as User;
        getSettings.get(booking.mentorId);
        if (overlapping.all(booking.mentorId, booking.end, booking.start, id).length > 0)
          throw new Error('conflict');
        const next = approvedDoc(booking, mentor, mentee, now);
        if (update.run(next.status, next.version, JSON.stringify(next), id, booking.version).changes !== 1) {
          throw new Error('version conflict');
        }
        const hooks = (endpoints.all() as Array<{ doc: string }>).map(
          (row) => JSON.parse(row.doc) as { id: string },
        );
        insertEffect.run(...effectRows(next, hooks, now, n).flatMap((row) => [...row, now, now, now]));
        insertNotification.run(...notificationRows(next, now, n).flat());
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
  };
}

function rawPostgresApproval(pool: pg.Pool, schema: string): RawApproval {
  const t = (name: string) => `"${schema}".${name}`;
  const q = (name: string, text: string) => ({ name: `raw_${schema}_${name}`, text });
  const getBooking = q('booking', `SELECT doc FROM ${t('bookings')} WHERE id = $1`);
  const getUser = q('user', `SELECT doc FROM ${t('users')} WHERE id = $1`);
  const getSettings = q('settings', `SELECT doc FROM ${t('user_settings')} WHERE user_id = $1`);
  const overlapping = q(
    'overlap',
    `SELECT doc FROM ${t('bookings')} WHERE mentor_id = $1 AND status = 'approved' AND start_at < $2 AND end_at > $3 AND id <> $4`,
  );
  const update = q(
    'update',
    `UPDATE ${t('bookings')} SET status = $1, version = $2, doc = $3 WHERE id = $4 AND version = $5`,
  );
  const endpoints = q('endpoints', `SELECT doc FROM ${t('webhook_endpoints')} ORDER BY id`);
  const insertEffect = q(
    'effects',
    `INSERT INTO ${t('effects')} (id, idempotency_key, booking_id, kind, payload, status, attempts, max_attempts, run_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'pending', 0, 8, $6, $7, $8), ($9, $10, $11, $12, $13, 'pending', 0, 8, $14, $15, $16)
     ON CONFLICT (idempotency_key) DO NOTHING`,
  );
  const insertNotification = q(
    'notifications',
    `INSERT INTO ${t('notifications')} (id, user_id, booking_id, kind, title, body, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7), ($8, $9, $10, $11, $12, $13, $14)`,
  );
  return {
    async approve(id, now, n) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const found = await client.query({ ...getBooking, values: [id] });
        const booking = found.rows[0].doc as Booking;
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
          `mentor:${booking.mentorId}`,
        ]);
        const mentor = (await client.query({ ...getUser, values: [booking.mentorId] })).rows[0].doc as User;
        const mentee = (await client.query({ ...getUser, values: [booking.menteeId] })).rows[0].doc as User;
        await client.query({ ...getSettings, values: [booking.mentorId] });
        const clash = await client.query({
          ...overlapping,
          values: [booking.mentorId, booking.end, booking.start, id],
        });
        if (clash.rows.length > 0) throw new Error('conflict');
        const next = approvedDoc(booking, mentor, mentee, now);
        const updated = await client.query({
          ...update,
          values: [next.status, next.version, JSON.stringify(next), id, booking.version],
        });
        if (updated.rowCount !== 1) throw new Error('version conflict');
        const hooks = (await client.query(endpoints)).rows.map((row) => row.doc as { id: string });
        await client.query({
          ...insertEffect,
          values: effectRows(next, hooks, now, n).flatMap((row) => [...row, now, now, now]),
        });
        await client.query({ ...insertNotification, values: notificationRows(next, now, n).flat() });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

interface Contender {
  name: string;
  run(ids: string[]): Promise<void>;
}

/**
 * Gives each contender its own equal share of the bookings and alternates them in rounds, so that neither
 * gets the warmer half of the run or the quieter moment of a shared machine. Returns approvals per second of
 * wall time, and per second of this process's CPU time: on a machine shared with other work, the CPU time
 * leaves out the moments the process waited for a core (it also leaves out waits for the disk and the
 * database server, so it is the steadier figure, not the whole one).
 */
async function race(
  ids: string[],
  contenders: Contender[],
  rounds = 8,
): Promise<{ approvals: number; perSec: number[]; perCpuSec: number[] }> {
  const share = Math.floor(ids.length / contenders.length);
  const shares = contenders.map((_, i) => ids.slice(i * share, (i + 1) * share));
  const warmup = Math.min(100, Math.floor(share / 10));
  for (const [i, c] of contenders.entries()) await c.run(shares[i]!.slice(0, warmup));
  const slice = Math.floor((share - warmup) / rounds);
  const totals = contenders.map(() => 0);
  const cpuTotals = contenders.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    const from = warmup + r * slice;
    for (const [i, c] of contenders.entries()) {
      const cpu = process.cpuUsage();
      totals[i]! += (await time(() => c.run(shares[i]!.slice(from, from + slice)))).ms;
      const used = process.cpuUsage(cpu);
      cpuTotals[i]! += (used.user + used.system) / 1000;
    }
  }
  const approvals = slice * rounds;
  const rate = (ms: number) => (approvals / ms) * 1000;
  return { approvals, perSec: totals.map(rate), perCpuSec: cpuTotals.map(rate) };
}

/** The same reads and writes as the raw transaction, through `StoreTx`: the store's own share of the cost. */
function storeContender(store: BookingStore, clock: ManualClock): Contender {
  let n = 0;
  return {
    name: 'store',
    async run(ids) {
      for (const id of ids) {
        const mentorId = await store.transaction(async (tx) => (await tx.getBooking(id))!.mentorId);
        await store.transaction(
          async (tx) => {
            const now = clock.now().toISOString();
            const booking = (await tx.getBooking(id))!;
            const mentor = (await tx.getUser(booking.mentorId))!;
            const mentee = (await tx.getUser(booking.menteeId))!;
            await tx.getSettings(booking.mentorId);
            if (
              (await tx.findOverlapping(booking.mentorId, booking.start, booking.end, ['approved'], id))
                .length
            ) {
              throw new Error('conflict');
            }
            const next = approvedDoc(booking, mentor, mentee, now);
            await tx.updateBooking(next, booking.version);
            const [endpoint] = await tx.listWebhookEndpoints();
            const i = n++;
            const event = {
              id: `evt_st${i}`,
              type: 'booking.approved' as const,
              createdAt: now,
              data: { booking: next },
            };
            await tx.enqueueEffects([
              {
                id: `eff_stm${i}`,
                idempotencyKey: `create_meeting:${id}`,
                payload: { kind: 'create_meeting', bookingId: id },
                runAt: now,
                maxAttempts: 8,
              },
              {
                id: `eff_stw${i}`,
                idempotencyKey: `webhook:${event.id}:${endpoint!.id}`,
                payload: { kind: 'deliver_webhook', endpointId: endpoint!.id, event },
                runAt: now,
                maxAttempts: 8,
              },
            ]);
            await tx.insertNotifications(
              notificationRows(next, now, i).map(
                ([nid, userId, bookingId, kind, title, body, createdAt]) => ({
                  id: nid!,
                  userId: userId!,
                  bookingId: bookingId!,
                  kind: kind as 'booking_approved',
                  title: title!,
                  body: body!,
                  createdAt: createdAt!,
                  readAt: null,
                }),
              ),
            );
          },
          { lockMentorId: mentorId },
        );
      }
    },
  };
}

async function approveAsMentor(workflow: Workflow, store: BookingStore, ids: string[]) {
  const mentors = await store.transaction(async (tx) => {
    const map = new Map<string, string>();
    for (const id of ids) map.set(id, (await tx.getBooking(id))!.mentorId);
    return map;
  });
  return {
    name: 'workflow',
    async run(slice: string[]) {
      for (const id of slice) await workflow.bookings.approve({ kind: 'user', userId: mentors.get(id)! }, id);
    },
  } satisfies Contender;
}

export async function benchSqliteApprove(count: number) {
  const dir = await mkdtemp(join(tmpdir(), 'greenlight-bench-'));
  try {
    const clock = new ManualClock(CLOCK_START);
    const seeded = join(dir, 'seed.db');
    const seedStore = await SqliteStore.open(seeded, { clock });
    const ids = await seed(createWorkflow({ store: seedStore, clock }), count);
    await seedStore.close();
    await copyFile(seeded, join(dir, 'workflow.db'));
    await copyFile(seeded, join(dir, 'raw.db'));

    // SQLite's own checkpoints, as on the raw connection: the race compares the transactions, not who
    // checkpoints (the store's default thread would take that work off both alike).
    const store = await SqliteStore.open(join(dir, 'workflow.db'), { clock, checkpoints: 'inline' });
    const workflow = createWorkflow({ store, clock });
    const raw = rawSqlite(join(dir, 'raw.db'));
    const rawApproval = rawSqliteApproval(raw);
    // Both write the same booking: the last one, left out of the race, approved by each on its own copy.
    const probe = ids[ids.length - 1]!;
    await workflow.bookings.approve(
      { kind: 'user', userId: (await store.transaction((tx) => tx.getBooking(probe)))!.mentorId },
      probe,
    );
    await rawApproval.approve(probe, clock.now().toISOString(), -1);
    const docOf = async (db: DatabaseSync) =>
      JSON.parse((db.prepare('SELECT doc FROM bookings WHERE id = ?').get(probe) as { doc: string }).doc);
    const written = await store.transaction((tx) => tx.getBooking(probe));
    if (!isDeepStrictEqual(written, await docOf(raw))) {
      throw new Error(
        `the raw approval wrote another booking than the workflow:\n${JSON.stringify(written)}\n${JSON.stringify(await docOf(raw))}`,
      );
    }
    let n = 0;
    const result = await race(ids.slice(0, -1), [
      await approveAsMentor(workflow, store, ids),
      storeContender(store, clock),
      {
        name: 'raw',
        async run(slice) {
          for (const id of slice) await rawApproval.approve(id, clock.now().toISOString(), n++);
        },
      },
    ]);
    await store.close();
    raw.close();
    return { store: 'SQLite file (node:sqlite, WAL)', ...result };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchPostgresApprove(count: number) {
  const suffix = `${Date.now().toString(36)}`;
  const [wfSchema, rawSchema] = [`gl_bench_wf_${suffix}`, `gl_bench_raw_${suffix}`];
  const clock = new ManualClock(CLOCK_START);
  const store = await PostgresStore.open(DATABASE_URL, { schema: wfSchema, clock });
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
  try {
    const workflow = createWorkflow({ store, clock });
    const ids = await seed(workflow, count);
    await (await PostgresStore.open(DATABASE_URL, { schema: rawSchema })).close();
    for (const table of [
      'users',
      'user_settings',
      'bookings',
      'notifications',
      'effects',
      'webhook_endpoints',
    ]) {
      await pool.query(`INSERT INTO "${rawSchema}".${table} SELECT * FROM "${wfSchema}".${table}`);
    }
    await pool.query(`ANALYZE`);
    const rawApproval = rawPostgresApproval(pool, rawSchema);
    let n = 0;
    const result = await race(ids, [
      await approveAsMentor(workflow, store, ids),
      storeContender(store, clock),
      {
        name: 'raw',
        async run(slice) {
          for (const id of slice) await rawApproval.approve(id, clock.now().toISOString(), n++);
        },
      },
    ]);
    return { store: 'PostgreSQL 15 (pg pool)', ...result };
  } finally {
    await store.close();
    await pool.end();
    await dropSchema(wfSchema);
    await dropSchema(rawSchema);
  }
}

export async function benchApprove(options: ReturnType<typeof flags>) {
  const rows: Array<Record<string, string | number>> = [];
  const add = (r: Awaited<ReturnType<typeof benchSqliteApprove>>) => {
    const [workflow, store, raw] = r.perSec as [number, number, number];
    const [workflowCpu, , rawCpu] = r.perCpuSec as [number, number, number];
    rows.push({
      store: r.store,
      'approvals each': r.approvals,
      'workflow /s': workflow,
      'StoreTx only /s': store,
      'raw /s': raw,
      'workflow / raw': workflow / raw,
      'StoreTx / raw': store / raw,
      'workflow / raw, CPU time': workflowCpu / rawCpu,
    });
  };
  if (options.stores.includes('sqlite')) add(await benchSqliteApprove(options.approvals));
  if (options.stores.includes('postgres')) {
    if (await postgresAvailable()) add(await benchPostgresApprove(options.approvals));
    else console.log(`PostgreSQL at ${DATABASE_URL} is unreachable: skipping its approve benchmark`);
  }
  printTable(
    'Approve path: createWorkflow on the store vs a raw transaction with the same reads and writes (target ≥ 0.8)',
    rows,
  );
}
