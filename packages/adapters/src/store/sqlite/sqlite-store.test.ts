import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { booking, user } from '../testing/fixtures';
import { SqliteStore } from './sqlite-store';

describe('SqliteStore', () => {
  let dir: string;
  let path: string;
  const stores: SqliteStore[] = [];
  const open = async (options: Parameters<typeof SqliteStore.open>[1] = {}) => {
    const store = await SqliteStore.open(path, options);
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'greenlight-sqlite-'));
    path = join(dir, 'store.db');
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uses WAL and enforces foreign keys: a booking of an unknown mentor does not commit', async () => {
    const store = await open();
    const raw = new DatabaseSync(path);
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    raw.close();
    await expect(store.transaction((tx) => tx.insertBooking(booking('bkg_orphan')))).rejects.toThrow(
      /FOREIGN KEY/,
    );
    expect(await store.transaction((tx) => tx.getBooking('bkg_orphan'))).toBeNull();
  });

  it('keeps interleaved transactions of one store apart: a rollback undoes only its own writes', async () => {
    const store = await open();
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const failing = store.transaction(async (tx) => {
      await tx.putUser(user('usr_a'));
      await held;
      throw new Error('changed my mind');
    });
    const other = store.transaction((tx) => tx.putUser(user('usr_b')));
    release();
    await expect(failing).rejects.toThrow('changed my mind');
    await other;
    const found = await store.transaction(async (tx) => [
      await tx.getUser('usr_a'),
      await tx.getUser('usr_b'),
    ]);
    expect(found.map((u) => u?.id ?? null)).toEqual([null, 'usr_b']);
  });

  it('commits transactions that queued up behind one another together, each failing on its own', async () => {
    const store = await open();
    const reader = new DatabaseSync(path);
    const visible = () =>
      (reader.prepare('SELECT id FROM users ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id);
    const seenByTheLast: string[][] = [];
    const results = await Promise.allSettled([
      store.transaction((tx) => tx.putUser(user('usr_a'))),
      store.transaction(async (tx) => {
        await tx.putUser(user('usr_b'));
        throw new Error('changed my mind');
      }),
      store.transaction(async (tx) => {
        await tx.putUser(user('usr_c'));
        // Another connection does not see the first transaction yet: it commits with this one.
        seenByTheLast.push(visible());
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('changed my mind'));
    expect(seenByTheLast).toEqual([[]]);
    expect(visible()).toEqual(['usr_a', 'usr_c']);
    reader.close();
  });

  it('fails every transaction of a batch whose COMMIT fails, and keeps none of their writes', async () => {
    const store = await open();
    // Deferred, the foreign key of a booking of an unknown mentor is checked by COMMIT, not by the insert.
    const db = (store as unknown as { db: DatabaseSync }).db;
    const results = await Promise.allSettled([
      store.transaction((tx) => tx.putUser(user('usr_a'))),
      store.transaction(async (tx) => {
        db.exec('PRAGMA defer_foreign_keys = ON');
        await tx.insertBooking(booking('bkg_orphan'));
      }),
      store.transaction((tx) => tx.putUser(user('usr_c'))),
    ]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect(String((result as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    }
    const stored = await store.transaction(async (tx) => [
      await tx.getUser('usr_a'),
      await tx.getBooking('bkg_orphan'),
      await tx.getUser('usr_c'),
    ]);
    expect(stored).toEqual([null, null, null]);
    await store.transaction((tx) => tx.putUser(user('usr_after')));
    expect((await store.transaction((tx) => tx.getUser('usr_after')))?.id).toBe('usr_after');
  });

  it('checkpoints the WAL into the database file from a background thread, with no commit to trigger it', async () => {
    const store = await open();
    // Enough batches for the store to start its checkpointer; then one more row, and no writes after it.
    for (let i = 0; i < 120; i++) await store.transaction((tx) => tx.putUser(user(`usr_${i}`)));
    await store.transaction((tx) => tx.putUser(user('usr_marker', { name: 'Checkpointed-Marker-7431' })));
    // SQLite's own checkpoint waits for 1,000 WAL pages; only the thread copies the row into the file now.
    await expect
      .poll(() => readFileSync(path).includes('Checkpointed-Marker-7431'), { timeout: 5000 })
      .toBe(true);
  });

  it('keeps the WAL from growing under writes that never pause, and removes it on close', async () => {
    const store = await open();
    const row = 'x'.repeat(3000);
    // 3,000 commits of a 3 kB row take over 24 MB of WAL if it never starts over; SQLite's own checkpoints,
    // before the thread starts, let it reach 4 MB (1,000 pages).
    for (let i = 0; i < 3000; i++) {
      await store.transaction((tx) => tx.putUser(user(`usr_${i}`, { name: row })));
    }
    expect(statSync(`${path}-wal`).size).toBeLessThan(8_000_000);
    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('waits for another connection’s write lock without blocking the event loop', async () => {
    const first = await open();
    const second = await open();
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = first.transaction(async (tx) => {
      await tx.putUser(user('usr_first'));
      order.push('first wrote');
      await held;
      order.push('first commits');
    });
    const waiting = second.transaction(async (tx) => {
      order.push('second began');
      return tx.getUser('usr_first');
    });
    // Timers still fire while the second connection waits for the lock; the first then commits.
    await new Promise((resolve) => setTimeout(resolve, 30));
    order.push('timer fired');
    release();
    await holding;
    expect((await waiting)?.id).toBe('usr_first');
    expect(order).toEqual(['first wrote', 'timer fired', 'first commits', 'second began']);
  });

  it('gives up after the busy timeout with SQLite’s own error', async () => {
    const first = await open();
    const impatient = await open({ busyTimeoutMs: 50 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = first.transaction(() => held);
    await expect(impatient.transaction((tx) => tx.getUser('usr_x'))).rejects.toThrow(/locked|busy/i);
    release();
    await holding;
    expect(await impatient.transaction((tx) => tx.getUser('usr_x'))).toBeNull();
  });

  it('opens :memory: as a private database', async () => {
    const a = await SqliteStore.open(':memory:');
    const b = await SqliteStore.open(':memory:');
    stores.push(a, b);
    await a.transaction((tx) => tx.putUser(user('usr_1')));
    expect(await b.transaction((tx) => tx.getUser('usr_1'))).toBeNull();
  });

  it('refuses work after close', async () => {
    const store = await SqliteStore.open(path);
    await store.close();
    await expect(store.transaction((tx) => tx.getUser('usr_1'))).rejects.toThrow(/closed/);
  });
});
