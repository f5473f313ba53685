/**
 * The real Greenlight server (in-memory store, effect worker on) for the component tests, on a random port.
 * The test page reaches it through the Vite server's `/v1` proxy (see api-proxy.ts), as the served web app
 * does: same origin, so no CORS in the way of the `Greenlight-Channel` header.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, silentLogger, startServer } from '@greenlight/server';
import type { TestProject } from 'vitest/node';
import { API_TARGET_ENV, STRICT_API_TARGET_ENV, TEST_CONTROL, type TestControl } from './api-proxy';

const API_KEY = 'sk_react_components_test_0123456789';
const JWT_SECRET = 'react-components-test-jwt-secret-0123456789abcdef';

declare module 'vitest' {
  export interface ProvidedContext {
    greenlight: { apiKey: string; jwtSecret: string; feedBase: string };
  }
}

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** A 1×1 PNG in the accent green. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOQzvYCAAF1ANF1qluqAAAAAElFTkSuQmCC',
  'base64',
);

/**
 * Mentors' iCal feeds: `/busy/<start>/<end>/<summary>.ics` is a calendar with one busy event then (ISO times,
 * URL-encoded); `/broken.ics` answers 500, a calendar that cannot be read. Also `/photos/ok.png` (an image) and
 * any other `/photos/…` (404).
 */
function startFeeds() {
  const feeds = createServer((req, res) => {
    // Profile photos: one that loads, and one that is gone.
    if (req.url === '/photos/ok.png')
      return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    if (req.url?.startsWith('/photos/')) return void res.writeHead(404).end('no such photo');
    const busy = /^\/busy\/([^/]+)\/([^/]+)\/([^/]+)\.ics$/.exec(req.url ?? '');
    if (!busy) return void res.writeHead(500).end('calendar unavailable');
    const [start, end, summary] = busy.slice(1).map(decodeURIComponent) as [string, string, string];
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//greenlight react test//EN',
      'BEGIN:VEVENT',
      `UID:${stamp(start)}@feeds.test`,
      `DTSTAMP:${stamp(new Date().toISOString())}`,
      `DTSTART:${stamp(start)}`,
      `DTEND:${stamp(end)}`,
      `SUMMARY:${summary}`,
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    res.writeHead(200, { 'content-type': 'text/calendar' }).end(ics);
  });
  return new Promise<typeof feeds>((resolve) => feeds.listen(0, '127.0.0.1', () => resolve(feeds)));
}

function start(allowPrivateCalendarUrls: boolean) {
  const config = loadConfig({
    GREENLIGHT_DATABASE_URL: 'memory:',
    HOST: '127.0.0.1',
    PORT: '0',
    GREENLIGHT_API_KEY: API_KEY,
    GREENLIGHT_JWT_SECRET: JWT_SECRET,
    GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS: String(allowPrivateCalendarUrls),
    LOG_LEVEL: 'error',
  });
  return startServer(config, {
    logger: silentLogger,
    print: () => {},
    handleSignals: false,
    workerIntervalMs: 50,
  });
}

export default async function setup(project: TestProject) {
  const feeds = await startFeeds();
  // The calendar tests serve mentors' feeds from loopback, which only this server may read.
  const server = await start(true);
  // As in production: a private or loopback feed is refused when saved (422 on calendarFeedUrl).
  const strict = await start(false);
  const control: TestControl = {
    // As if time had passed: the session ends `endsInMinutes` from now, and once over the scheduler completed it.
    moveSession: (bookingId, endsInMinutes) =>
      server.runtime.store.transaction(async (tx) => {
        const booking = await tx.getBooking(bookingId);
        if (!booking) throw new Error(`no booking ${bookingId}`);
        const end = new Date(Date.now() + endsInMinutes * 60_000);
        const start = new Date(end.getTime() - booking.durationMinutes * 60_000);
        await tx.updateBooking(
          {
            ...booking,
            start: start.toISOString(),
            end: end.toISOString(),
            status: endsInMinutes < 0 && booking.status === 'approved' ? 'completed' : booking.status,
            version: booking.version + 1,
          },
          booking.version,
        );
      }),
  };
  (globalThis as { [TEST_CONTROL]?: TestControl })[TEST_CONTROL] = control;
  process.env[API_TARGET_ENV] = server.url;
  process.env[STRICT_API_TARGET_ENV] = strict.url;
  const feedBase = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
  project.provide('greenlight', { apiKey: API_KEY, jwtSecret: JWT_SECRET, feedBase });
  return async () => {
    delete (globalThis as { [TEST_CONTROL]?: TestControl })[TEST_CONTROL];
    delete process.env[API_TARGET_ENV];
    delete process.env[STRICT_API_TARGET_ENV];
    await Promise.all([server.stop(), strict.stop()]);
    await new Promise((resolve) => feeds.close(resolve));
  };
}
