import { type BookingStore, IdempotencyKeyReusedError, InMemoryStore, type StoreTx } from '@greenlight/core';
import { describe, expect, it } from 'vitest';
import { createIdempotency, requestHash } from './idempotency';
import { HttpProblem } from './problem';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((r) => setTimeout(r, 1));
}

describe('createIdempotency', () => {
  it('runs once and replays the stored response to repeats', async () => {
    const idem = createIdempotency({ store: new InMemoryStore() });
    let runs = 0;
    const execute = async () => ({ status: 201, body: `{"run":${++runs}}` });
    expect(await idem.run('platform', 'k', 'h1', execute)).toEqual({
      status: 201,
      body: '{"run":1}',
      replayed: false,
    });
    expect(await idem.run('platform', 'k', 'h1', execute)).toEqual({
      status: 201,
      body: '{"run":1}',
      replayed: true,
    });
    expect(runs).toBe(1);
  });

  it('refuses the key with another request hash', async () => {
    const idem = createIdempotency({ store: new InMemoryStore() });
    await idem.run('platform', 'k', 'h1', async () => ({ status: 200, body: '{}' }));
    await expect(
      idem.run('platform', 'k', 'h2', async () => ({ status: 200, body: '{}' })),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('makes a concurrent duplicate wait for the first and replay its response', async () => {
    const idem = createIdempotency({ store: new InMemoryStore(), pollMs: 1 });
    const gate = deferred<void>();
    let runs = 0;
    const execute = async () => {
      runs++;
      await gate.promise;
      return { status: 200, body: '"done"' };
    };
    const first = idem.run('u', 'k', 'h', execute);
    await until(() => runs === 1);
    const second = idem.run('u', 'k', 'h', execute);
    await new Promise((r) => setTimeout(r, 5));
    gate.resolve();
    expect(await first).toMatchObject({ replayed: false });
    expect(await second).toEqual({ status: 200, body: '"done"', replayed: true });
    expect(runs).toBe(1);
  });

  it('tells a duplicate to retry when the first is still running after the wait', async () => {
    const idem = createIdempotency({ store: new InMemoryStore(), pollMs: 1, waitMs: 10 });
    const gate = deferred<void>();
    const first = idem.run('u', 'k', 'h', async () => {
      await gate.promise;
      return { status: 200, body: '{}' };
    });
    const error = await idem
      .run('u', 'k', 'h', async () => ({ status: 200, body: '{}' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpProblem);
    expect(error).toMatchObject({
      status: 409,
      code: 'idempotency_key_in_use',
      headers: { 'Retry-After': '1' },
    });
    gate.resolve();
    await first;
  });

  it('lets a repeat take over a reservation whose holder vanished (lease expired)', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const store = new InMemoryStore();
    const idem = createIdempotency({ store, leaseMs: 1000, pollMs: 1, now: () => now });
    // The holder's process dies: it never gets to beat.
    const vanished = createIdempotency({ store, leaseMs: 1000, heartbeatMs: 3_600_000, now: () => now });
    let started = false;
    void vanished.run('u', 'k', 'h', () => {
      started = true;
      return new Promise(() => {});
    });
    await until(() => started);
    now = new Date(now.getTime() + 1001);
    expect(await idem.run('u', 'k', 'h', async () => ({ status: 201, body: '"second"' }))).toEqual({
      status: 201,
      body: '"second"',
      replayed: false,
    });
    expect(await idem.run('u', 'k', 'h', async () => ({ status: 201, body: '"third"' }))).toMatchObject({
      body: '"second"',
      replayed: true,
    });
  });

  it('keeps the reservation of a holder that runs longer than the lease but still beats', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const store = new InMemoryStore();
    const options = { store, leaseMs: 30_000, heartbeatMs: 5, pollMs: 1, waitMs: 20, now: () => now };
    const idem = createIdempotency(options);
    const gate = deferred<void>();
    let runs = 0;
    const execute = async () => {
      runs += 1;
      await gate.promise;
      return { status: 201, body: '"once"' };
    };
    const first = idem.run('u', 'k', 'h', execute);
    await until(() => runs === 1);
    // Beats are named by their 5 ms period: wait for the one of the clock's new time.
    const beatAfter = async (at: Date) => {
      const key = `k#0#${Math.floor(at.getTime() / 5)}`;
      while (!(await store.transaction((tx) => tx.getIdempotency('u#alive', key)))) {
        await new Promise((r) => setTimeout(r, 1));
      }
    };
    // 40 s after the reservation, but the holder beat 20 s ago: a duplicate is told to wait, not run.
    now = new Date(now.getTime() + 20_000);
    await beatAfter(now);
    now = new Date(now.getTime() + 20_000);
    const duplicate = await createIdempotency(options)
      .run('u', 'k', 'h', async () => {
        runs += 1;
        return { status: 201, body: '"twice"' };
      })
      .catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ status: 409, code: 'idempotency_key_in_use' });
    expect(runs).toBe(1);
    gate.resolve();
    expect(await first).toEqual({ status: 201, body: '"once"', replayed: false });
  });

  it('a heartbeat that fails to be written does not cost the holder its reservation', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const memory = new InMemoryStore();
    let failures = 0;
    // The first heartbeat write fails (a busy database); the ones after it go through.
    const store: BookingStore = {
      close: () => memory.close(),
      transaction: (fn, o) =>
        memory.transaction(
          (tx) =>
            fn({
              ...tx,
              getIdempotency: (scope, key) => tx.getIdempotency(scope, key),
              putIdempotency: async (record) => {
                if (record.scope.endsWith('#alive') && failures === 0) {
                  failures += 1;
                  throw new Error('database is locked');
                }
                return tx.putIdempotency(record);
              },
            } as StoreTx),
          o,
        ),
    };
    const options = { store, leaseMs: 30_000, heartbeatMs: 5, pollMs: 1, waitMs: 20, now: () => now };
    const gate = deferred<void>();
    let runs = 0;
    const first = createIdempotency(options).run('u', 'k', 'h', async () => {
      runs += 1;
      await gate.promise;
      return { status: 201, body: '"once"' };
    });
    await until(() => runs === 1);
    now = new Date(now.getTime() + 20_000);
    const key = `k#0#${Math.floor(now.getTime() / 5)}`;
    while (!(await memory.transaction((tx) => tx.getIdempotency('u#alive', key)))) {
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(failures).toBe(1);
    now = new Date(now.getTime() + 20_000);
    const duplicate = await createIdempotency(options)
      .run('u', 'k', 'h', async () => {
        runs += 1;
        return { status: 201, body: '"twice"' };
      })
      .catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ status: 409, code: 'idempotency_key_in_use' });
    expect(runs).toBe(1);
    gate.resolve();
    await first;
  });

  it('does not reuse a generation whose records were purged while a later one runs', async () => {
    const store = new InMemoryStore();
    const idem = createIdempotency({ store, pollMs: 1, waitMs: 20 });
    // Generation 0 failed long ago and its records were purged; generation 1 is running now.
    await store.transaction((tx) =>
      tx.putIdempotency({
        scope: 'u#lock',
        key: 'k#1',
        requestHash: 'h',
        status: 0,
        body: '',
        createdAt: new Date().toISOString(),
      }),
    );
    let runs = 0;
    const error = await idem
      .run('u', 'k', 'h', async () => {
        runs += 1;
        return { status: 201, body: '{}' };
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: 'idempotency_key_in_use' });
    expect(runs).toBe(0);
  });

  it('stores nothing for a 5xx or a thrown error, so a retry runs again', async () => {
    const idem = createIdempotency({ store: new InMemoryStore() });
    expect(await idem.run('u', 'k', 'h', async () => ({ status: 503, body: '{}' }))).toMatchObject({
      status: 503,
    });
    await expect(idem.run('u', 'k', 'h', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await idem.run('u', 'k', 'h', async () => ({ status: 200, body: '"ok"' }))).toEqual({
      status: 200,
      body: '"ok"',
      replayed: false,
    });
  });

  it('keeps scopes apart', async () => {
    const idem = createIdempotency({ store: new InMemoryStore() });
    await idem.run('user:a', 'k', 'h', async () => ({ status: 200, body: '"a"' }));
    expect(await idem.run('user:b', 'k', 'h', async () => ({ status: 200, body: '"b"' }))).toMatchObject({
      body: '"b"',
      replayed: false,
    });
  });
});

describe('requestHash', () => {
  it('depends on method, path and body', async () => {
    const base = await requestHash('POST', '/v1/bookings', '{"a":1}');
    expect(await requestHash('POST', '/v1/bookings', '{"a":1}')).toBe(base);
    expect(await requestHash('PUT', '/v1/bookings', '{"a":1}')).not.toBe(base);
    expect(await requestHash('POST', '/v1/bookings/x', '{"a":1}')).not.toBe(base);
    expect(await requestHash('POST', '/v1/bookings', '{"a":2}')).not.toBe(base);
  });
});
