import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Booking, type CreateBookingParams, Greenlight } from '@greenlight/sdk';
import { loadConfig, mintUserToken, type RunningServer, silentLogger, startServer } from '@greenlight/server';

export const API_KEY = 'web-test-platform-key-0123456789';
export const JWT_SECRET = 'web-test-jwt-secret-0123456789-0123456789';

export const MIA = {
  id: 'usr_mia',
  name: 'Mia Hoffmann',
  email: 'mia@example.com',
  timezone: 'Europe/Berlin',
};
export const NOAH = {
  id: 'usr_noah',
  name: 'Noah Carter',
  email: 'noah@example.com',
  timezone: 'America/New_York',
  stats: { averageRatingGiven: 4.6, reviewsGiven: 5, noShowReports: 0 },
};

export const SAM = { id: 'usr_sam', name: 'Sam Lee', email: 'sam@example.com', timezone: 'Europe/London' };

export interface AppHarness {
  url: string;
  server: RunningServer;
  /** The platform, as a real one would seed and act: the SDK with the API key. */
  platform: Greenlight;
  /** A URL that signs `userId` in, as a platform's redirect would: `/app<path>#token=<jwt>`. */
  signInUrl(userId: string, path?: string, ttlSeconds?: number): Promise<string>;
  /** A pending booking from Noah to Mia (`daysAhead` at `hourUtc`), paid, as the platform makes it. */
  book(overrides?: Partial<CreateBookingParams> & { daysAhead?: number; hourUtc?: number }): Promise<Booking>;
  /**
   * Moves an approved booking's session to an hour ago, completed, as if it had taken place (the server's clock
   * is the real one, and the API books nothing in the past): what no-show reports need.
   */
  endSession(bookingId: string): Promise<void>;
  /** Runs the effect worker until nothing is due (refunds, meetings, emails). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

let payments = 0;

/** A whole hour `days` from now. */
export function hourFromNow(days: number, hourUtc: number): string {
  const at = new Date(Date.now() + days * 86_400_000);
  at.setUTCHours(hourUtc, 0, 0, 0);
  return at.toISOString();
}

/**
 * The real server on a random port over a fresh SQLite file, serving the app built for this run, with the
 * effect worker on (meetings, emails) and Mia and Noah put through the SDK.
 */
export async function startApp(webAppDir: string, env: Record<string, string> = {}): Promise<AppHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'gl-web-e2e-'));
  const server = await startServer(
    loadConfig({
      GREENLIGHT_DATABASE_URL: join(dir, 'greenlight.db'),
      GREENLIGHT_API_KEY: API_KEY,
      GREENLIGHT_JWT_SECRET: JWT_SECRET,
      PORT: '0',
      GREENLIGHT_SCHEDULER: 'false',
      GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS: 'true',
      LOG_LEVEL: 'silent',
      ...env,
    }),
    { logger: silentLogger, print: () => {}, handleSignals: false, workerIntervalMs: 50, webAppDir },
  );
  const platform = new Greenlight({ baseUrl: server.url, apiKey: API_KEY });
  const { id: miaId, ...mia } = MIA;
  const { id: noahId, ...noah } = NOAH;
  await platform.users.put(miaId, mia);
  await platform.users.put(noahId, noah);
  const { id: samId, ...sam } = SAM;
  await platform.users.put(samId, sam);

  return {
    url: server.url,
    server,
    platform,
    async signInUrl(userId, path = '/', ttlSeconds = 3600) {
      return `${server.url}/app${path}#token=${await mintUserToken(JWT_SECRET, userId, ttlSeconds)}`;
    },
    book({ daysAhead = 3, hourUtc = 15, ...overrides } = {}) {
      payments += 1;
      return platform.bookings.create({
        mentorId: MIA.id,
        menteeId: NOAH.id,
        start: hourFromNow(daysAhead, hourUtc),
        durationMinutes: 60,
        price: { amount: 12_000, currency: 'USD' },
        paymentRef: `pi_web_${process.pid}_${payments}`,
        message: 'Could we go through my system-design answers for a payments ledger?',
        ...overrides,
      });
    },
    endSession(bookingId) {
      return server.runtime.store.transaction(async (tx) => {
        const booking = await tx.getBooking(bookingId);
        if (!booking) throw new Error(`no booking ${bookingId}`);
        const end = new Date(Date.now() - 3_600_000);
        const start = new Date(end.getTime() - booking.durationMinutes * 60_000);
        await tx.updateBooking(
          {
            ...booking,
            start: start.toISOString(),
            end: end.toISOString(),
            status: 'completed',
            version: booking.version + 1,
          },
          booking.version,
        );
      });
    },
    async drain() {
      for (let round = 0; round < 20 && (await server.runtime.worker.runOnce()) > 0; round++) {}
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A calendar feed on loopback, as a mentor's Google or iCloud calendar would serve it, with one busy event. */
export async function calendarFeed(busy: {
  start: string;
  end: string;
}): Promise<{ url: string; close(): Promise<void> }> {
  const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const body = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Greenlight tests//EN',
    'BEGIN:VEVENT',
    'UID:busy-1@greenlight.test',
    `DTSTAMP:${stamp(new Date().toISOString())}`,
    `DTSTART:${stamp(busy.start)}`,
    `DTEND:${stamp(busy.end)}`,
    'SUMMARY:Dentist',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mia.ics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
