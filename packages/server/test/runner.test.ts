import { type BookingStore, InMemoryStore } from '@greenlight/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/http/logger';
import { startServer } from '../src/runner';

const env = {
  GREENLIGHT_DATABASE_URL: 'memory:',
  GREENLIGHT_API_KEY: 'runner-test-api-key-0123',
  GREENLIGHT_JWT_SECRET: 'runner-test-jwt-secret-0123456789-0123',
  PORT: '0',
};

/** An in-memory store whose transactions can be held at a gate, to keep a request in flight. */
function gatedStore() {
  const inner = new InMemoryStore();
  let gate: Promise<void> | null = null;
  let open = () => {};
  let closed = false;
  const store: BookingStore = {
    async transaction(fn, options) {
      if (gate) await gate;
      return inner.transaction(fn, options);
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
    await new Promise((r) => setTimeout(r, 50));
    const stopped = server.stop();
    await new Promise((r) => setTimeout(r, 50));
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
