import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UserSettings } from '@greenlight/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FeedProcess, startFeedProcess } from '../../test/fixtures/feed-process';
import { manualClock, mentor } from '../../test/fixtures/integrations';
import { calendarFeedUrlCheck, feedFetchUrl, ICalFeedBusyTimes } from './ical-feed';

const FEED = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Test//EN',
  'BEGIN:VEVENT',
  'UID:a@example.com',
  'DTSTAMP:20261101T000000Z',
  'DTSTART:20261201T150000Z',
  'DTEND:20261201T160000Z',
  'SUMMARY:Busy thing',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let base: string;
let handler: Handler;
let requests: IncomingMessage[];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = [];
  handler = (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', etag: '"v1"' }).end(FEED);
  };
});

const window = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') };
const settings = (calendarFeedUrl: string | null): UserSettings => ({
  autoApprove: false,
  autoApprovalRules: [],
  calendarFeedUrl,
  availability: [],
});

/** The test server is on loopback, which feeds may reach only when private networks are allowed. */
const local = (options: ConstructorParameters<typeof ICalFeedBusyTimes>[0] = {}) =>
  new ICalFeedBusyTimes({ allowPrivateNetworks: true, ...options });

describe('ICalFeedBusyTimes', () => {
  it('reads busy times from the feed', async () => {
    const source = local();
    const result = await source.busyTimes({
      mentor,
      settings: settings(`${base}/secret/basic.ics`),
      ...window,
    });
    expect(result).toEqual({
      source: 'ical',
      status: 'ok',
      busy: [
        {
          start: new Date('2026-12-01T15:00:00Z'),
          end: new Date('2026-12-01T16:00:00Z'),
          summary: 'Busy thing',
        },
      ],
    });
    expect(requests[0]!.url).toBe('/secret/basic.ics');
    expect(requests[0]!.headers.accept).toContain('text/calendar');
  });

  it('serves from cache within the TTL, then revalidates with If-None-Match and keeps the feed on 304', async () => {
    const clock = manualClock('2026-11-20T10:00:00Z');
    const source = local({ clock, ttlMs: 60_000 });
    const input = { mentor, settings: settings(`${base}/feed.ics`), ...window };
    await source.busyTimes(input);
    clock.advance(59_999);
    await source.busyTimes(input);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers['if-none-match']).toBeUndefined();

    clock.advance(1);
    const revalidated = await source.busyTimes(input);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.headers['if-none-match']).toBe('"v1"');
    expect(revalidated.status).toBe('ok');
    expect(revalidated.busy).toHaveLength(1);
  });

  it('says no feed is configured without calling anything', async () => {
    const result = await local().busyTimes({ mentor, settings: settings(null), ...window });
    expect(result).toEqual({ source: 'ical', status: 'ok', busy: [], detail: 'no calendar feed configured' });
    expect(requests).toHaveLength(0);
  });

  it('applies only to mentors with a feed, so approving waits on no other', () => {
    expect(local().appliesTo({ settings: settings(null) })).toBe(false);
    expect(local().appliesTo({ settings: settings(`${base}/feed.ics`) })).toBe(true);
  });

  it('is unknown, not free, when the feed answers an error, without revealing the secret path', async () => {
    handler = (_req, res) => res.writeHead(500).end('boom');
    const result = await local().busyTimes({
      mentor,
      settings: settings(`${base}/s3cr3t/feed.ics`),
      ...window,
    });
    expect(result.status).toBe('unknown');
    expect(result.busy).toEqual([]);
    expect(result.detail).toContain('500');
    expect(result.detail).not.toContain('s3cr3t');
  });

  it('recovers once the feed answers again', async () => {
    let calls = 0;
    handler = (_req, res) => {
      calls += 1;
      if (calls === 1) res.writeHead(503).end();
      else res.writeHead(200, { 'content-type': 'text/calendar' }).end(FEED);
    };
    const source = local();
    const input = { mentor, settings: settings(`${base}/feed.ics`), ...window };
    expect((await source.busyTimes(input)).status).toBe('unknown');
    expect((await source.busyTimes(input)).status).toBe('ok');
  });

  it('is unknown when the answer is not iCalendar (e.g. a login page)', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in</html>');
    const result = await local().busyTimes({
      mentor,
      settings: settings(`${base}/feed.ics`),
      ...window,
    });
    expect(result.status).toBe('unknown');
    expect(result.detail).toContain('not an iCalendar feed');
  });

  it('is unknown when the feed does not answer in time', async () => {
    handler = () => {};
    const result = await local({ timeoutMs: 50 }).busyTimes({
      mentor,
      settings: settings(`${base}/feed.ics`),
      ...window,
    });
    expect(result.status).toBe('unknown');
    expect(result.detail).toContain('did not answer within 50 ms');
  });

  it('is unknown when the feed is larger than allowed', async () => {
    const result = await local({ maxBytes: 100 }).busyTimes({
      mentor,
      settings: settings(`${base}/feed.ics`),
      ...window,
    });
    expect(result.status).toBe('unknown');
    expect(result.detail).toContain('larger than 100 bytes');
  });

  describe('from a feed server in another process', () => {
    let feeds: FeedProcess;
    beforeAll(async () => {
      feeds = await startFeedProcess();
    });
    afterAll(() => feeds.stop());

    it('stops reading a feed sent without Content-Length once it is larger than allowed', async () => {
      const result = await local({ maxBytes: 64 * 1024 }).busyTimes({
        mentor,
        settings: settings(`${feeds.base}/flood`),
        ...window,
      });
      expect(result).toMatchObject({ status: 'unknown', busy: [] });
      expect(result.detail).toContain('larger than 65536 bytes');
      await feeds.closed('/flood');
    });

    it('gives up on a feed that trickles its body slower than the timeout', async () => {
      // Long enough for the headers on a loaded machine; the body then trickles past it.
      const result = await local({ timeoutMs: 1500 }).busyTimes({
        mentor,
        settings: settings(`${feeds.base}/trickle`),
        ...window,
      });
      expect(result).toMatchObject({ status: 'unknown', busy: [] });
      expect(result.detail).toContain('did not send its whole body within 1500 ms');
      await feeds.closed('/trickle');
    });
  });

  it('keeps cached feeds within a total size, dropping the least recently used', async () => {
    const bytes = Buffer.byteLength(FEED);
    const source = local({ ttlMs: 60 * 60_000, maxCachedBytes: Math.floor(bytes * 1.5) });
    const read = (name: string) =>
      source.busyTimes({ mentor, settings: settings(`${base}/${name}.ics`), ...window });
    await read('a');
    await read('a');
    expect(requests.map((r) => r.url)).toEqual(['/a.ics']);
    await read('b');
    await read('a');
    expect(requests.map((r) => r.url)).toEqual(['/a.ics', '/b.ics', '/a.ics']);

    const tiny = local({ ttlMs: 60 * 60_000, maxCachedBytes: bytes - 1 });
    requests = [];
    const input = { mentor, settings: settings(`${base}/big.ics`), ...window };
    expect((await tiny.busyTimes(input)).status).toBe('ok');
    expect((await tiny.busyTimes(input)).status).toBe('ok');
    expect(requests).toHaveLength(2);
  });

  it('is unknown, with the reason, when a recurring event repeats every second', async () => {
    const flood = FEED.replace('SUMMARY:Busy thing', 'SUMMARY:Busy thing\r\nRRULE:FREQ=SECONDLY');
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/calendar' }).end(flood);
    const result = await local().busyTimes({ mentor, settings: settings(`${base}/flood.ics`), ...window });
    expect(result).toMatchObject({ status: 'unknown', busy: [] });
    expect(result.detail).toContain('is too costly to check: "Busy thing" repeats SECONDLY');
  });
});

describe('ICalFeedBusyTimes on a mentor-supplied URL', () => {
  it('is unknown, not free, for a feed on loopback, without calling it or revealing the secret path', async () => {
    const result = await new ICalFeedBusyTimes().busyTimes({
      mentor,
      settings: settings(`${base}/s3cr3t/feed.ics`),
      ...window,
    });
    expect(result).toEqual({
      source: 'ical',
      status: 'unknown',
      busy: [],
      detail: `calendar feed at ${new URL(base).host} could not be read: refused: 127.0.0.1 is loopback, not on the public internet`,
    });
    expect(requests).toHaveLength(0);
  });

  it.each([
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/iam/'],
    ['a private address', 'webcal://10.0.0.8/calendar.ics'],
    ['PostgreSQL on this host', 'http://[::ffff:127.0.0.1]:5432/'],
  ])('is unknown for %s', async (_name, url) => {
    const result = await new ICalFeedBusyTimes().busyTimes({ mentor, settings: settings(url), ...window });
    expect(result.status).toBe('unknown');
    expect(result.detail).toContain('not on the public internet');
  });

  it('is unknown when a public feed redirects to a private address', async () => {
    const seen: string[] = [];
    const source = new ICalFeedBusyTimes({
      // The remote feed server, outside the process.
      fetch: async (input) => {
        seen.push(String(input));
        return new Response(null, { status: 302, headers: { location: `${base}/feed.ics` } });
      },
    });
    const result = await source.busyTimes({
      mentor,
      settings: settings('https://93.184.215.14/private-abc/basic.ics'),
      ...window,
    });
    expect(result.status).toBe('unknown');
    expect(result.detail).toContain('refused: 127.0.0.1 is loopback');
    expect(seen).toEqual(['https://93.184.215.14/private-abc/basic.ics']);
    expect(requests).toHaveLength(0);
  });

  it('follows redirects when private networks are allowed', async () => {
    handler = (req, res) => {
      if (req.url === '/moved.ics') res.writeHead(301, { location: '/feed.ics' }).end();
      else res.writeHead(200, { 'content-type': 'text/calendar' }).end(FEED);
    };
    const result = await local().busyTimes({ mentor, settings: settings(`${base}/moved.ics`), ...window });
    expect(result.status).toBe('ok');
    expect(requests.map((r) => r.url)).toEqual(['/moved.ics', '/feed.ics']);
  });
});

describe('feedFetchUrl', () => {
  it('maps webcal to https and keeps http(s)', () => {
    expect(feedFetchUrl('webcal://p01-caldav.icloud.com/published/2/abc').href).toBe(
      'https://p01-caldav.icloud.com/published/2/abc',
    );
    expect(feedFetchUrl('https://calendar.google.com/calendar/ical/x/private-y/basic.ics').protocol).toBe(
      'https:',
    );
    expect(() => feedFetchUrl('ftp://example.com/feed.ics')).toThrow(/scheme/);
  });
});

describe('calendarFeedUrlCheck', () => {
  it('checks the URL the feed would be fetched from', async () => {
    const lookup = async (host: string) =>
      host === 'lan.example.test'
        ? [{ address: '10.0.0.9', family: 4 }]
        : [{ address: '93.184.215.14', family: 4 }];
    const check = calendarFeedUrlCheck({ lookup });
    expect(await check(new URL('webcal://p01-caldav.icloud.com/published/2/abc'))).toBeNull();
    expect(await check(new URL('https://calendar.example.test/feed.ics'))).toBeNull();
    expect(await check(new URL('webcal://127.0.0.1/feed.ics'))).toBe('127.0.0.1 is loopback');
    expect(await check(new URL('webcal://lan.example.test/feed.ics'))).toBe(
      'lan.example.test resolves to an address that is private',
    );
    expect(await check(new URL('ftp://calendar.example.test/feed.ics'))).toBe(
      'unsupported feed URL scheme ftp:',
    );
    expect(
      await calendarFeedUrlCheck({ allowPrivate: true, lookup })(new URL('webcal://127.0.0.1/f.ics')),
    ).toBeNull();
  });
});
