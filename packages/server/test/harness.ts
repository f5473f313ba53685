import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestSchema } from '@greenlight/adapters';
import type { Booking, PutUserBody } from '@greenlight/core/contract';
import { loadConfig } from '../src/config';
import { mintUserToken } from '../src/http/auth';
import { createJsonLogger } from '../src/http/logger';
import { type RunningServer, startServer } from '../src/runner';

export const API_KEY = 'test-platform-key-0123456789';
export const JWT_SECRET = 'test-jwt-secret-0123456789-0123456789';

export type StoreKind = 'sqlite' | 'postgres';

/** Replies are asserted field by field, so the default body type is loose on purpose. */
// biome-ignore lint/suspicious/noExplicitAny: test replies are checked by assertions, not types
export type Loose = any;

export interface Reply<T = Loose> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  /** A bearer token; default the platform API key. `null` sends no Authorization header. */
  token?: string | null;
  /** Greenlight-Actor: the platform acting as this user. */
  as?: string;
  headers?: Record<string, string>;
  /** A raw body string, sent as is (with a JSON content type unless headers say otherwise). */
  raw?: string;
}

export interface Harness {
  kind: StoreKind;
  url: string;
  server: RunningServer;
  /** JSON log lines the server wrote. */
  logs: Array<Record<string, unknown>>;
  call<T = Loose>(method: string, path: string, body?: unknown, options?: CallOptions): Promise<Reply<T>>;
  token(userId: string, ttlSeconds?: number): Promise<string>;
  /** Runs every due effect (meetings, emails, refunds, webhooks) until the outbox has nothing due. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the real server on a random port over a fresh database; null when PostgreSQL is absent (never under CI). */
export async function startHarness(
  kind: StoreKind,
  env: Record<string, string> = {},
): Promise<Harness | null> {
  let databaseUrl: string;
  let cleanup: () => Promise<void>;
  if (kind === 'postgres') {
    const schema = await createTestSchema();
    if (!schema) return null;
    databaseUrl = `${schema.url}${schema.url.includes('?') ? '&' : '?'}schema=${schema.schema}`;
    cleanup = () => schema.drop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'gl-server-'));
    databaseUrl = join(dir, 'greenlight.db');
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const config = loadConfig({
    GREENLIGHT_DATABASE_URL: databaseUrl,
    GREENLIGHT_API_KEY: API_KEY,
    GREENLIGHT_JWT_SECRET: JWT_SECRET,
    PORT: '0',
    GREENLIGHT_WORKER: 'false',
    GREENLIGHT_SCHEDULER: 'false',
    LOG_LEVEL: 'info',
    ...env,
  });
  const logs: Array<Record<string, unknown>> = [];
  const server = await startServer(config, {
    logger: createJsonLogger({ level: 'info', write: (line) => logs.push(JSON.parse(line)) }),
    handleSignals: false,
    print: () => {},
  });

  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    options: CallOptions = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? API_KEY : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (options.as) headers['greenlight-actor'] = options.as;
    let payload: string | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${server.url}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown = text;
    if (/json/.test(response.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  return {
    kind,
    url: server.url,
    server,
    logs,
    call,
    token: (userId, ttl = 3600) => mintUserToken(JWT_SECRET, userId, ttl),
    async drain() {
      for (let round = 0; round < 20; round++) {
        if ((await server.runtime.worker.runOnce()) === 0) return;
      }
      throw new Error('the outbox did not drain in 20 rounds');
    },
    async stop() {
      await server.stop();
      await cleanup();
    },
  };
}

export function user(name: string, timezone: string, extra: Partial<PutUserBody> = {}): PutUserBody {
  return { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`, timezone, ...extra };
}

/** Whole hours from now, rounded to the hour, as an ISO string: bookable slots that never collide by accident. */
export function hoursFromNow(hours: number): string {
  const at = new Date(Date.now() + hours * 3_600_000);
  at.setUTCMinutes(0, 0, 0);
  return at.toISOString();
}

let sequence = 0;
/** A fresh mentor and mentee (unique ids per call), created through the API. */
export async function pair(h: Harness, mentee: Partial<PutUserBody> = {}) {
  sequence += 1;
  const suffix = `${Date.now().toString(36)}${sequence}`;
  const mentorId = `usr_mentor_${suffix}`;
  const menteeId = `usr_mentee_${suffix}`;
  const a = await h.call('PUT', `/v1/users/${mentorId}`, user(`Mentor ${suffix}`, 'Europe/Berlin'));
  const b = await h.call(
    'PUT',
    `/v1/users/${menteeId}`,
    user(`Mentee ${suffix}`, 'America/New_York', mentee),
  );
  if (a.status !== 200 || b.status !== 200) throw new Error(`could not create users: ${a.text} ${b.text}`);
  return { mentorId, menteeId };
}

export async function book(
  h: Harness,
  ids: { mentorId: string; menteeId: string },
  extra: Record<string, unknown> = {},
): Promise<Booking> {
  const response = await h.call<Booking>('POST', '/v1/bookings', {
    mentorId: ids.mentorId,
    menteeId: ids.menteeId,
    start: hoursFromNow(48 + (sequence++ % 200) * 3),
    durationMinutes: 60,
    price: { amount: 5000, currency: 'USD' },
    message: 'I would like help preparing for a system design interview.',
    ...extra,
  });
  if (response.status !== 201) throw new Error(`booking failed: ${response.status} ${response.text}`);
  return response.body;
}

/**
 * Moves an approved booking's session to an hour ago, completed, as if it had taken place (the server's clock is
 * the real one, and the API refuses to book in the past): what no-show reports need.
 */
export async function endedAnHourAgo(h: Harness, bookingId: string): Promise<Booking> {
  return h.server.runtime.store.transaction(async (tx) => {
    const booking = (await tx.getBooking(bookingId))!;
    const end = new Date(Date.now() - 3_600_000);
    const start = new Date(end.getTime() - booking.durationMinutes * 60_000);
    const moved: Booking = {
      ...booking,
      start: start.toISOString(),
      end: end.toISOString(),
      status: 'completed',
      version: booking.version + 1,
    };
    await tx.updateBooking(moved, booking.version);
    return moved;
  });
}

/** A local HTTP peer (webhook receiver, calendar feed) on a random port. */
export async function localPeer(
  handler: (request: {
    method: string;
    url: string;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }) => {
    status: number;
    body?: string;
    headers?: Record<string, string>;
  },
): Promise<{
  url: string;
  requests: Array<{ url: string; headers: Record<string, unknown>; body: string }>;
  close(): Promise<void>;
}> {
  const requests: Array<{ url: string; headers: Record<string, unknown>; body: string }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body };
      requests.push(entry);
      const reply = handler(entry);
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
