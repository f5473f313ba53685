import { describe, expect, it } from 'vitest';
import { as, harness, MENTEE, MENTOR, NOW, platform, STRANGER } from '../../test/harness';
import { ForbiddenError, NotFoundError, SlotConflictError, ValidationError } from '../errors';

describe('request', () => {
  it('creates a pending booking that the mentor must answer within 24 hours and that expires after 7 days', async () => {
    const h = await harness();
    const booking = await h.book({ start: '2026-12-02T11:00:00+01:00' });
    expect(booking).toMatchObject({
      status: 'pending',
      mentorId: MENTOR,
      menteeId: MENTEE,
      start: '2026-12-02T10:00:00.000Z',
      end: '2026-12-02T11:00:00.000Z',
      createdAt: NOW,
      respondBy: '2026-12-01T08:00:00.000Z',
      expiresAt: '2026-12-07T08:00:00.000Z',
      version: 1,
      decidedAt: null,
      meeting: null,
      calendarLinks: null,
    });
    expect(booking.id).toMatch(/^bkg_[0-9A-Z]{26}$/);
    expect(booking.history).toEqual([{ at: NOW, actor: MENTEE, event: 'requested', to: 'pending' }]);
  });

  it('tells the mentor three ways: the pending list, an in-app notification and an email (and the booking.requested webhook)', async () => {
    const h = await harness();
    const endpoint = await h.workflow.webhookEndpoints.create(platform, {
      url: 'https://hooks.example.test/gl',
      events: ['booking.requested'],
    });
    const booking = await h.book();
    const pendingList = await h.workflow.bookings.list(as(MENTOR), { status: 'pending', role: 'mentor' });
    expect(pendingList.data.map((b) => b.id)).toEqual([booking.id]);
    expect(await h.workflow.notifications.unreadCount(as(MENTOR))).toBe(1);
    const [notification] = await h.notificationsOf(MENTOR);
    expect(notification).toMatchObject({ kind: 'booking_requested', bookingId: booking.id, readAt: null });
    expect(notification?.title).toBe('New booking request from Theo Mentee');
    // The mentor reads times in their own zone (Berlin).
    expect(notification?.body).toContain('Wed 2 Dec 2026, 11:00 CET');
    expect(await h.notificationsOf(MENTEE)).toEqual([]);

    const emails = await h.effects({ kind: 'send_email' });
    expect(emails.map((e) => e.payload)).toEqual([
      {
        kind: 'send_email',
        bookingId: booking.id,
        notification: 'booking_requested',
        recipientId: MENTOR,
        role: 'mentor',
        booking,
      },
    ]);
    const [hook] = await h.effects({ kind: 'deliver_webhook' });
    expect(hook?.payload).toMatchObject({
      kind: 'deliver_webhook',
      endpointId: endpoint.id,
      event: { type: 'booking.requested', createdAt: NOW, data: { booking: { id: booking.id, version: 1 } } },
    });
    if (hook?.payload.kind !== 'deliver_webhook') throw new Error('expected a webhook');
    expect(hook.payload.event.id).toMatch(/^evt_/);
    expect(hook.idempotencyKey).toBe(`webhook:${hook.payload.event.id}:${endpoint.id}`);
  });

  it('lets the platform book for a mentee, and requires menteeId when it does', async () => {
    const h = await harness();
    const booking = await h.workflow.bookings.request(platform, {
      mentorId: MENTOR,
      menteeId: MENTEE,
      start: '2026-12-02T10:00:00Z',
      durationMinutes: 30,
      price: { amount: 0, currency: 'EUR' },
    });
    expect(booking).toMatchObject({ menteeId: MENTEE, status: 'pending', end: '2026-12-02T10:30:00.000Z' });
    expect(booking.history[0]?.actor).toBe('platform');

    const missing = h.workflow.bookings.request(platform, {
      mentorId: MENTOR,
      start: '2026-12-02T10:00:00Z',
      durationMinutes: 30,
      price: { amount: 0, currency: 'EUR' },
    });
    await expect(missing).rejects.toMatchObject({ status: 422, errors: [{ path: 'menteeId' }] });
  });

  it('refuses a mentee booking for someone else, and a mentor booking themself', async () => {
    const h = await harness();
    await expect(h.book({ menteeId: STRANGER })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(h.book({}, MENTOR)).rejects.toMatchObject({ status: 422, errors: [{ path: 'mentorId' }] });
  });

  it('lets only the platform attach the paymentRef that refunds are paid against', async () => {
    const h = await harness();
    const error = await h.book({ paymentRef: 'pi_someone_elses' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).message).toMatch(/paymentRef .*platform/);
    expect((await h.workflow.bookings.list(platform, {})).data).toEqual([]);

    const booking = await h.workflow.bookings.request(platform, {
      mentorId: MENTOR,
      menteeId: MENTEE,
      start: '2026-12-02T10:00:00Z',
      durationMinutes: 60,
      price: { amount: 5000, currency: 'USD' },
      paymentRef: 'pi_1',
    });
    expect(booking.paymentRef).toBe('pi_1');
  });

  it('refuses a paymentRef that already backs a booking, even a cancelled one', async () => {
    const h = await harness();
    const body = {
      mentorId: MENTOR,
      menteeId: MENTEE,
      start: '2026-12-02T10:00:00Z',
      durationMinutes: 60,
      price: { amount: 5000, currency: 'USD' },
      paymentRef: 'pi_1',
    };
    const first = await h.workflow.bookings.request(platform, body);
    const again = { ...body, start: '2026-12-02T12:00:00Z' };
    const expected = {
      status: 422,
      errors: [{ path: 'paymentRef', message: expect.stringContaining(`already backs booking ${first.id}`) }],
    };
    await expect(h.workflow.bookings.request(platform, again)).rejects.toMatchObject(expected);
    await h.workflow.bookings.cancel(as(MENTEE), first.id, { reason: 'booked twice' });
    await expect(h.workflow.bookings.request(platform, again)).rejects.toMatchObject(expected);
    expect((await h.workflow.bookings.list(platform, {})).data.map((b) => b.id)).toEqual([first.id]);
  });

  it('answers 404 for an unknown mentor', async () => {
    const h = await harness();
    await expect(h.book({ mentorId: 'usr_nobody' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a start in the past with a 422 on start', async () => {
    const h = await harness();
    const error = await h.book({ start: '2026-11-30T07:59:00Z' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      status: 422,
      errors: [{ path: 'start', message: expect.stringContaining('future') }],
    });
  });

  it('rejects malformed bodies with field errors', async () => {
    const h = await harness();
    const error = await h
      .book({ durationMinutes: 5, price: { amount: 1.5, currency: 'usd' } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors?.map((e) => e.path).sort()).toEqual([
      'durationMinutes',
      'price.amount',
      'price.currency',
    ]);
  });

  it('refuses a time that overlaps one of the mentor’s approved sessions', async () => {
    const h = await harness();
    const first = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), first.id);
    const error = await h.book({ start: '2026-12-02T10:30:00Z' }).catch((e) => e);
    expect(error).toBeInstanceOf(SlotConflictError);
    expect((error as SlotConflictError).conflicts).toEqual([
      { source: 'greenlight', start: first.start, end: first.end, bookingId: first.id },
    ]);
    // Back to back is fine, and so are other pending requests at the same time.
    await expect(h.book({ start: '2026-12-02T11:00:00Z' })).resolves.toMatchObject({ status: 'pending' });
  });
});

describe('request: availability in the mentor’s time zone', () => {
  async function withWindows(timezone: string) {
    const h = await harness({ mentorTimezone: timezone });
    await h.workflow.users.updateSettings(as(MENTOR), MENTOR, {
      availability: [
        { weekday: 1, start: '09:00', end: '17:00' },
        { weekday: 3, start: '09:00', end: '12:00' },
      ],
    });
    return h;
  }

  it('accepts a session inside a window, read in the mentor’s zone', async () => {
    const h = await withWindows('Europe/Berlin');
    // Wednesday 09:00–10:00 in Berlin (CET, UTC+1) is 08:00–09:00 UTC.
    await expect(h.book({ start: '2026-12-02T08:00:00Z' })).resolves.toMatchObject({ status: 'pending' });
  });

  it('refuses a session outside the windows with a message that states them', async () => {
    const h = await withWindows('Europe/Berlin');
    // 11:30–12:30 Berlin runs past the Wednesday window's 12:00.
    const error = await h.book({ start: '2026-12-02T10:30:00Z' }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 422, errors: [{ path: 'start' }] });
    const message = (error as ValidationError).errors?.[0]?.message ?? '';
    expect(message).toContain('Wed 2 Dec 2026, 11:30 CET (Europe/Berlin) is outside the mentor');
    expect(message).toContain('Mon 09:00–17:00, Wed 09:00–12:00 (Europe/Berlin)');
  });

  it('keeps windows on local wall-clock time across the spring DST change (New York, March 2027)', async () => {
    const h = await withWindows('America/New_York');
    h.clock.set('2027-03-01T00:00:00Z');
    // Clocks go forward on Sunday 14 March 2027: Monday 8 March is EST (UTC−5), Monday 15 March is EDT
    // (UTC−4), so the 09:00 opening is 14:00 UTC before the change and 13:00 UTC after it.
    await expect(h.book({ start: '2027-03-08T14:00:00Z' })).resolves.toMatchObject({ status: 'pending' });
    await expect(h.book({ start: '2027-03-15T13:00:00Z' })).resolves.toMatchObject({ status: 'pending' });
    // 13:00 UTC on 8 March is 08:00 EST: before the window opens.
    await expect(h.book({ start: '2027-03-08T13:00:00Z' })).rejects.toMatchObject({ status: 422 });
    // 16:00 EDT on 15 March (20:00 UTC) ends at 17:00 local: still inside.
    await expect(h.book({ start: '2027-03-15T20:00:00Z' })).resolves.toMatchObject({ status: 'pending' });
    await expect(h.book({ start: '2027-03-15T21:00:00Z' })).rejects.toMatchObject({ status: 422 });
  });

  it('uses the weekday of the mentor’s zone, not UTC’s (a Los Angeles Monday afternoon is Tuesday in UTC)', async () => {
    const h = await withWindows('America/Los_Angeles');
    // Monday 7 December 2026 16:00 PST is Tuesday 8 December 00:00 UTC.
    await expect(h.book({ start: '2026-12-08T00:00:00Z' })).resolves.toMatchObject({ status: 'pending' });
    // Tuesday 8 December 10:00 PST: the mentor has no Tuesday window.
    await expect(h.book({ start: '2026-12-08T18:00:00Z' })).rejects.toMatchObject({ status: 422 });
  });
});
