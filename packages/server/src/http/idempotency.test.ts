import { IdempotencyKeyReusedError, InMemoryStore } from '@greenlight/core';
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
    const idem = createIdempotency({ store: new InMemoryStore(), leaseMs: 1000, pollMs: 1, now: () => now });
    let started = false;
    void idem.run('u', 'k', 'h', () => {
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
