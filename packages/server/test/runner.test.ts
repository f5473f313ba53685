import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Booking, type BookingStore, InMemoryStore, icsUrlOf } from '@greenlight/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createIcsLinks } from '../src/http/ics-links';
import { createJsonLogger, silentLogger } from '../src/http/logger';
import { startServer, startWorker } from '../src/runner';
import { deriveLinkSecret } from '../src/secrets';
import { hoursFromNow, user } from './harness';

const env = {
  GREENLIGHT_DATABASE_URL: 'memory:',
  GREENLIGHT_API_KEY: 'runner-test-api-key-0123',
  GREENLIGHT_JWT_SECRET: 'runner-test-jwt-secret-0123456789-0123',
  PORT: '0',
};

/**
 * An in-memory store whose booking lists can be held at a gate, to keep a `GET /v1/bookings` in flight; the
 * server's own loops never list bookings, so `listing()` counts that request alone.
 */
function gatedStore() {
  const inner = new InMemoryStore();
  let gate: Promise<void> | null = null;
  let open = () => {};
  let closed = false;
  let listing = 0;
  const store: BookingStore = {
    transaction(fn, options) {
      return inner.transaction(
        (tx) =>
          fn(
            new Proxy(tx, {
              get(target, name, receiver) {
                if (name !== 'listBookings') return Reflect.get(target, name, receiver);
                return async (...args: Parameters<typeof tx.listBookings>) => {
                  listing++;
                  if (gate) await gate;
                  return target.listBookings(...args);
                };
              },
            }),
          ),
        options,
      );
    },
    async close() {
      closed = true;
      await inner.close();
    },
  };
  return {
    store,
    hold() {
      gate = new Promise((resolve) => {
        open = () => {
          gate = null;
          resolve();
        };
      });
    },
    release: () => open(),
    listing: () => listing,
    isClosed: () => closed,
  };
}

describe('startServer', () => {
  it('on stop: refuses new connections, finishes in-flight requests, then stops the loops and closes the store', async () => {
    const gated = gatedStore();
    const server = await startServer(loadConfig(env), {
      logger: silentLogger,
      handleSignals: false,
      print: () => {},
      store: gated.store,
    });
    const auth = { authorization: `Bearer ${env.GREENLIGHT_API_KEY}` };
    gated.hold();
    const inflight = fetch(`${server.url}/v1/bookings`, { headers: auth });
    await expect.poll(() => gated.listing()).toBe(1);
    const stopped = server.stop();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow(/fetch failed/);
    expect(gated.isClosed()).toBe(false);
    gated.release();
    const response = await inflight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: [], nextCursor: null });
    await stopped;
    expect(gated.isClosed()).toBe(true);
  });

  it('says which variable to change when the port is taken', async () => {
    const first = await startServer(loadConfig(env), {
      logger: silentLogger,
      handleSignals: false,
      print: () => {},
    });
    const port = new URL(first.url).port;
    try {
      await expect(
        startServer(loadConfig({ ...env, PORT: port }), {
          logger: silentLogger,
          handleSignals: false,
          print: () => {},
        }),
      ).rejects.toThrow(/^PORT: .* already in use/);
    } finally {
      await first.stop();
    }
  });

  it('ensures the configured webhook endpoint once, updating it on the next start', async () => {
    const store = new InMemoryStore();
    const config = loadConfig({
      ...env,
      GREENLIGHT_WEBHOOK_URL: 'https://platform.example.com/hooks',
      GREENLIGHT_WEBHOOK_SECRET: 'whsec_first_0123456789',
    });
    const keepOpen: BookingStore = {
      transaction: (fn, o) => store.transaction(fn, o),
      close: async () => {},
    };
    const a = await startServer(config, {
      logger: silentLogger,
      handleSignals: false,
      print: () => {},
      store: keepOpen,
    });
    await a.stop();
    const rotated = loadConfig({
      ...env,
      GREENLIGHT_WEBHOOK_URL: 'https://platform.example.com/hooks',
      GREENLIGHT_WEBHOOK_SECRET: 'whsec_second_0123456789',
    });
    const b = await startServer(rotated, {
      logger: silentLogger,
      handleSignals: false,
      print: () => {},
      store: keepOpen,
    });
    await b.stop();
    const endpoints = await store.transaction((tx) => tx.listWebhookEndpoints());
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({
      url: 'https://platform.example.com/hooks',
      secret: 'whsec_second_0123456789',
      enabled: true,
    });
    expect(endpoints[0]!.events.length).toBeGreaterThan(10);
  });
});

describe('startWorker', () => {
  it('signs the .ics links it makes with the same link secret as the server', async () => {
    const store = new InMemoryStore();
    const shared: BookingStore = {
      transaction: (fn, o) => store.transaction(fn, o),
      close: async () => {},
    };
    // A split layout: the server runs no effects, the worker process does.
    const config = loadConfig({
      ...env,
      GREENLIGHT_DATABASE_URL: join(tmpdir(), 'gl-split-layout-unused.db'),
      GREENLIGHT_WORKER: 'false',
      GREENLIGHT_SCHEDULER: 'false',
    });
    const options = { logger: silentLogger, handleSignals: false, print: () => {}, store: shared };
    const server = await startServer(config, options);
    const api = async (method: string, path: string, body?: unknown, as?: string) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${env.GREENLIGHT_API_KEY}`,
          'content-type': 'application/json',
          ...(as ? { 'greenlight-actor': as } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(response.status, `${method} ${path}`).toBeLessThan(300);
      return (await response.json()) as Booking;
    };
    let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
    try {
      await api('PUT', '/v1/users/usr_split_mentor', user('Mentor', 'Europe/Berlin'));
      await api('PUT', '/v1/users/usr_split_mentee', user('Mentee', 'UTC'));
      const booking = await api('POST', '/v1/bookings', {
        mentorId: 'usr_split_mentor',
        menteeId: 'usr_split_mentee',
        start: hoursFromNow(72),
        durationMinutes: 60,
        price: { amount: 5000, currency: 'USD' },
      });
      await api('POST', `/v1/bookings/${booking.id}/approve`, {}, 'usr_split_mentor');
      // Approved before links were signed: the stored link has no token.
      await store.transaction(async (tx) => {
        const stored = (await tx.getBooking(booking.id))!;
        const calendarLinks = { ...stored.calendarLinks!, ics: icsUrlOf(stored.id) };
        await tx.updateBooking({ ...stored, calendarLinks, version: stored.version + 1 }, stored.version);
      });

      worker = await startWorker(config, { ...options, workerIntervalMs: 10 });
      let ready: Booking | null = null;
      for (let i = 0; i < 200 && ready?.meeting?.status !== 'ready'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        ready = await store.transaction((tx) => tx.getBooking(booking.id));
      }
      expect(ready?.meeting?.status).toBe('ready');
      const expected = await createIcsLinks({ secret: deriveLinkSecret(env.GREENLIGHT_JWT_SECRET) }).url(
        booking.id,
      );
      expect(ready?.calendarLinks?.ics).toBe(expected);
      expect((await fetch(`${server.url}${expected}`)).status).toBe(200);
    } finally {
      await worker?.stop();
      await server.stop();
    }
  });

  it('signs the email action links of the emails it sends with the keyring the server checks them with', async () => {
    const store = new InMemoryStore();
    const shared: BookingStore = { transaction: (fn, o) => store.transaction(fn, o), close: async () => {} };
    // The database URL is a placeholder: both processes share the in-memory store they are given.
    const split = {
      ...env,
      GREENLIGHT_DATABASE_URL: join(tmpdir(), 'gl-split-keys-unused.db'),
      GREENLIGHT_WORKER: 'false',
      GREENLIGHT_SCHEDULER: 'false',
    };
    const keys = `new:${'n'.repeat(32)},old:${'o'.repeat(32)}`;
    const server = await startServer(loadConfig({ ...split, GREENLIGHT_ACTION_KEYS: keys }), {
      logger: silentLogger,
      handleSignals: false,
      print: () => {},
      store: shared,
    });
    const lines: Array<Record<string, unknown>> = [];
    const logger = createJsonLogger({ level: 'info', write: (line) => lines.push(JSON.parse(line)) });
    // The worker still has only the old key: a rotation rolled out to the API processes first.
    const worker = await startWorker(
      loadConfig({ ...split, GREENLIGHT_ACTION_KEYS: `old:${'o'.repeat(32)}` }),
      {
        logger,
        handleSignals: false,
        print: () => {},
        store: shared,
        workerIntervalMs: 10,
      },
    );
    try {
      const call = (path: string, body: unknown) =>
        fetch(`${server.url}${path}`, {
          method: path === '/v1/bookings' ? 'POST' : 'PUT',
          headers: { authorization: `Bearer ${env.GREENLIGHT_API_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      await call('/v1/users/usr_keys_mentor', user('Mentor', 'Europe/Berlin'));
      await call('/v1/users/usr_keys_mentee', user('Mentee', 'UTC'));
      await call('/v1/bookings', {
        mentorId: 'usr_keys_mentor',
        menteeId: 'usr_keys_mentee',
        start: hoursFromNow(72),
        durationMinutes: 60,
        price: { amount: 5000, currency: 'USD' },
      });
      await expect.poll(() => lines.some((l) => l.msg === 'email'), { timeout: 10_000 }).toBe(true);
      const text = String(lines.find((l) => l.msg === 'email')!.text);
      const approve = /^Approve: (\/actions\/\S+)$/m.exec(text)?.[1];
      expect(approve).toBeDefined();
      const page = await fetch(`${server.url}${approve}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<button class="btn btn-primary" type="submit">Approve</button>');
    } finally {
      await worker.stop();
      await server.stop();
    }
  });

  it('warns when it signs links with a generated development secret, and not when one is configured', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gl-worker-secrets-'));
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (message: string) => warnings.push(message) };
    const options = { logger, handleSignals: false, print: () => {}, cwd: dir };
    try {
      const generated = await startWorker(loadConfig({ GREENLIGHT_DATABASE_URL: 'memory:' }), options);
      await generated.stop();
      expect(warnings).toEqual([
        expect.stringMatching(
          /^the \.ics and email action links this worker signs use the development JWT secret kept in .*gl-worker-secrets-.*; set GREENLIGHT_LINK_SECRET/,
        ),
      ]);
      warnings.length = 0;
      const configured = await startWorker(
        loadConfig({ GREENLIGHT_DATABASE_URL: 'memory:', GREENLIGHT_LINK_SECRET: 'l'.repeat(32) }),
        options,
      );
      await configured.stop();
      expect(warnings).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
