import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { InMemoryStore } from '../memory/in-memory-store';
import type { BookingStore, StoreTx } from '../ports';
import type { PurgeResult } from '../workflow/sweep';
import { createScheduler, type PurgeSchedule } from './scheduler';

describe('createScheduler', () => {
  it('sweeps at the clock’s time, on demand and on an interval', async () => {
    const clock = new ManualClock('2026-12-01T00:00:00Z');
    const seen: string[] = [];
    const workflow = {
      sweep: async (at?: Date) => {
        seen.push(at!.toISOString());
        return { expired: 0, reminded: 0, completed: 0 };
      },
    };
    const scheduler = createScheduler({ workflow, intervalMs: 5, clock });
    await scheduler.runOnce();
    expect(seen).toEqual(['2026-12-01T00:00:00.000Z']);
    scheduler.start();
    await expect.poll(() => seen.length).toBeGreaterThan(1);
    await scheduler.stop();
    const after = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.length).toBe(after);
  });

  it('reports a failing sweep and keeps going', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const workflow = {
      sweep: async () => {
        calls++;
        throw new Error('database unavailable');
      },
    };
    const scheduler = createScheduler({ workflow, intervalMs: 5, onError: (e) => errors.push(e) });
    scheduler.start();
    await expect.poll(() => calls).toBeGreaterThan(1);
    await scheduler.stop();
    expect(errors[0]).toBeInstanceOf(Error);
  });
});

describe('createScheduler with purge', () => {
  const T0 = '2026-12-01T00:00:00.000Z';
  const HOUR = 3_600_000;
  const sweep = async () => ({ expired: 0, reminded: 0, completed: 0 });
  const record = (key: string, createdAt: string) => ({
    scope: 'usr_mentee',
    key,
    requestHash: 'sha256:abc',
    status: 201,
    body: '{}',
    createdAt,
  });
  const ago = (ms: number) => new Date(Date.parse(T0) - ms).toISOString();

  it('purges on the first round, then at most every purge.intervalMs by the clock', async () => {
    const clock = new ManualClock(T0);
    const store = new InMemoryStore({ clock });
    const put = (key: string, createdAt: string) =>
      store.transaction((tx) => tx.putIdempotency(record(key, createdAt)));
    const has = (key: string) => store.transaction((tx) => tx.getIdempotency('usr_mentee', key));
    await put('day-old', ago(25 * HOUR));
    // Older than the 24 h retention 10 minutes from now.
    await put('soon-stale', ago(24 * HOUR - 10 * 60_000));
    const scheduler = createScheduler({ workflow: { sweep }, intervalMs: 30_000, clock, purge: { store } });

    expect(await scheduler.runOnce()).toEqual({
      expired: 0,
      reminded: 0,
      completed: 0,
      purged: { idempotencyRecords: 1, effects: 0, actionTokenUses: 0 },
    });
    clock.advance(30 * 60_000);
    expect((await scheduler.runOnce()).purged).toBeUndefined();
    expect(await has('soon-stale')).not.toBeNull();
    clock.advance(30 * 60_000);
    expect((await scheduler.runOnce()).purged).toEqual({
      idempotencyRecords: 1,
      effects: 0,
      actionTokenUses: 0,
    });
    expect(await has('soon-stale')).toBeNull();
  });

  it('keeps what is younger than the retention it is given', async () => {
    const clock = new ManualClock(T0);
    const store = new InMemoryStore({ clock });
    await store.transaction(async (tx) => {
      await tx.putIdempotency(record('two-hours', ago(2 * HOUR)));
      await tx.putIdempotency(record('half-hour', ago(HOUR / 2)));
    });
    const scheduler = createScheduler({
      workflow: { sweep },
      intervalMs: 30_000,
      clock,
      purge: { store, idempotencyRetentionMs: HOUR, intervalMs: 10 * 60_000 },
    });
    expect((await scheduler.runOnce()).purged?.idempotencyRecords).toBe(1);
    expect(await store.transaction((tx) => tx.getIdempotency('usr_mentee', 'half-hour'))).not.toBeNull();
  });

  it('refuses retention and interval options that are not positive, naming them', () => {
    const store = new InMemoryStore();
    const make = (purge: Omit<PurgeSchedule, 'store'>) =>
      createScheduler({ workflow: { sweep }, intervalMs: 1000, purge: { store, ...purge } });
    expect(() => make({ intervalMs: 0 })).toThrow('purge.intervalMs must be a positive number');
    expect(() => make({ effectRetentionMs: -1 })).toThrow(
      'purge.effectRetentionMs must be a positive number',
    );
    expect(() => make({ idempotencyRetentionMs: Number.NaN })).toThrow('purge.idempotencyRetentionMs');
    expect(() => make({ batchSize: 1.5 })).toThrow('purge.batchSize must be a positive integer');
  });

  it('runs a long purge beside the sweeps, and stop() ends it between two batches', async () => {
    let sweeps = 0;
    let batches = 0;
    // A table that never runs dry: every batch comes back full.
    const endless: BookingStore = {
      transaction: async (fn) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        batches++;
        return fn({ purgeIdempotency: async (_: string, limit: number) => limit } as unknown as StoreTx);
      },
      close: async () => undefined,
    };
    const purged: PurgeResult[] = [];
    const scheduler = createScheduler({
      workflow: {
        sweep: async () => {
          sweeps++;
          return { expired: 0, reminded: 0, completed: 0 };
        },
      },
      intervalMs: 5,
      clock: new ManualClock(T0),
      purge: { store: endless, batchSize: 10 },
      onPurged: (result) => purged.push(result),
    });
    scheduler.start();
    await expect.poll(() => sweeps).toBeGreaterThan(3);
    expect(batches).toBeGreaterThan(0);
    await scheduler.stop();
    const stoppedAt = batches;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toBe(stoppedAt);
    expect(purged).toEqual([{ idempotencyRecords: stoppedAt * 10, effects: 0, actionTokenUses: 0 }]);
  });

  it('reports a failing purge as such and does not retry it before the interval', async () => {
    const errors: Array<[unknown, string]> = [];
    let sweeps = 0;
    let purges = 0;
    const broken: BookingStore = {
      transaction: async () => {
        purges++;
        throw new Error('disk I/O error');
      },
      close: async () => undefined,
    };
    const scheduler = createScheduler({
      workflow: {
        sweep: async () => {
          sweeps++;
          return { expired: 0, reminded: 0, completed: 0 };
        },
      },
      intervalMs: 5,
      clock: new ManualClock(T0),
      purge: { store: broken },
      onError: (error, task) => errors.push([error, task]),
    });
    scheduler.start();
    await expect.poll(() => sweeps).toBeGreaterThan(3);
    await scheduler.stop();
    expect(purges).toBe(1);
    expect(errors).toEqual([[new Error('disk I/O error'), 'purge']]);
  });
});
