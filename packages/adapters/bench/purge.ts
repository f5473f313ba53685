/**
 * Housekeeping purge on SQLite: `purgeExpired` (batches of 1,000 rows, each its own transaction) over an effects
 * table where most rows are finished and old, against one raw `DELETE` of the same rows on an identical copy.
 * The purge trades some throughput for never holding the write lock long: its longest transaction is printed
 * beside the single statement's.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BookingStore, PURGEABLE_EFFECT_KINDS, purgeExpired } from '@greenlight/core';
import { SqliteStore } from '../src/store/sqlite/sqlite-store';
import { type flags, printTable, rawSqlite, time } from './lib';

/** The purge runs at this time; every effect finished `g` seconds before the day before. */
const NOW = Date.parse('2026-12-31T00:00:00.000Z');
const RETENTION_MS = 24 * 3_600_000;

/**
 * `rows` effects: 80% done of a purgeable kind (created and finished long enough ago to go), 10% done refunds,
 * 5% dead and 5% pending of the same age, which stay.
 */
function insertEffects(from: number, to: number): string {
  const kinds = PURGEABLE_EFFECT_KINDS.map((k) => `'${k}'`);
  const finished = `strftime('%Y-%m-%dT%H:%M:%fZ', ${Math.floor((NOW - 2 * RETENTION_MS) / 1000)} - g, 'unixepoch')`;
  return `WITH RECURSIVE series(g) AS (SELECT ${from} UNION ALL SELECT g + 1 FROM series WHERE g < ${to})
    INSERT INTO effects (id, idempotency_key, booking_id, kind, payload, status, attempts, max_attempts, run_at,
      locked_until, last_error, result, created_at, updated_at)
    SELECT 'eff_bench' || printf('%09d', g), 'bench:' || g, 'bkg_bench' || (g / 8), kind,
      '{"kind":"' || kind || '","bookingId":"bkg_bench' || (g / 8) || '","notification":"booking_approved","role":"mentee"}',
      status, 1, 8, ${finished}, NULL, NULL, '{"sent":true}', ${finished}, ${finished}
    FROM (
      SELECT g,
        CASE WHEN g % 20 < 16 THEN (CASE g % 4 WHEN 0 THEN ${kinds[0]} WHEN 1 THEN ${kinds[1]} WHEN 2 THEN ${kinds[2]}
          ELSE ${kinds[3]} END) ELSE 'refund' END AS kind,
        CASE WHEN g % 20 < 18 THEN 'done' WHEN g % 20 = 18 THEN 'dead' ELSE 'pending' END AS status
      FROM series
    ) AS rows`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** A store whose transactions are timed one by one. */
function timed(store: BookingStore, durations: number[]): BookingStore {
  return {
    transaction: async (fn, options) => {
      const start = performance.now();
      try {
        return await store.transaction(fn, options);
      } finally {
        durations.push(performance.now() - start);
      }
    },
    close: () => store.close(),
  };
}

export async function benchPurge(options: ReturnType<typeof flags>) {
  const rows = options.effects;
  const dir = await mkdtemp(join(tmpdir(), 'greenlight-purge-'));
  try {
    const seeded = join(dir, 'seeded.db');
    await (await SqliteStore.open(seeded)).close();
    const raw = rawSqlite(seeded);
    const chunk = 200_000;
    const load = await time(async () => {
      for (let from = 1; from <= rows; from += chunk) {
        raw.exec('BEGIN');
        raw.exec(insertEffects(from, Math.min(rows, from + chunk - 1)));
        raw.exec('COMMIT');
      }
      raw.exec('ANALYZE');
      raw.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    });
    raw.close();
    console.log(
      `  SQLite: loaded ${rows.toLocaleString('en-US')} effects in ${(load.ms / 1000).toFixed(1)} s`,
    );

    const purgePath = join(dir, 'purge.db');
    const rawPath = join(dir, 'raw.db');
    await copyFile(seeded, purgePath);
    await copyFile(seeded, rawPath);

    const store = await SqliteStore.open(purgePath);
    const durations: number[] = [];
    const purge = await time(() =>
      purgeExpired(timed(store, durations), new Date(NOW), { effectRetentionMs: RETENTION_MS }),
    );
    await store.close();

    const baseline = rawSqlite(rawPath);
    const kinds = PURGEABLE_EFFECT_KINDS.map((k) => `'${k}'`).join(', ');
    const before = new Date(NOW - RETENTION_MS).toISOString();
    const deleteAll = await time(async () => {
      baseline.exec('BEGIN IMMEDIATE');
      const { changes } = baseline
        .prepare(`DELETE FROM effects WHERE status = 'done' AND kind IN (${kinds}) AND updated_at < ?`)
        .run(before);
      baseline.exec('COMMIT');
      return Number(changes);
    });
    baseline.close();

    if (purge.value.effects !== deleteAll.value) {
      throw new Error(`the purge deleted ${purge.value.effects} effects, the raw DELETE ${deleteAll.value}`);
    }
    const perSecond = (deleted: number, ms: number) => (deleted * 1000) / ms;
    const purgeRate = perSecond(purge.value.effects, purge.ms);
    const rawRate = perSecond(deleteAll.value, deleteAll.ms);
    printTable('Purge of finished effects on SQLite (purgeExpired, batches of 1,000, vs one raw DELETE)', [
      {
        contender: 'purgeExpired',
        'table rows': rows,
        deleted: purge.value.effects,
        transactions: durations.length,
        's total': purge.ms / 1000,
        'rows/s': purgeRate,
        'median transaction ms': median(durations),
        'longest transaction ms': Math.max(...durations),
        'vs raw': purgeRate / rawRate,
      },
      {
        contender: 'raw DELETE',
        'table rows': rows,
        deleted: deleteAll.value,
        transactions: 1,
        's total': deleteAll.ms / 1000,
        'rows/s': rawRate,
        'median transaction ms': deleteAll.ms,
        'longest transaction ms': deleteAll.ms,
        'vs raw': 1,
      },
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
