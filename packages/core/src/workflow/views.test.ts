import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { as, harness, MENTEE, MENTOR, NOW, OTHER_MENTEE, platform, STRANGER } from '../../test/harness';
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from '../errors';
import { everyBookingRule } from '../policy/auto-approval';
import type { BusyTimeSource } from '../ports';

describe('get and review', () => {
  it('gives the mentor the review: time in their zone, mentee card and history, red flags, conflicts', async () => {
    const calendar: BusyTimeSource = {
      busyTimes: async () => ({
        source: 'ical',
        status: 'ok',
        busy: [
          {
            start: new Date('2026-12-02T10:30:00Z'),
            end: new Date('2026-12-02T12:00:00Z'),
            summary: 'Standup',
          },
        ],
      }),
    };
    const h = await harness({ busyTimes: [calendar] });
    await h.workflow.users.put(platform, MENTEE, {
      name: 'Theo Mentee',
      email: 'theo@example.test',
      timezone: 'America/New_York',
      photoUrl: 'https://img.example.test/theo.png',
      stats: { averageRatingGiven: 1.8, reviewsGiven: 6, noShowReports: 2 },
    });
    const past = await h.book({ start: '2026-11-30T10:00:00Z' });
    await h.workflow.bookings.approve(as(MENTOR), past.id);
    h.clock.set('2026-11-30T11:00:00Z');
    await h.workflow.sweep();

    const pending = await h.book({
      start: '2026-12-02T11:00:00Z',
      durationMinutes: 45,
      sessionType: { name: 'Mock interview' },
      price: { amount: 7500, currency: 'USD' },
      message: 'Answer fast, you idiot.',
    });

    const view = await h.workflow.bookings.get(as(MENTOR), pending.id);
    expect(view).toMatchObject({
      durationMinutes: 45,
      sessionType: { name: 'Mock interview' },
      price: { amount: 7500, currency: 'USD' },
      message: 'Answer fast, you idiot.',
    });
    expect(view.review).toMatchObject({
      startInMentorTimezone: 'Wed 2 Dec 2026, 12:00 CET (Europe/Berlin)',
      endInMentorTimezone: 'Wed 2 Dec 2026, 12:45 CET (Europe/Berlin)',
      mentorTimezone: 'Europe/Berlin',
      menteeTimezone: 'America/New_York',
      mentee: {
        id: MENTEE,
        name: 'Theo Mentee',
        photoUrl: 'https://img.example.test/theo.png',
        history: { priorSessions: 1, totalSpend: { amount: 5000, currency: 'USD' }, averageRatingGiven: 1.8 },
      },
      conflicts: [
        {
          source: 'ical',
          start: '2026-12-02T10:30:00.000Z',
          end: '2026-12-02T12:00:00.000Z',
          summary: 'Standup',
        },
      ],
      calendars: [{ source: 'ical', status: 'ok' }],
    });
    expect(view.review?.redFlags.map((f) => [f.code, f.evidence])).toEqual([
      ['low_ratings_given', ['average rating given: 1.8 / 5', 'reviews given: 6']],
      ['no_show_reports', ['2 mentor no-show reports']],
      ['rude_message', ['"i***t"']],
    ]);
    // The mentee sees the booking, not the review.
    const menteeView = await h.workflow.bookings.get(as(MENTEE), pending.id);
    expect(menteeView.review).toBeUndefined();
    expect((await h.workflow.bookings.review(platform, pending.id)).mentorTimezone).toBe('Europe/Berlin');
  });

  it('lists approved sessions that overlap as greenlight conflicts', async () => {
    const h = await harness();
    const pending = await h.book();
    const other = await h.book({ start: '2026-12-02T10:30:00Z' }, OTHER_MENTEE);
    await h.workflow.bookings.approve(as(MENTOR), other.id);
    const review = await h.workflow.bookings.review(as(MENTOR), pending.id);
    expect(review.conflicts).toEqual([
      { source: 'greenlight', start: other.start, end: other.end, bookingId: other.id },
    ]);
  });

  it('reviews an open suggestion at the suggested time, and says so', async () => {
    const asked: Array<[string, string]> = [];
    const calendar: BusyTimeSource = {
      busyTimes: async ({ from, to }) => {
        asked.push([from.toISOString(), to.toISOString()]);
        return {
          source: 'ical',
          status: 'ok',
          busy: [
            {
              start: new Date('2026-12-02T10:00:00Z'),
              end: new Date('2026-12-02T11:00:00Z'),
              summary: 'Then',
            },
            {
              start: new Date('2026-12-03T09:30:00Z'),
              end: new Date('2026-12-03T10:30:00Z'),
              summary: 'Now',
            },
            {
              start: new Date('2026-12-04T10:30:00Z'),
              end: new Date('2026-12-04T11:00:00Z'),
              summary: 'Later',
            },
          ],
        };
      },
    };
    const h = await harness({ busyTimes: [calendar] });
    const booking = await h.book({ start: '2026-12-02T10:00:00Z' });
    const other = await h.book({ start: '2026-12-02T10:30:00Z' }, OTHER_MENTEE);
    await h.workflow.bookings.approve(as(MENTOR), other.id, { force: true });
    // Suggested despite the calendar ("Now"), which the review keeps showing.
    await h.workflow.bookings.suggest(as(MENTOR), booking.id, { start: '2026-12-03T10:00:00Z', force: true });
    asked.length = 0;

    const review = await h.workflow.bookings.review(as(MENTOR), booking.id);
    expect(review).toMatchObject({
      startInMentorTimezone: 'Wed 2 Dec 2026, 11:00 CET (Europe/Berlin)',
      proposalStartInMentorTimezone: 'Thu 3 Dec 2026, 11:00 CET (Europe/Berlin)',
      proposalEndInMentorTimezone: 'Thu 3 Dec 2026, 12:00 CET (Europe/Berlin)',
    });
    // Neither the calendar entry nor the approved session at the requested time matters any more.
    expect(review.conflicts).toEqual([
      { source: 'ical', start: '2026-12-03T09:30:00.000Z', end: '2026-12-03T10:30:00.000Z', summary: 'Now' },
    ]);
    expect(asked).toEqual([['2026-12-03T10:00:00.000Z', '2026-12-03T11:00:00.000Z']]);

    // Countered: pending again, at the mentee's new time, with no suggestion to speak of.
    await h.workflow.bookings.counter(as(MENTEE), booking.id, { start: '2026-12-04T10:00:00Z' });
    const countered = await h.workflow.bookings.review(as(MENTOR), booking.id);
    expect(countered.proposalStartInMentorTimezone).toBeUndefined();
    expect(countered.startInMentorTimezone).toBe('Fri 4 Dec 2026, 11:00 CET (Europe/Berlin)');
    expect(countered.conflicts.map((c) => c.summary)).toEqual(['Later']);
  });
});

describe('list', () => {
  it('shows users only their own bookings, filtered by role, status and time, page by page', async () => {
    const h = await harness();
    const ids = [];
    for (let day = 2; day <= 6; day++) ids.push((await h.book({ start: `2026-12-0${day}T10:00:00Z` })).id);
    await h.book({ start: '2026-12-07T10:00:00Z' }, OTHER_MENTEE);
    await h.workflow.bookings.approve(as(MENTOR), ids[1]!);

    const first = await h.workflow.bookings.list(as(MENTEE), { limit: 2 });
    expect(first.data.map((b) => b.id)).toEqual(ids.slice(0, 2));
    const second = await h.workflow.bookings.list(as(MENTEE), { limit: 2, cursor: first.nextCursor! });
    expect(second.data.map((b) => b.id)).toEqual(ids.slice(2, 4));
    const third = await h.workflow.bookings.list(as(MENTEE), { limit: 2, cursor: second.nextCursor! });
    expect(third).toEqual({ data: [expect.objectContaining({ id: ids[4] })], nextCursor: null });

    expect((await h.workflow.bookings.list(as(MENTOR), { role: 'mentor' })).data).toHaveLength(6);
    expect((await h.workflow.bookings.list(as(MENTOR), { role: 'mentee' })).data).toHaveLength(0);
    expect(
      (await h.workflow.bookings.list(as(MENTEE), { status: 'approved' })).data.map((b) => b.id),
    ).toEqual([ids[1]]);
    const window = await h.workflow.bookings.list(as(MENTEE), {
      from: '2026-12-03T10:30:00Z',
      to: '2026-12-05T10:00:00+00:00',
    });
    expect(window.data.map((b) => b.id)).toEqual([ids[1], ids[2]]);
    await expect(h.workflow.bookings.list(as(MENTEE), { mentorId: STRANGER })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(h.workflow.bookings.list(as(MENTEE), { cursor: 'not-a-cursor' })).rejects.toMatchObject({
      errors: [{ path: 'cursor' }],
    });
  });

  it('lets the platform filter by mentor or mentee', async () => {
    const h = await harness();
    await h.book();
    await h.book({ start: '2026-12-03T10:00:00Z' }, OTHER_MENTEE);
    expect((await h.workflow.bookings.list(platform, {})).data).toHaveLength(2);
    expect((await h.workflow.bookings.list(platform, { menteeId: OTHER_MENTEE })).data).toHaveLength(1);
    expect((await h.workflow.bookings.list(platform, { mentorId: MENTEE })).data).toHaveLength(0);
  });
});

describe('list with expand', () => {
  it('carries each booking’s mentee and mentor as id, name and photo, with one read of the people', async () => {
    const h = await harness();
    await h.workflow.users.put(platform, MENTEE, {
      name: 'Theo Mentee',
      email: 'theo@example.test',
      timezone: 'America/New_York',
      photoUrl: 'https://img.example.test/theo.png',
    });
    const first = await h.book();
    const second = await h.book({ start: '2026-12-03T10:00:00Z' }, OTHER_MENTEE);
    await h.book({ start: '2026-12-04T10:00:00Z' });

    let reads = 0;
    const getUsers = h.store.transaction.bind(h.store);
    h.store.transaction = (fn, options) =>
      getUsers(
        (tx) =>
          fn(
            new Proxy(tx, {
              get: (target, key) => {
                if (key === 'getUsers') reads += 1;
                if (key === 'getUser') throw new Error('a list reads its people at once, not one by one');
                const value = Reflect.get(target, key);
                return typeof value === 'function' ? value.bind(target) : value;
              },
            }),
          ),
        options,
      );
    const page = await h.workflow.bookings.list(as(MENTOR), { role: 'mentor', expand: 'mentee' });
    expect(reads).toBe(1);
    expect(page.data.map((b) => [b.id, b.mentee])).toEqual([
      [first.id, { id: MENTEE, name: 'Theo Mentee', photoUrl: 'https://img.example.test/theo.png' }],
      [second.id, { id: OTHER_MENTEE, name: 'Olga Other', photoUrl: null }],
      [
        expect.any(String),
        { id: MENTEE, name: 'Theo Mentee', photoUrl: 'https://img.example.test/theo.png' },
      ],
    ]);
    expect(page.data.every((b) => b.mentor === undefined)).toBe(true);

    const both = await h.workflow.bookings.list(as(MENTEE), { expand: 'mentor,mentee' });
    expect(both.data[0]).toMatchObject({
      mentor: { id: MENTOR, name: 'Maya Mentor', photoUrl: null },
      mentee: { id: MENTEE, name: 'Theo Mentee' },
    });
    // Nothing but the summary: no email, time zone, Slack id or stats of the other side.
    expect(Object.keys(both.data[0]!.mentor!).sort()).toEqual(['id', 'name', 'photoUrl']);
  });

  it('carries no one without expand, and no one off the caller’s own bookings', async () => {
    const h = await harness();
    await h.book();
    await h.book({ start: '2026-12-03T10:00:00Z' }, OTHER_MENTEE);
    const plain = await h.workflow.bookings.list(as(MENTOR), { role: 'mentor' });
    expect(plain.data.map((b) => 'mentee' in b || 'mentor' in b)).toEqual([false, false]);

    // Olga booked the same mentor: Theo's list, expanded, names only the people on Theo's bookings.
    const theo = await h.workflow.bookings.list(as(MENTEE), { expand: 'mentee,mentor' });
    const named = new Set(theo.data.flatMap((b) => [b.mentee?.id, b.mentor?.id]));
    expect([...named].sort()).toEqual([MENTEE, MENTOR].sort());
    expect((await h.workflow.bookings.list(as(STRANGER), { expand: 'mentee,mentor' })).data).toEqual([]);
    await expect(
      h.workflow.bookings.list(as(STRANGER), { menteeId: MENTEE, expand: 'mentee' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(
      (await h.workflow.bookings.list(platform, { expand: 'mentee' })).data.map((b) => b.mentee?.name),
    ).toEqual(['Theo Mentee', 'Olga Other']);
  });

  it('refuses an expand other than mentee and mentor, naming the field', async () => {
    const h = await harness();
    for (const expand of ['email', 'mentee,', 'mentee,mentor,mentee', '']) {
      await expect(h.workflow.bookings.list(as(MENTEE), { expand })).rejects.toMatchObject({
        errors: [{ path: 'expand', message: expect.stringContaining('mentee,mentor') }],
      });
    }
  });
});

describe('metadata', () => {
  it('merges keys, deletes on null, bumps the version, and caps at 50 keys', async () => {
    const h = await harness();
    const booking = await h.book();
    const first = await h.workflow.bookings.updateMetadata(platform, booking.id, {
      metadata: { slackChannel: 'D123', slackTs: '1700000000.000100' },
    });
    expect(first).toMatchObject({
      metadata: { slackChannel: 'D123', slackTs: '1700000000.000100' },
      version: 2,
    });
    const second = await h.workflow.bookings.updateMetadata(platform, booking.id, {
      metadata: { slackTs: null },
    });
    expect(second.metadata).toEqual({ slackChannel: 'D123' });
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    const error = await h.workflow.bookings
      .updateMetadata(platform, booking.id, { metadata: many })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      errors: [{ path: 'metadata', message: expect.stringContaining('at most 50') }],
    });
  });

  it('is written only by the platform: participants get 403, strangers 404, and nothing changes', async () => {
    const h = await harness();
    const booking = await h.book();
    await h.workflow.bookings.updateMetadata(platform, booking.id, { metadata: { slack_channel: 'D1' } });
    for (const who of [MENTEE, MENTOR]) {
      const error = await h.workflow.bookings
        .updateMetadata(as(who), booking.id, { metadata: { slack_channel: 'D666' } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as ForbiddenError).message).toMatch(/only the platform .*metadata/);
    }
    await expect(
      h.workflow.bookings.updateMetadata(as(STRANGER), booking.id, { metadata: { a: 'b' } }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await h.workflow.bookings.get(platform, booking.id)).toMatchObject({
      metadata: { slack_channel: 'D1' },
      version: 2,
    });
  });
});

describe('metadata with expectedVersion (compare-and-set)', () => {
  it('writes at the current version and refuses a stale one with a version_conflict that changes nothing', async () => {
    const h = await harness();
    const booking = await h.book();
    const claimed = await h.workflow.bookings.updateMetadata(platform, booking.id, {
      metadata: { slack_ts: '1.1' },
      expectedVersion: booking.version,
    });
    expect(claimed).toMatchObject({ metadata: { slack_ts: '1.1' }, version: booking.version + 1 });

    const stale = await h.workflow.bookings
      .updateMetadata(platform, booking.id, {
        metadata: { slack_ts: '2.2' },
        expectedVersion: booking.version,
      })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(VersionConflictError);
    expect(stale).toMatchObject({ code: 'version_conflict', status: 409, expectedVersion: booking.version });
    const after = await h.workflow.bookings.get(platform, booking.id);
    expect(after).toMatchObject({ metadata: { slack_ts: '1.1' }, version: claimed.version });
    expect(after.updatedAt).toBe(claimed.updatedAt);

    // A version from the future is as wrong as one from the past.
    await expect(
      h.workflow.bookings.updateMetadata(platform, booking.id, {
        metadata: { slack_ts: '3.3' },
        expectedVersion: claimed.version + 1,
      }),
    ).rejects.toBeInstanceOf(VersionConflictError);
  });

  it('lets exactly one of two writers that read the same version win', async () => {
    const h = await harness();
    const booking = await h.book();
    const results = await Promise.allSettled(
      ['1.1', '2.2'].map((ts) =>
        h.workflow.bookings.updateMetadata(platform, booking.id, {
          metadata: { slack_ts: ts },
          expectedVersion: booking.version,
        }),
      ),
    );
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(VersionConflictError);
    const stored = await h.workflow.bookings.get(platform, booking.id);
    expect(stored.metadata.slack_ts).toBe(won[0]!.metadata.slack_ts);
    expect(stored.version).toBe(booking.version + 1);
  });

  it('checks who is asking before the version: strangers get 404, participants 403', async () => {
    const h = await harness();
    const booking = await h.book();
    const stale = { metadata: { a: 'b' }, expectedVersion: booking.version + 5 };
    await expect(h.workflow.bookings.updateMetadata(as(STRANGER), booking.id, stale)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(h.workflow.bookings.updateMetadata(as(MENTOR), booking.id, stale)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it.each([
    [0, 'must be 1 or more'],
    [-3, 'must be 1 or more'],
    [1.5, 'must be a whole number'],
    ['2', 'expected number'],
  ])('refuses expectedVersion %j, naming the field', async (expectedVersion, message) => {
    const h = await harness();
    const booking = await h.book();
    const error = await h.workflow.bookings
      .updateMetadata(platform, booking.id, {
        metadata: { a: 'b' },
        expectedVersion: expectedVersion as number,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      { path: 'expectedVersion', message: expect.stringContaining(message) },
    ]);
    expect((await h.workflow.bookings.get(platform, booking.id)).metadata).toEqual({});
  });
});

describe('calendar.ics', () => {
  const parse = (ics: string) => {
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    return { method: calendar.getFirstPropertyValue('method'), event };
  };

  it('serves a parsable event to both participants', async () => {
    const h = await harness();
    const booking = await h.book();
    const { event } = parse(await h.workflow.bookings.calendarIcs(as(MENTEE), booking.id));
    expect(event.startDate.toJSDate().toISOString()).toBe(booking.start);
    expect(event.uid).toContain(booking.id);
  });

  it('reads the same as the calendar links once the meeting is ready', async () => {
    const h = await harness();
    const booking = await h.book({ sessionType: { name: 'Career chat' } });
    await h.workflow.bookings.approve(as(MENTOR), booking.id);
    await h.drain();
    const ready = await h.workflow.bookings.get(as(MENTEE), booking.id);
    const google = new URL(ready.calendarLinks!.google).searchParams;
    const { event } = parse(await h.workflow.bookings.calendarIcs(as(MENTEE), booking.id));
    expect(google.get('text')).toBe('Career chat: Maya Mentor & Theo Mentee');
    expect(event.summary).toBe(google.get('text'));
    expect(event.description).toBe(google.get('details'));
    expect(event.location).toBe(google.get('location'));
    expect(event.description).toContain(`Join: ${ready.meeting?.joinUrl}`);
  });

  it('keeps the UID, bumps SEQUENCE on every change, and cancels with METHOD:CANCEL', async () => {
    const h = await harness();
    const booking = await h.book();
    const ics = () => h.workflow.bookings.calendarIcs(as(MENTOR), booking.id).then(parse);
    const requested = await ics();
    await h.workflow.bookings.approve(as(MENTOR), booking.id);
    const approved = await ics();
    await h.workflow.bookings.cancel(as(MENTEE), booking.id, { reason: 'Plans changed' });
    const cancelled = await ics();
    expect([requested, approved, cancelled].map((c) => c.event.uid)).toEqual(
      Array(3).fill(`${booking.id}@greenlight`),
    );
    expect([requested, approved, cancelled].map((c) => c.event.sequence)).toEqual([0, 1, 2]);
    expect([requested, approved, cancelled].map((c) => c.method)).toEqual(['REQUEST', 'REQUEST', 'CANCEL']);
    expect(cancelled.event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });
});

describe('users and settings', () => {
  it('lets only the platform create users, and users see themselves and people they share a booking with', async () => {
    const h = await harness();
    await expect(
      h.workflow.users.put(as(MENTEE), MENTEE, { name: 'X', email: 'x@example.test', timezone: 'UTC' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      h.workflow.users.put(platform, 'usr_new', {
        name: 'X',
        email: 'x@example.test',
        timezone: 'Mars/Olympus',
      }),
    ).rejects.toMatchObject({ errors: [{ path: 'timezone' }] });
    expect((await h.workflow.users.get(as(MENTEE), MENTEE)).name).toBe('Theo Mentee');
    await expect(h.workflow.users.get(as(MENTEE), MENTOR)).rejects.toBeInstanceOf(NotFoundError);
    await h.book();
    expect((await h.workflow.users.get(as(MENTEE), MENTOR)).name).toBe('Maya Mentor');
    expect((await h.workflow.users.get(as(MENTOR), MENTEE)).name).toBe('Theo Mentee');
    await expect(h.workflow.users.get(as(STRANGER), MENTOR)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps createdAt when a profile is replaced, and finds users by Slack id (platform only)', async () => {
    const h = await harness();
    h.clock.advance(60_000);
    const replaced = await h.workflow.users.put(platform, MENTOR, {
      name: 'Maya M.',
      email: 'maya@example.test',
      timezone: 'Europe/Berlin',
      slackUserId: 'U024BE7LH',
    });
    expect(replaced).toMatchObject({
      createdAt: NOW,
      updatedAt: '2026-11-30T08:01:00.000Z',
      slackUserId: 'U024BE7LH',
    });
    expect((await h.workflow.users.findBySlackUserId(platform, 'U024BE7LH')).id).toBe(MENTOR);
    await expect(h.workflow.users.findBySlackUserId(platform, 'U999')).rejects.toBeInstanceOf(NotFoundError);
    await expect(h.workflow.users.findBySlackUserId(as(MENTOR), 'U024BE7LH')).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('reads and patches settings for the user or the platform only', async () => {
    const h = await harness();
    expect(await h.workflow.users.getSettings(as(MENTOR), MENTOR)).toEqual({
      autoApprove: false,
      autoApprovalRules: [],
      calendarFeedUrl: null,
      availability: [],
    });
    const patched = await h.workflow.users.updateSettings(platform, MENTOR, {
      calendarFeedUrl: 'webcal://cal.example.test/feed.ics',
    });
    expect(patched.calendarFeedUrl).toBe('webcal://cal.example.test/feed.ics');
    const cleared = await h.workflow.users.updateSettings(as(MENTOR), MENTOR, {
      calendarFeedUrl: null,
      autoApprove: true,
    });
    expect(cleared).toEqual({
      autoApprove: true,
      autoApprovalRules: [everyBookingRule()],
      calendarFeedUrl: null,
      availability: [],
    });
    await expect(h.workflow.users.getSettings(as(MENTEE), MENTOR)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      h.workflow.users.updateSettings(as(MENTEE), MENTOR, { autoApprove: false }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      h.workflow.users.updateSettings(as(MENTOR), MENTOR, {
        availability: [{ weekday: 7, start: '09:00', end: '08:00' }],
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(h.workflow.users.getSettings(platform, 'usr_nobody')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('computes mentor stats from the mentor’s bookings', async () => {
    const h = await harness();
    const a = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), a.id);
    expect(await h.workflow.users.mentorStats(platform, MENTOR)).toMatchObject({
      approvalRate: 1,
      decided: 1,
      badge: 'new',
      medianResponseMinutes: 0,
    });
  });
});

describe('notifications', () => {
  it('lists, counts, and marks read only the caller’s own notifications', async () => {
    const h = await harness();
    await h.book();
    await h.book({ start: '2026-12-03T10:00:00Z' });
    const mentor = as(MENTOR);
    expect(await h.workflow.notifications.unreadCount(mentor)).toBe(2);
    const [latest] = (await h.workflow.notifications.list(mentor, { limit: 1 })).data;
    await expect(h.workflow.notifications.markRead(as(MENTEE), latest!.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const read = await h.workflow.notifications.markRead(mentor, latest!.id);
    expect(read.readAt).toBe(NOW);
    expect(await h.workflow.notifications.unreadCount(mentor)).toBe(1);
    expect((await h.workflow.notifications.list(mentor, { unread: 'true' })).data).toHaveLength(1);
    expect(await h.workflow.notifications.markAllRead(mentor)).toBe(1);
    expect(await h.workflow.notifications.unreadCount(mentor)).toBe(0);
    await expect(h.workflow.notifications.list(platform, {})).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('webhook endpoints', () => {
  it('are managed by the platform only, with the secret shown once', async () => {
    const h = await harness();
    await expect(
      h.workflow.webhookEndpoints.create(as(MENTOR), {
        url: 'https://h.example.test',
        events: ['booking.approved'],
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const created = await h.workflow.webhookEndpoints.create(platform, {
      url: 'https://h.example.test/hook',
      events: ['booking.approved', 'booking.rejected'],
    });
    expect(created).toMatchObject({ enabled: true, consecutiveFailures: 0, createdAt: NOW });
    expect(created.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(await h.workflow.webhookEndpoints.get(platform, created.id)).not.toHaveProperty('secret');
    expect((await h.workflow.webhookEndpoints.list(platform)).map((e) => e.id)).toEqual([created.id]);

    const disabled = await h.workflow.webhookEndpoints.update(platform, created.id, { enabled: false });
    expect(disabled.enabled).toBe(false);
    const booking = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), booking.id);
    // Kept for when it is re-enabled (at least once), but not sent while it is disabled.
    await h.drain();
    const [held] = await h.effects({ kind: 'deliver_webhook' });
    expect(held).toMatchObject({ status: 'pending', attempts: 0, lastError: 'endpoint disabled' });
    expect(h.ports.calls.deliver).toEqual([]);

    await h.workflow.webhookEndpoints.delete(platform, created.id);
    await expect(h.workflow.webhookEndpoints.get(platform, created.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(h.workflow.webhookEndpoints.delete(platform, created.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('sends one delivery per subscribed endpoint with the same event id', async () => {
    const h = await harness();
    const a = await h.workflow.webhookEndpoints.create(platform, {
      url: 'https://a.example.test',
      events: ['booking.requested'],
    });
    const b = await h.workflow.webhookEndpoints.create(platform, {
      url: 'https://b.example.test',
      events: ['booking.requested'],
    });
    await h.workflow.webhookEndpoints.create(platform, {
      url: 'https://c.example.test',
      events: ['booking.approved'],
    });
    await h.book();
    const hooks = await h.effects({ kind: 'deliver_webhook' });
    const payloads = hooks.map((e) => (e.payload.kind === 'deliver_webhook' ? e.payload : null));
    expect(payloads.map((p) => p?.endpointId).sort()).toEqual([a.id, b.id].sort());
    expect(new Set(payloads.map((p) => p?.event.id)).size).toBe(1);
  });
});
