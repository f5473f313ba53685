import { verifyWebhook } from '@greenlight/core';
import type { Booking, BookingView, Notification } from '@greenlight/core/contract';
import { describe, expect } from 'vitest';
import { book, type Harness, hoursFromNow, localPeer, pair } from './harness';
import { STORES, useHarness } from './suite';

async function notificationsOf(h: Harness, userId: string): Promise<Notification[]> {
  const reply = await h.call<{ data: Notification[] }>('GET', '/v1/notifications?limit=100', undefined, {
    as: userId,
  });
  expect(reply.status).toBe(200);
  return reply.body.data;
}

function emailsTo(h: Harness, email: string) {
  return h.logs.filter((l) => l.msg === 'email' && l.to === email);
}

describe.each(STORES)('seed flows over HTTP (%s)', (kind) => {
  // The test calendar feed is served from loopback, which mentors' feed URLs may reach only when allowed.
  const { test } = useHarness(kind, { GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS: 'true' });

  test('a pending booking reaches the mentor: pending list, bell and email', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    expect(booking.status).toBe('pending');

    const pending = await h.call('GET', '/v1/bookings?status=pending&role=mentor', undefined, {
      as: ids.mentorId,
    });
    expect(pending.body.data.map((b: Booking) => b.id)).toEqual([booking.id]);

    const bell = await notificationsOf(h, ids.mentorId);
    expect(bell).toEqual([
      expect.objectContaining({ kind: 'booking_requested', bookingId: booking.id, readAt: null }),
    ]);
    const unread = await h.call('GET', '/v1/notifications/unread-count', undefined, { as: ids.mentorId });
    expect(unread.body).toEqual({ count: 1 });
    const read = await h.call('POST', `/v1/notifications/${bell[0]!.id}/read`, undefined, {
      as: ids.mentorId,
    });
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect(
      (await h.call('GET', '/v1/notifications/unread-count', undefined, { as: ids.mentorId })).body,
    ).toEqual({ count: 0 });
    const unreadOnly = await h.call('GET', '/v1/notifications?unread=true', undefined, { as: ids.mentorId });
    expect(unreadOnly.body.data).toEqual([]);

    await h.drain();
    const mentor = (await h.call('GET', `/v1/users/${ids.mentorId}`)).body;
    expect(emailsTo(h, mentor.email)).toEqual([
      expect.objectContaining({ kind: 'booking_requested', bookingId: booking.id, role: 'mentor' }),
    ]);
  });

  test('the mentor’s pending view: time in the mentor’s zone, mentee card, history, red flags, conflicts', async (h) => {
    const ids = await pair(h, { stats: { averageRatingGiven: 1.5, reviewsGiven: 8, noShowReports: 2 } });
    const feed = await localPeer(() => ({
      status: 200,
      headers: { 'content-type': 'text/calendar' },
      body: [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//test//EN',
        'BEGIN:VEVENT',
        'UID:dentist@test',
        `DTSTAMP:20260101T000000Z`,
        `DTSTART:${start.replace(/[-:]/g, '').replace('.000', '')}`,
        `DTEND:${new Date(Date.parse(start) + 30 * 60_000).toISOString().replace(/[-:]/g, '').replace('.000', '')}`,
        'SUMMARY:Dentist',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    }));
    const start = hoursFromNow(72);
    try {
      await h.call(
        'PATCH',
        `/v1/users/${ids.mentorId}/settings`,
        { calendarFeedUrl: `${feed.url}/secret.ics` },
        { as: ids.mentorId },
      );
      const booking = await book(h, ids, {
        start,
        message: 'This is stupid, you better be worth the money, idiot.',
      });

      const asMentor = await h.call<BookingView>('GET', `/v1/bookings/${booking.id}`, undefined, {
        as: ids.mentorId,
      });
      const review = asMentor.body.review!;
      expect(review.mentorTimezone).toBe('Europe/Berlin');
      expect(review.menteeTimezone).toBe('America/New_York');
      expect(review.startInMentorTimezone).toMatch(/\d/);
      expect(review.mentee).toMatchObject({
        id: ids.menteeId,
        history: { priorSessions: 0, averageRatingGiven: 1.5 },
      });
      expect(review.redFlags.map((f) => f.code).sort()).toEqual([
        'low_ratings_given',
        'no_show_reports',
        'rude_message',
      ]);
      expect(review.conflicts).toEqual([expect.objectContaining({ source: 'ical', summary: 'Dentist' })]);

      const asMentee = await h.call<BookingView>('GET', `/v1/bookings/${booking.id}`, undefined, {
        as: ids.menteeId,
      });
      expect(asMentee.body.review).toBeUndefined();
      expect(
        (await h.call('GET', `/v1/bookings/${booking.id}/review`, undefined, { as: ids.menteeId })).status,
      ).toBe(403);
      expect(
        (await h.call('GET', `/v1/bookings/${booking.id}/review`, undefined, { as: ids.mentorId })).body,
      ).toMatchObject({
        mentorTimezone: 'Europe/Berlin',
      });

      const blocked = await h.call('POST', `/v1/bookings/${booking.id}/approve`, {}, { as: ids.mentorId });
      expect(blocked.status).toBe(409);
      expect(blocked.body).toMatchObject({
        code: 'calendar_conflict',
        conflicts: [expect.objectContaining({ source: 'ical' })],
      });
      const forced = await h.call(
        'POST',
        `/v1/bookings/${booking.id}/approve`,
        { force: true },
        { as: ids.mentorId },
      );
      expect(forced.status).toBe(200);
      expect(forced.body.status).toBe('approved');
    } finally {
      await feed.close();
    }
  });

  test('suggest: 409 calendar_conflict at a time the mentor’s calendar shows busy, until forced', async (h) => {
    const ids = await pair(h);
    const busyAt = hoursFromNow(24 * 40);
    const ical = (iso: string) => iso.replace(/[-:]/g, '').replace('.000', '');
    const feed = await localPeer(() => ({
      status: 200,
      headers: { 'content-type': 'text/calendar' },
      body: [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//test//EN',
        'BEGIN:VEVENT',
        'UID:offsite@test',
        'DTSTAMP:20260101T000000Z',
        `DTSTART:${ical(new Date(Date.parse(busyAt) + 15 * 60_000).toISOString())}`,
        `DTEND:${ical(new Date(Date.parse(busyAt) + 45 * 60_000).toISOString())}`,
        'SUMMARY:Team offsite',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    }));
    try {
      await h.call(
        'PATCH',
        `/v1/users/${ids.mentorId}/settings`,
        { calendarFeedUrl: `${feed.url}/secret.ics` },
        { as: ids.mentorId },
      );
      const booking = await book(h, ids);
      const suggest = (body: Record<string, unknown>) =>
        h.call<Booking>('POST', `/v1/bookings/${booking.id}/suggest`, body, { as: ids.mentorId });

      const blocked = await suggest({ start: busyAt });
      expect(blocked.status).toBe(409);
      expect(blocked.body).toMatchObject({
        code: 'calendar_conflict',
        detail: expect.stringContaining('suggest with force: true'),
        conflicts: [expect.objectContaining({ source: 'ical', summary: 'Team offsite' })],
      });
      expect((await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body).toMatchObject({
        status: 'pending',
        proposal: null,
      });

      const forced = await suggest({ start: busyAt, force: true });
      expect(forced.status).toBe(200);
      expect(forced.body).toMatchObject({ status: 'alternative_suggested', proposal: { start: busyAt } });
      expect(forced.body.history.at(-1)).toMatchObject({ event: 'alternative_suggested', force: true });

      // An hour later the calendar is free: no force needed.
      const free = await suggest({ start: new Date(Date.parse(busyAt) + 3_600_000).toISOString() });
      expect(free.status).toBe(200);
      expect(free.body.history.at(-1)?.force).toBeUndefined();
    } finally {
      await feed.close();
    }
  });

  test('approve: meeting, calendar links, both sides notified, in the upcoming sessions, .ics', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    const approved = await h.call<Booking>('POST', `/v1/bookings/${booking.id}/approve`, undefined, {
      as: ids.mentorId,
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      meeting: { provider: 'jitsi', status: 'pending' },
    });
    expect(approved.body.decidedAt).toEqual(expect.any(String));

    await h.drain();
    const after = (
      await h.call<BookingView>('GET', `/v1/bookings/${booking.id}`, undefined, { as: ids.menteeId })
    ).body;
    expect(after.meeting).toMatchObject({
      provider: 'jitsi',
      status: 'ready',
      joinUrl: expect.stringMatching(/^https:\/\/meet\.jit\.si\//),
    });
    expect(after.calendarLinks?.google).toMatch(/^https:\/\/calendar\.google\.com\//);
    expect(after.calendarLinks?.yahoo).toMatch(/^https:\/\/calendar\.yahoo\.com\//);
    expect(after.calendarLinks).toHaveProperty('outlook');
    expect(after.calendarLinks).toHaveProperty('office365');

    expect((await notificationsOf(h, ids.menteeId)).map((n) => n.kind)).toContain('booking_approved');
    expect((await notificationsOf(h, ids.mentorId)).map((n) => n.kind)).toContain('booking_approved');
    const mentee = (await h.call('GET', `/v1/users/${ids.menteeId}`)).body;
    expect(emailsTo(h, mentee.email).map((e) => e.kind)).toContain('booking_approved');

    const upcoming = await h.call(
      'GET',
      `/v1/bookings?status=approved&from=${encodeURIComponent(new Date().toISOString())}`,
      undefined,
      {
        as: ids.mentorId,
      },
    );
    expect(upcoming.body.data.map((b: Booking) => b.id)).toEqual([booking.id]);

    const ics = await h.call('GET', `/v1/bookings/${booking.id}/calendar.ics`, undefined, {
      as: ids.menteeId,
    });
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(ics.text).toMatch(/BEGIN:VEVENT/);
    expect(ics.text).toContain(`${booking.id}`);
  });

  test('reject: a reason is required, shown to the mentee, who is refunded; the badge counts it', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    for (const reason of ['', 'no', '   ', 'No.']) {
      const refused = await h.call(
        'POST',
        `/v1/bookings/${booking.id}/reject`,
        { reason },
        { as: ids.mentorId },
      );
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        code: 'validation_failed',
        errors: [expect.objectContaining({ path: 'reason' })],
      });
    }
    const rejected = await h.call<Booking>(
      'POST',
      `/v1/bookings/${booking.id}/reject`,
      { reason: 'Schedule conflict: I am travelling that week', category: 'schedule_conflict' },
      { as: ids.mentorId },
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'Schedule conflict: I am travelling that week', category: 'schedule_conflict' },
      refund: { status: 'pending', amount: 5000 },
    });
    await h.drain();
    const seen = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`, undefined, { as: ids.menteeId }))
      .body;
    expect(seen.rejection?.reason).toBe('Schedule conflict: I am travelling that week');
    expect(seen.refund).toMatchObject({ status: 'succeeded', amount: 5000 });
    const kinds = (await notificationsOf(h, ids.menteeId)).map((n) => n.kind);
    expect(kinds).toEqual(expect.arrayContaining(['booking_rejected', 'refund_issued']));

    const stats = await h.call('GET', `/v1/users/${ids.mentorId}/mentor-stats`, undefined, {
      as: ids.mentorId,
    });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ approvalRate: 0, decided: 1 });
  });

  test('suggest → accept: approved at the new time with a meeting; every round in the history', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    const newStart = hoursFromNow(24 * 9);
    const suggested = await h.call<Booking>(
      'POST',
      `/v1/bookings/${booking.id}/suggest`,
      { start: newStart },
      { as: ids.mentorId },
    );
    expect(suggested.body).toMatchObject({
      status: 'alternative_suggested',
      proposal: { start: newStart, by: 'mentor' },
    });
    expect((await notificationsOf(h, ids.menteeId)).map((n) => n.kind)).toContain('alternative_suggested');
    expect(
      (await h.call('POST', `/v1/bookings/${booking.id}/accept-proposal`, undefined, { as: ids.mentorId }))
        .status,
    ).toBe(403);
    const accepted = await h.call<Booking>('POST', `/v1/bookings/${booking.id}/accept-proposal`, undefined, {
      as: ids.menteeId,
    });
    expect(accepted.body).toMatchObject({ status: 'approved', start: newStart, proposal: null });
    await h.drain();
    const after = (
      await h.call<Booking>('GET', `/v1/bookings/${booking.id}`, undefined, { as: ids.menteeId })
    ).body;
    expect(after.meeting?.status).toBe('ready');
    expect(after.history.map((e) => e.event)).toEqual(
      expect.arrayContaining([expect.stringMatching(/suggest/i), expect.stringMatching(/accept/i)]),
    );
  });

  test('suggest → counter → suggest → decline: back to pending for the mentor, then declined and refunded', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    await h.call(
      'POST',
      `/v1/bookings/${booking.id}/suggest`,
      { start: hoursFromNow(24 * 5) },
      { as: ids.mentorId },
    );
    const counterStart = hoursFromNow(24 * 6);
    const countered = await h.call<Booking>(
      'POST',
      `/v1/bookings/${booking.id}/counter`,
      { start: counterStart },
      { as: ids.menteeId },
    );
    expect(countered.body).toMatchObject({ status: 'pending', start: counterStart });
    expect((await notificationsOf(h, ids.mentorId)).map((n) => n.kind)).toContain('counter_proposed');
    await h.call(
      'POST',
      `/v1/bookings/${booking.id}/suggest`,
      { start: hoursFromNow(24 * 7) },
      { as: ids.mentorId },
    );
    const declined = await h.call<Booking>(
      'POST',
      `/v1/bookings/${booking.id}/decline-proposal`,
      { reason: 'None of these work' },
      { as: ids.menteeId },
    );
    expect(declined.body.status).toBe('declined');
    await h.drain();
    const after = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body;
    expect(after.refund?.status).toBe('succeeded');
    expect(after.history.length).toBeGreaterThanOrEqual(5);
  });

  test('auto-approval: bookings go straight to approved with the meeting created; it can be switched off', async (h) => {
    const ids = await pair(h);
    const on = await h.call(
      'PATCH',
      `/v1/users/${ids.mentorId}/settings`,
      { autoApprove: true },
      { as: ids.mentorId },
    );
    expect(on.body.autoApprove).toBe(true);
    const auto = await book(h, ids);
    expect(auto.status).toBe('approved');
    await h.drain();
    expect((await h.call<Booking>('GET', `/v1/bookings/${auto.id}`)).body.meeting?.status).toBe('ready');
    await h.call('PATCH', `/v1/users/${ids.mentorId}/settings`, { autoApprove: false }, { as: ids.mentorId });
    expect((await book(h, ids)).status).toBe('pending');
  });

  test('auto-approval rules: a far-ahead booking is approved by the mentor’s rule set, named in its history and to both sides', async (h) => {
    const ids = await pair(h);
    const saved = await h.call(
      'PATCH',
      `/v1/users/${ids.mentorId}/settings`,
      { autoApprovalRules: [{ id: 'ahead', name: 'Far ahead', minNoticeHours: 24 * 10 }] },
      { as: ids.mentorId },
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      autoApprove: false,
      autoApprovalRules: [
        { id: 'ahead', name: 'Far ahead', enabled: true, minNoticeHours: 240, sessionTypes: null },
      ],
    });
    expect((await book(h, ids, { start: hoursFromNow(24 * 3) })).status).toBe('pending');
    const far = await book(h, ids, { start: hoursFromNow(24 * 12) });
    expect(far.status).toBe('approved');
    expect(far.history.at(-1)).toMatchObject({
      event: 'auto_approved',
      rule: { id: 'ahead', name: 'Far ahead' },
    });
    const mentorBell = await notificationsOf(h, ids.mentorId);
    expect(mentorBell.find((n) => n.bookingId === far.id)?.body).toContain(
      "Approved automatically by your rule 'Far ahead'",
    );
    const menteeBell = await notificationsOf(h, ids.menteeId);
    expect(menteeBell.find((n) => n.bookingId === far.id)?.body).toMatch(
      /Approved automatically by .*'s rule 'Far ahead'/,
    );
    await h.drain();
    const mentor = (await h.call('GET', `/v1/users/${ids.mentorId}`)).body;
    const approvedEmail = emailsTo(h, mentor.email).find(
      (l) => l.bookingId === far.id && l.kind === 'booking_approved',
    );
    expect(String(approvedEmail?.text)).toContain("approved automatically by your rule 'Far ahead'");
  });

  test('response time: a reminder before the deadline, expiry after 7 days with a refund', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids, { start: hoursFromNow(24 * 20) });
    const workflow = h.server.runtime.workflow;
    const reminded = await workflow.sweep(new Date(Date.parse(booking.respondBy) - 60 * 60_000));
    expect(reminded.reminded).toBeGreaterThanOrEqual(1);
    expect((await notificationsOf(h, ids.mentorId)).map((n) => n.kind)).toContain('response_due');
    const swept = await workflow.sweep(new Date(Date.parse(booking.expiresAt) + 60_000));
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    const after = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body;
    expect(after.status).toBe('expired');
    // The refund is queued at the sweep's (future) time; the worker pays it out when that time comes.
    expect(after.refund).toMatchObject({ status: 'pending', amount: 5000 });
    expect((await notificationsOf(h, ids.menteeId)).map((n) => n.kind)).toContain('booking_expired');
  });

  test('cancel: either side, the other is notified; approving again is an invalid transition', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    await h.call('POST', `/v1/bookings/${booking.id}/approve`, {}, { as: ids.mentorId });
    const cancelled = await h.call<Booking>(
      'POST',
      `/v1/bookings/${booking.id}/cancel`,
      { reason: 'I got sick, sorry' },
      { as: ids.menteeId },
    );
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancellation: { by: 'mentee', reason: 'I got sick, sorry' },
    });
    expect((await notificationsOf(h, ids.mentorId)).map((n) => n.kind)).toContain('booking_cancelled');
    const again = await h.call('POST', `/v1/bookings/${booking.id}/approve`, {}, { as: ids.mentorId });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'invalid_transition', currentStatus: 'cancelled' });
    expect(again.body.detail).toContain('cancelled');
  });

  test('a mentor never gets two overlapping approved sessions', async (h) => {
    const ids = await pair(h);
    const start = hoursFromNow(24 * 4);
    const first = await book(h, ids, { start });
    const other = await pair(h);
    await h.call('PUT', `/v1/users/${other.menteeId}`, {
      name: 'Second',
      email: 'second@example.com',
      timezone: 'Asia/Tokyo',
    });
    const second = await book(
      h,
      { mentorId: ids.mentorId, menteeId: other.menteeId },
      { start: new Date(Date.parse(start) + 30 * 60_000).toISOString() },
    );
    expect((await h.call('POST', `/v1/bookings/${first.id}/approve`, {}, { as: ids.mentorId })).status).toBe(
      200,
    );
    const clash = await h.call(
      'POST',
      `/v1/bookings/${second.id}/approve`,
      { force: true },
      { as: ids.mentorId },
    );
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({
      code: 'slot_conflict',
      conflicts: [expect.objectContaining({ source: 'greenlight' })],
    });
    const overlapping = await h.call('POST', '/v1/bookings', {
      mentorId: ids.mentorId,
      menteeId: ids.menteeId,
      start,
      durationMinutes: 30,
      price: { amount: 0, currency: 'USD' },
    });
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.code).toBe('slot_conflict');
  });

  test('webhooks: signed deliveries of booking events; endpoints can be listed, re-enabled and deleted', async (h) => {
    const receiver = await localPeer(() => ({ status: 204 }));
    try {
      const created = await h.call('POST', '/v1/webhook-endpoints', {
        url: `${receiver.url}/hooks`,
        events: ['booking.requested', 'booking.approved'],
      });
      expect(created.status).toBe(201);
      expect(created.body.secret).toEqual(expect.any(String));
      const ids = await pair(h);
      const booking = await book(h, ids);
      await h.call('POST', `/v1/bookings/${booking.id}/approve`, {}, { as: ids.mentorId });
      await h.drain();
      const types = [];
      for (const request of receiver.requests) {
        const event = await verifyWebhook(
          request.body,
          String(request.headers['greenlight-signature']),
          created.body.secret,
        );
        types.push(event.type);
      }
      expect(types).toEqual(expect.arrayContaining(['booking.requested', 'booking.approved']));

      const listed = await h.call('GET', '/v1/webhook-endpoints');
      expect(listed.body.data.map((e: { id: string }) => e.id)).toContain(created.body.id);
      expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
      const patched = await h.call('PATCH', `/v1/webhook-endpoints/${created.body.id}`, { enabled: false });
      expect(patched.body.enabled).toBe(false);
      expect(
        (await h.call('PATCH', `/v1/webhook-endpoints/${created.body.id}`, { enabled: true })).body.enabled,
      ).toBe(true);
      expect((await h.call('DELETE', `/v1/webhook-endpoints/${created.body.id}`)).status).toBe(204);
      expect((await h.call('GET', `/v1/webhook-endpoints/${created.body.id}`)).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });

  test('dead-lettered effects are listed for the platform and can be retried', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    const store = h.server.runtime.store;
    const effect = await store.transaction(async (tx) => {
      const pending = await tx.listEffects({ status: 'pending', bookingId: booking.id, limit: 1 });
      const first = pending.data[0]!;
      const dead = {
        ...first,
        status: 'dead' as const,
        attempts: first.maxAttempts,
        lastError: 'SMTP said no',
      };
      await tx.updateEffect(dead);
      return dead;
    });
    const listed = await h.call('GET', '/v1/effects/dead');
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: effect.id, status: 'dead', lastError: 'SMTP said no', claims: 0 }),
      ]),
    );
    // The claim's fencing token is the workers' own business.
    for (const listedEffect of listed.body.data) expect(listedEffect).not.toHaveProperty('leaseToken');
    const retried = await h.call('POST', `/v1/effects/${effect.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: effect.id, status: 'pending', attempts: 0 });
  });

  test('users: lookup by Slack id, settings and stats', async (h) => {
    const ids = await pair(h);
    const slackUserId = `U${Date.now().toString(36).toUpperCase()}`;
    await h.call('PUT', `/v1/users/${ids.mentorId}`, {
      name: 'Slacky',
      email: 's@example.com',
      timezone: 'Europe/Berlin',
      slackUserId,
    });
    const found = await h.call('GET', `/v1/users?slackUserId=${slackUserId}`);
    expect(found.body).toMatchObject({ id: ids.mentorId, slackUserId });
    const settings = await h.call('PATCH', `/v1/users/${ids.mentorId}/settings`, {
      availability: [{ weekday: 1, start: '09:00', end: '17:00' }],
    });
    expect(settings.body.availability).toEqual([{ weekday: 1, start: '09:00', end: '17:00' }]);
    expect(
      (await h.call('GET', `/v1/users/${ids.mentorId}/settings`, undefined, { as: ids.mentorId })).body
        .availability,
    ).toHaveLength(1);
    expect((await h.call('GET', `/v1/users/${ids.mentorId}/mentor-stats`)).body).toMatchObject({
      decided: 0,
      badge: expect.any(String),
    });
  });

  test('Greenlight-Channel: the history says where each decision was made; api when unsaid', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    expect(booking.history[0]).toMatchObject({ event: 'requested', channel: 'api' });
    const suggested = await h.call(
      'POST',
      `/v1/bookings/${booking.id}/suggest`,
      { start: hoursFromNow(50) },
      { as: ids.mentorId, headers: { 'greenlight-channel': 'slack' } },
    );
    expect(suggested.status).toBe(200);
    expect(suggested.body.history.at(-1)).toMatchObject({ event: 'alternative_suggested', channel: 'slack' });
    const accepted = await h.call('POST', `/v1/bookings/${booking.id}/accept-proposal`, undefined, {
      token: await h.token(ids.menteeId),
      headers: { 'Greenlight-Channel': 'Web' },
    });
    expect(accepted.body.history.at(-1)).toMatchObject({ actor: ids.menteeId, channel: 'web' });

    // `email` belongs to the server's own email-action pages; anything else is named as not allowed.
    for (const channel of ['email', 'fax']) {
      const refused = await h.call(
        'POST',
        `/v1/bookings/${booking.id}/cancel`,
        { reason: 'Plans changed' },
        {
          as: ids.menteeId,
          headers: { 'greenlight-channel': channel },
        },
      );
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        code: 'validation_failed',
        errors: [{ path: 'Greenlight-Channel', message: 'must be one of api, web, slack' }],
      });
    }
    const unchanged = await h.call('GET', `/v1/bookings/${booking.id}`);
    expect(unchanged.body).toMatchObject({ status: 'approved', version: accepted.body.version });
  });

  test('metadata: integrations keep references on the booking', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    const patched = await h.call('PATCH', `/v1/bookings/${booking.id}`, {
      metadata: { slackChannel: 'C123', slackTs: '1700000000.0001' },
    });
    expect(patched.body.metadata).toEqual({ slackChannel: 'C123', slackTs: '1700000000.0001' });
    const removed = await h.call('PATCH', `/v1/bookings/${booking.id}`, { metadata: { slackTs: null } });
    expect(removed.body.metadata).toEqual({ slackChannel: 'C123' });
  });

  test('metadata with expectedVersion: written at the current version, 409 version_conflict when stale', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    const claim = (ts: string, expectedVersion: unknown) =>
      h.call('PATCH', `/v1/bookings/${booking.id}`, { metadata: { slack_ts: ts }, expectedVersion });

    const first = await claim('1700000000.000001', booking.version);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      metadata: { slack_ts: '1700000000.000001' },
      version: booking.version + 1,
    });

    // A second writer that read the same version learns of the first instead of overwriting it.
    const stale = await claim('1700000000.000002', booking.version);
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(stale.body).toMatchObject({
      code: 'version_conflict',
      detail: expect.stringContaining(`expected version ${booking.version}`),
    });
    const after = await h.call<Booking>('GET', `/v1/bookings/${booking.id}`);
    expect(after.body).toMatchObject({
      metadata: { slack_ts: '1700000000.000001' },
      version: first.body.version,
    });

    // Re-read, retried with the current version: written.
    const retried = await claim('1700000000.000002', after.body.version);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({
      metadata: { slack_ts: '1700000000.000002' },
      version: after.body.version + 1,
    });

    const invalid = await claim('1700000000.000003', 0);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([
      { path: 'expectedVersion', message: expect.stringContaining('1 or more') },
    ]);
  });
});

describe('calendar feeds on private networks (default configuration)', () => {
  const { test } = useHarness('sqlite');

  test('a feed URL on loopback is not fetched and the mentor sees the calendar as unknown, not free', async (h) => {
    const feed = await localPeer(() => ({ status: 200, headers: { 'content-type': 'text/calendar' } }));
    try {
      const ids = await pair(h);
      const calendarFeedUrl = `${feed.url}/secret.ics`;
      const saved = await h.call(
        'PATCH',
        `/v1/users/${ids.mentorId}/settings`,
        { calendarFeedUrl },
        { as: ids.mentorId },
      );
      expect(saved.status).toBe(422);
      // Saving refuses it, but a feed saved before that check (or a host whose DNS changed since) is stored:
      // the fetch-time guard is what keeps it from being read.
      await h.server.runtime.store.transaction((tx) =>
        tx.putSettings(ids.mentorId, {
          autoApprove: false,
          autoApprovalRules: [],
          calendarFeedUrl,
          availability: [],
        }),
      );
      const booking = await book(h, ids);
      const review = (
        await h.call<BookingView>('GET', `/v1/bookings/${booking.id}`, undefined, { as: ids.mentorId })
      ).body.review!;
      expect(review.calendars).toEqual([
        {
          source: 'ical',
          status: 'unknown',
          detail: expect.stringContaining('127.0.0.1 is loopback, not on the public internet'),
        },
      ]);
      expect(feed.requests).toEqual([]);
    } finally {
      await feed.close();
    }
  });
});
