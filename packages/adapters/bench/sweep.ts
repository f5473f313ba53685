/**
 * Expiry sweep: `workflow.sweep()` over a large table where only some bookings are due. The sweep reads due
 * bookings through partial indexes, so its time should follow the due count, not the table size.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Booking, type BookingStore, createWorkflow, ManualClock } from '@greenlight/core';
import pg from 'pg';
import { PostgresStore } from '../src/store/postgres/postgres-store';
import { SqliteStore } from '../src/store/sqlite/sqlite-store';
import { DATABASE_URL, dropSchema, type flags, postgresAvailable, printTable, rawSqlite, time } from './lib';

const USERS = 1000;
const SWEEP_1 = Date.parse('2026-12-01T00:00:00.000Z') / 1000;
const SWEEP_2 = SWEEP_1 + 86_400;
const DAY = 86_400;

/** A realistic booking document with tokens the SQL generator replaces per row. */
function template(): string {
  const doc: Booking = {
    id: '@ID@',
    status: '@STATUS@' as Booking['status'],
    mentorId: '@MENTOR@',
    menteeId: '@MENTEE@',
    start: '@START@',
    end: '@END@',
    durationMinutes: 60,
    sessionType: { name: 'Career chat' },
    price: { amount: 5000, currency: 'USD' },
    paymentRef: 'pi_3PbenchmarkPayment',
    message:
      'Hi! I would love to get your view on moving from backend work into a staff engineer role next year.',
    createdAt: '@CREATED@',
    updatedAt: '@CREATED@',
    respondBy: '@RESPOND@',
    expiresAt: '@EXPIRES@',
    decidedAt: null,
    remindedAt: '@REMINDED@',
    version: 1,
    rejection: null,
    proposal: null,
    history: [{ at: '@CREATED@', actor: '@MENTEE@', event: 'requested', to: 'pending' }],
    meeting: null,
    calendarLinks: null,
    refund: null,
    cancellation: null,
    metadata: { source: 'bench', 'slack.channel': 'D024BE91L', 'slack.ts': '1712345678.000100' },
  };
  return JSON.stringify(doc);
}

interface Dialect {
  /** A row source of `g` from `from` to `to`. */
  series(from: number, to: number): { with: string; from: string };
  /** Epoch seconds as the ISO string the domain uses. */
  iso(seconds: string): string;
  /** Epoch seconds as the column type. */
  column(seconds: string): string;
  pad(g: string): string;
  /** A text expression as the document column's type. */
  json(text: string): string;
}

const sqliteGen: Dialect = {
  series: (from, to) => ({
    with: `WITH RECURSIVE series(g) AS (SELECT ${from} UNION ALL SELECT g + 1 FROM series WHERE g < ${to})`,
    from: 'series',
  }),
  iso: (s) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${s}, 'unixepoch')`,
  column: (s) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${s}, 'unixepoch')`,
  pad: (g) => `printf('%09d', ${g})`,
  json: (text) => text,
};

const postgresGen: Dialect = {
  series: (from, to) => ({ with: '', from: `generate_series(${from}, ${to}) AS series(g)` }),
  iso: (s) => `to_char(to_timestamp(${s}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  column: (s) => `to_timestamp(${s})`,
  pad: (g) => `lpad(${g}::text, 9, '0')`,
  json: (text) => `(${text})::json`,
};

/**
 * Rows 1..due1 expire by SWEEP_1, the next due2 by SWEEP_2; the rest are decided, approved for later, or
 * pending far from their deadlines. Every pending booking was already reminded, so only expiry has work.
 */
function insertBookings(
  d: Dialect,
  table: string,
  from: number,
  to: number,
  due1: number,
  due2: number,
): string {
  const series = d.series(from, to);
  const kind = `CASE WHEN g <= ${due1} THEN 'due1' WHEN g <= ${due1 + due2} THEN 'due2' ELSE 'rest' || (g % 6) END`;
  const status = `CASE k WHEN 'due1' THEN 'pending' WHEN 'due2' THEN 'pending' WHEN 'rest0' THEN 'completed'
    WHEN 'rest1' THEN 'rejected' WHEN 'rest2' THEN 'expired' WHEN 'rest3' THEN 'cancelled' WHEN 'rest4' THEN 'approved'
    ELSE 'pending' END`;
  const expires = `CASE k WHEN 'due1' THEN ${SWEEP_1 - 3600} - (g % 3600) WHEN 'due2' THEN ${SWEEP_2 - 3600} - (g % 3600)
    WHEN 'rest5' THEN ${SWEEP_2 + 5 * DAY} + (g % 3600) ELSE ${SWEEP_1 - 30 * DAY} + (g % 86400) END`;
  const start = `CASE k WHEN 'rest0' THEN ${SWEEP_1 - 60 * DAY} + (g % 50000) * 60
    WHEN 'rest4' THEN ${SWEEP_2 + 10 * DAY} + (g % 100000) * 60 ELSE ${SWEEP_2 + 30 * DAY} + (g % 100000) * 60 END`;
  const replacements: Array<[string, string]> = [
    ['@ID@', `'bkg_bench' || ${d.pad('g')}`],
    ['@MENTOR@', `'usr_m' || (g % ${USERS})`],
    ['@MENTEE@', `'usr_e' || (g % ${USERS})`],
    ['@STATUS@', 'status'],
    ['@START@', d.iso('start_s')],
    ['@END@', d.iso('start_s + 3600')],
    ['@CREATED@', d.iso(`expires_s - ${7 * DAY}`)],
    ['@RESPOND@', d.iso(`expires_s - ${6 * DAY}`)],
    ['@EXPIRES@', d.iso('expires_s')],
    ['@REMINDED@', d.iso(`expires_s - ${6 * DAY} - 14400`)],
  ];
  const doc = replacements.reduce(
    (sql, [token, value]) => `replace(${sql}, '${token}', ${value})`,
    `'${template()}'`,
  );
  return `${series.with}
    INSERT INTO ${table} (id, mentor_id, mentee_id, status, start_at, end_at, respond_by, expires_at, expire_at,
      reminded_at, version, created_at, doc)
    SELECT 'bkg_bench' || ${d.pad('g')}, 'usr_m' || (g % ${USERS}), 'usr_e' || (g % ${USERS}), status,
      ${d.column('start_s')}, ${d.column('start_s + 3600')}, ${d.column(`expires_s - ${6 * DAY}`)},
      ${d.column('expires_s')}, ${d.column('CASE WHEN expires_s < start_s THEN expires_s ELSE start_s END')},
      ${d.column(`expires_s - ${6 * DAY} - 14400`)}, 1, ${d.column(`expires_s - ${7 * DAY}`)}, ${d.json(doc)}
    FROM (
      SELECT g, status, ${expires} AS expires_s, ${start} AS start_s
      FROM (SELECT g, k, ${status} AS status FROM (SELECT g, ${kind} AS k FROM ${series.from}) AS kinds) AS statuses
    ) AS rows`;
}

async function seedUsers(store: BookingStore): Promise<void> {
  const now = '2026-01-01T00:00:00.000Z';
  await store.transaction(async (tx) => {
    for (const prefix of ['m', 'e']) {
      for (let i = 0; i < USERS; i++) {
        await tx.putUser({
          id: `usr_${prefix}${i}`,
          name: `User ${prefix}${i}`,
          email: `${prefix}${i}@example.com`,
          photoUrl: null,
          timezone: 'Europe/Berlin',
          slackUserId: null,
          slackTeamId: null,
          slackDelivery: null,
          stats: { averageRatingGiven: null, reviewsGiven: 0, noShowReports: 0 },
          createdAt: now,
          updatedAt: now,
        });
      }
    }
  });
}

interface Measured {
  store: string;
  rows: number;
  due: number;
  expired: number;
  sweepMs: number;
  queryMs: number;
}

/** Sweeps at SWEEP_1 then SWEEP_2, timing the sweep and, before it, the due query alone. */
async function sweepTwice(
  label: string,
  store: BookingStore,
  rows: number,
  dues: number[],
): Promise<Measured[]> {
  const results: Measured[] = [];
  for (const [i, due] of dues.entries()) {
    const at = new Date(((i === 0 ? SWEEP_1 : SWEEP_2) + 60) * 1000);
    const clock = new ManualClock(at);
    const workflow = createWorkflow({ store, clock });
    const probes = 20;
    const query = await time(async () => {
      for (let p = 0; p < probes; p++)
        await store.transaction((tx) => tx.dueBookings('expire', at.toISOString(), 50));
    });
    const sweep = await time(() => workflow.sweep(at));
    results.push({
      store: label,
      rows,
      due,
      expired: sweep.value.expired,
      sweepMs: sweep.ms,
      queryMs: query.ms / probes,
    });
  }
  return results;
}

async function sqliteRun(rows: number, dues: number[]): Promise<Measured[]> {
  const dir = await mkdtemp(join(tmpdir(), 'greenlight-sweep-'));
  try {
    const path = join(dir, 'sweep.db');
    const store = await SqliteStore.open(path);
    await seedUsers(store);
    const raw = rawSqlite(path);
    const chunk = 100_000;
    const load = await time(async () => {
      for (let from = 1; from <= rows; from += chunk) {
        raw.exec('BEGIN');
        raw.exec(
          insertBookings(
            sqliteGen,
            'bookings',
            from,
            Math.min(rows, from + chunk - 1),
            dues[0]!,
            dues[1] ?? 0,
          ),
        );
        raw.exec('COMMIT');
      }
    });
    raw.close();
    console.log(
      `  SQLite: loaded ${rows.toLocaleString('en-US')} bookings in ${(load.ms / 1000).toFixed(1)} s`,
    );
    const results = await sweepTwice('SQLite file', store, rows, dues);
    await store.close();
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function postgresRun(rows: number, dues: number[]): Promise<Measured[]> {
  const schema = `gl_bench_sweep_${Date.now().toString(36)}`;
  const store = await PostgresStore.open(DATABASE_URL, { schema });
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await seedUsers(store);
    const chunk = 250_000;
    const load = await time(async () => {
      for (let from = 1; from <= rows; from += chunk) {
        const to = Math.min(rows, from + chunk - 1);
        await client.query(
          insertBookings(postgresGen, `"${schema}".bookings`, from, to, dues[0]!, dues[1] ?? 0),
        );
      }
      await client.query(`VACUUM ANALYZE "${schema}".bookings`);
    });
    console.log(
      `  PostgreSQL: loaded ${rows.toLocaleString('en-US')} bookings in ${(load.ms / 1000).toFixed(1)} s`,
    );
    return await sweepTwice('PostgreSQL', store, rows, dues);
  } finally {
    await client.end();
    await store.close();
    await dropSchema(schema);
  }
}

export async function benchSweep(options: ReturnType<typeof flags>) {
  const { rows, due } = options;
  // The same first due count on a table ten times smaller: equal per-booking cost means size does not matter.
  const small = Math.max(Math.floor(rows / 10), due[0]! * 2);
  const results: Measured[] = [];
  for (const name of options.stores) {
    if (name === 'postgres' && !(await postgresAvailable())) {
      console.log(`PostgreSQL at ${DATABASE_URL} is unreachable: skipping its sweep benchmark`);
      continue;
    }
    const run = name === 'sqlite' ? sqliteRun : postgresRun;
    // Warm-up, discarded: the first sweep would otherwise also pay for JIT compilation.
    await run(2000, [200]);
    results.push(...(await run(small, [due[0]!])));
    results.push(...(await run(rows, due)));
  }
  const base = new Map<string, number>();
  printTable(
    'Expiry sweep (workflow.sweep: due query, transition, save, refund + emails + notifications per booking)',
    results.map((r) => {
      const perBooking = (r.sweepMs * 1000) / Math.max(r.expired, 1);
      if (!base.has(r.store)) base.set(r.store, perBooking);
      return {
        store: r.store,
        'table rows': r.rows,
        due: r.due,
        expired: r.expired,
        'sweep s': r.sweepMs / 1000,
        'µs per due booking': perBooking,
        'vs first row': perBooking / base.get(r.store)!,
        'due query ms (50 rows)': r.queryMs,
      };
    }),
  );
}
