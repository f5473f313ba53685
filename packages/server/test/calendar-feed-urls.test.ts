import { describe, expect } from 'vitest';
import { type Harness, pair } from './harness';
import { useHarness } from './suite';

// The check runs before the store is written, so one store kind is enough here.

async function saveFeed(h: Harness, mentorId: string, calendarFeedUrl: string) {
  return h.call('PATCH', `/v1/users/${mentorId}/settings`, { calendarFeedUrl }, { as: mentorId });
}

describe('calendar feed URLs are checked when saved', () => {
  const { test } = useHarness('sqlite');

  test('a feed on loopback, the private network or the metadata service is a 422 on calendarFeedUrl', async (h) => {
    const { mentorId } = await pair(h);
    const refused: Array<[string, string]> = [
      ['http://127.0.0.1/cal.ics', '127.0.0.1 is loopback'],
      ['http://169.254.169.254/', '169.254.169.254 is link-local'],
      ['https://192.168.1.20:8443/cal.ics', '192.168.1.20 is private'],
      ['http://[::1]/cal.ics', '::1 is loopback'],
      ['http://localhost:8080/cal.ics', 'localhost is loopback'],
      // webcal: is fetched as https:, and checked as such.
      ['webcal://10.0.0.5/cal.ics', '10.0.0.5 is private'],
    ];
    for (const [url, reason] of refused) {
      const reply = await saveFeed(h, mentorId, url);
      expect(reply.status, url).toBe(422);
      expect(reply.headers.get('content-type')).toBe('application/problem+json');
      expect(reply.body).toMatchObject({
        code: 'validation_failed',
        errors: [
          {
            path: 'calendarFeedUrl',
            message: `${reason}: calendar feeds must be reachable on the public internet`,
          },
        ],
      });
    }
    const settings = await h.call('GET', `/v1/users/${mentorId}/settings`, undefined, { as: mentorId });
    expect(settings.body.calendarFeedUrl).toBeNull();
  });

  test('a feed on a public address is saved', async (h) => {
    const { mentorId } = await pair(h);
    for (const url of ['https://1.1.1.1/cal.ics', 'webcal://[2606:4700:4700::1111]/cal.ics']) {
      const reply = await saveFeed(h, mentorId, url);
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.calendarFeedUrl).toBe(url);
    }
  });
});

describe('with GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS=true', () => {
  const { test } = useHarness('sqlite', { GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS: 'true' });

  test('feeds on loopback and the private network are saved', async (h) => {
    const { mentorId } = await pair(h);
    for (const url of [
      'http://127.0.0.1/cal.ics',
      'http://169.254.169.254/',
      'http://localhost:8080/cal.ics',
    ]) {
      const reply = await saveFeed(h, mentorId, url);
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.calendarFeedUrl).toBe(url);
    }
  });
});
