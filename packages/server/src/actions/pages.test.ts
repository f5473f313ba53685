import { bookingFixture, type HistoryEntry, userFixture } from '@greenlight/core';
import { describe, expect, it } from 'vitest';
import { ago, formPage, localInputValue, type Parties, timeRange, whatHappened } from './pages';
import { instantOf } from './routes';

const NOW = new Date('2026-12-01T12:00:00Z');
const mentor = userFixture({ id: 'usr_ada', name: 'Ada Mentor', timezone: 'Europe/Berlin' });
const mentee = userFixture({ id: 'usr_max', name: 'Max <b>Mentee</b>', timezone: 'America/New_York' });
const booking = bookingFixture({
  id: 'bkg_1',
  mentorId: mentor.id,
  menteeId: mentee.id,
  start: '2026-12-03T15:00:00.000Z',
  end: '2026-12-03T16:00:00.000Z',
  message: '<script>alert(1)</script> & "quotes"',
});
const asMentee: Parties = { mentor, mentee, recipient: mentee, role: 'mentee' };
const asMentor: Parties = { mentor, mentee, recipient: mentor, role: 'mentor' };
const entry = (e: Partial<HistoryEntry>): HistoryEntry => ({
  at: '2026-12-01T11:55:00Z',
  actor: mentor.id,
  event: 'approved',
  ...e,
});

describe('what happened, in one sentence from the history', () => {
  it('names the actor, what they did, where and how long ago', () => {
    expect(whatHappened(entry({ channel: 'slack' }), booking, asMentee, NOW)).toBe(
      'Ada Mentor approved this on Slack 5 minutes ago.',
    );
    expect(whatHappened(entry({ channel: 'email' }), booking, asMentor, NOW)).toBe(
      'You approved this from an email link 5 minutes ago.',
    );
    expect(
      whatHappened(
        entry({
          actor: mentee.id,
          event: 'counter_proposed',
          start: '2026-12-04T15:00:00Z',
          channel: 'web',
          at: '2026-11-30T11:00:00Z',
        }),
        booking,
        asMentor,
        NOW,
      ),
    ).toBe(
      'Max <b>Mentee</b> proposed another time (Friday 4 Dec 2026, 16:00 CET) in the web app yesterday.',
    );
    expect(
      whatHappened(entry({ actor: 'platform', event: 'cancelled', channel: 'api' }), booking, asMentee, NOW),
    ).toBe('The platform cancelled this booking 5 minutes ago.');
    expect(
      whatHappened(
        entry({ actor: 'system', event: 'expired', at: '2026-12-01T09:00:00Z' }),
        booking,
        asMentee,
        NOW,
      ),
    ).toBe('This booking expired 3 hours ago: it was not agreed in time.');
    expect(whatHappened(null, booking, asMentee, NOW)).toBe(
      'This booking has changed since this email was sent.',
    );
  });

  it('says “just now” for the last 45 seconds', () => {
    expect(ago('2026-12-01T11:59:30Z', NOW)).toBe('just now');
    expect(ago('2026-12-01T11:59:00Z', NOW)).toBe('1 minute ago');
  });
});

describe('times in the recipient’s zone', () => {
  it('reads a picked wall time in the zone, the DST gap moving forward to when clocks jump', () => {
    expect(instantOf('2026-12-03T16:00', 'Europe/Berlin')).toBe('2026-12-03T15:00:00.000Z');
    expect(instantOf('2026-07-03T16:00', 'Europe/Berlin')).toBe('2026-07-03T14:00:00.000Z');
    expect(instantOf('2027-03-28T02:30', 'Europe/Berlin')).toBe('2027-03-28T01:00:00.000Z');
    expect(instantOf('2026-12-03T16:00:00', 'America/New_York')).toBe('2026-12-03T21:00:00.000Z');
    for (const bad of ['', 'tomorrow', '2026-12-03', '2026-12-03T25:00', '2026-12-03T10:60']) {
      expect(instantOf(bad, 'UTC')).toBeNull();
    }
    expect(localInputValue('2026-12-03T15:00:00.000Z', 'Europe/Berlin')).toBe('2026-12-03T16:00');
  });

  it('shows a session as one range with the zone’s abbreviation', () => {
    expect(timeRange(booking.start, booking.end, 'Europe/Berlin')).toBe(
      'Thursday 3 Dec 2026, 16:00–17:00 CET',
    );
    expect(timeRange('2026-12-03T22:30:00Z', '2026-12-03T23:30:00Z', 'Europe/Berlin')).toBe(
      'Thursday 3 Dec 2026, 23:30 – Friday 4 Dec 2026, 00:30 CET',
    );
  });
});

describe('form pages', () => {
  const page = (action: 'reject' | 'counter', parties: Parties, state = {}) =>
    formPage({
      action,
      booking,
      parties,
      csrf: 'csrf"><x',
      state,
      others: { approve: 'https://greenlight.test/actions/a"b' },
      appUrl: 'https://greenlight.test/app/bookings/bkg_1',
      now: NOW,
    });

  it('escape everything people wrote, and the values they typed back into the form', () => {
    const html = page('reject', asMentor, {
      values: { reason: '</textarea><script>x()</script>', category: 'timezone_mismatch' },
      errors: { reason: 'A reason is required' },
    });
    expect(html).not.toMatch(/<script>|<b>Mentee|<x/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('Max &lt;b&gt;Mentee&lt;/b&gt;');
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;x()&lt;/script&gt;</textarea>');
    expect(html).toContain('value="csrf&quot;&gt;&lt;x"');
    expect(html).toContain('href="https://greenlight.test/actions/a&quot;b"');
    expect(html).toContain('value="timezone_mismatch" checked');
    expect(html).toMatch(
      /<textarea id="reason"[^>]* aria-invalid="true" aria-describedby="reason-hint reason-error">/,
    );
  });

  it('load nothing from anywhere: no script, no external style, no image', () => {
    const html = page('counter', asMentee);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=/);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).toContain('<form method="post">');
    expect(html).toContain(
      'type="datetime-local" id="start" name="start" required step="900" min="2026-12-01T07:00"',
    );
  });
});
