import type { Booking } from '@greenlight/core/contract';
import { afterAll, describe, expect } from 'vitest';
import { localInputValue } from '../../src/actions/pages';
import { book, type Harness, hoursFromNow, localPeer, pair } from '../harness';
import { STORES, useHarness } from '../suite';
import {
  csrfOf,
  effectsOf,
  emailsOf,
  linkIn,
  open,
  sign,
  smtpEnv,
  startSmtpServer,
  stateOf,
  submit,
  textOf,
} from './fixtures';

const smtp = await startSmtpServer();
afterAll(() => smtp.close());

const HOUR = 3_600_000;

/** A calendar feed with one busy hour at `start`. */
function busyFeed(start: string) {
  const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace('.000', '');
  return localPeer(() => ({
    status: 200,
    headers: { 'content-type': 'text/calendar' },
    body: [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      'UID:busy@test',
      'DTSTAMP:20260101T000000Z',
      `DTSTART:${stamp(start)}`,
      `DTEND:${stamp(new Date(Date.parse(start) + HOUR).toISOString())}`,
      'SUMMARY:Board meeting',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  }));
}

async function current(h: Harness, id: string): Promise<Booking> {
  return (await h.call<Booking>('GET', `/v1/bookings/${id}`)).body;
}

async function emailOf(h: Harness, userId: string): Promise<string> {
  return (await h.call('GET', `/v1/users/${userId}`)).body.email;
}

describe.each(STORES)('email action forms (%s)', (kind) => {
  const { test } = useHarness(kind, { ...smtpEnv(smtp), GREENLIGHT_PUBLIC_URL: 'https://greenlight.test' });

  test('approve runs the API’s calendar check: a busy calendar offers “Approve anyway”, which is recorded as forced', async (h) => {
    const ids = await pair(h);
    const start = hoursFromNow(24 * 3);
    const feed = await busyFeed(start);
    try {
      await h.call(
        'PATCH',
        `/v1/users/${ids.mentorId}/settings`,
        { calendarFeedUrl: `${feed.url}/c.ics` },
        { as: ids.mentorId },
      );
      const booking = await book(h, ids, { start });
      await h.drain();
      const approve = linkIn(smtp, booking.id, 'booking_requested', 'Approve');

      const page = await open(h, approve);
      expect(page.status).toBe(200);
      expect(textOf(page)).toMatch(
        /Your calendar shows you busy at this time.*Busy in your iCal calendar \(Board meeting\)/,
      );
      expect(page.html).toContain('<input type="hidden" name="force" value="1">');
      expect(textOf(page)).toContain('Approve anyway');

      // Posted without force (the calendar filled up after the page was opened): the API's 409, as a page.
      const refused = await submit(h, approve, {}, csrfOf(page));
      expect(refused.status).toBe(409);
      expect(textOf(refused)).toMatch(/Board meeting/);
      expect((await current(h, booking.id)).status).toBe('pending');

      const done = await submit(h, approve, { force: '1' }, csrfOf(page));
      expect(done.status).toBe(200);
      const after = await current(h, booking.id);
      expect(after.status).toBe('approved');
      expect(after.history.at(-1)).toMatchObject({
        event: 'approved',
        channel: 'email',
        actor: ids.mentorId,
        force: true,
      });
    } finally {
      await feed.close();
    }
  });

  test('approve never double-books: another approved session at that time shows why, and no button', async (h) => {
    const ids = await pair(h);
    const start = hoursFromNow(24 * 3 + 1);
    const first = await book(h, ids, { start });
    const second = await book(h, { ...ids, menteeId: (await pair(h)).menteeId }, { start });
    await h.drain();
    const approve = linkIn(smtp, second.id, 'booking_requested', 'Approve');
    const csrf = csrfOf(await open(h, approve));
    expect((await h.call('POST', `/v1/bookings/${first.id}/approve`, {}, { as: ids.mentorId })).status).toBe(
      200,
    );
    const page = await open(h, approve);
    expect(page.status).toBe(200);
    expect(textOf(page)).toMatch(/You already have an approved session at this time/);
    expect(page.html).not.toContain('>Approve</button>');
    const refused = await submit(h, approve, {}, csrf);
    expect(refused.status).toBe(409);
    expect(textOf(refused)).toMatch(/You already have an approved session at this time/);
    expect((await current(h, second.id)).status).toBe('pending');
  });

  test('suggest: the time is read in the mentor’s zone; outside availability or in the past is refused on the field, the time kept', async (h) => {
    const ids = await pair(h);
    await h.call(
      'PATCH',
      `/v1/users/${ids.mentorId}/settings`,
      { availability: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })) },
      { as: ids.mentorId },
    );
    // A weekday, 10:00 in Berlin, a week ahead.
    let day = new Date(Date.now() + 7 * 24 * HOUR);
    while ([0, 6].includes(day.getUTCDay())) day = new Date(day.getTime() + 24 * HOUR);
    const date = day.toISOString().slice(0, 10);
    const booking = await book(h, ids, { start: `${date}T09:00:00+01:00` });
    await h.drain();
    const suggest = linkIn(smtp, booking.id, 'booking_requested', 'Suggest another time');
    const page = await open(h, suggest);
    expect(textOf(page)).toMatch(/You are available Mon 09:00–17:00, .* \(Europe\/Berlin\)/);

    const late = await submit(h, suggest, { start: `${date}T20:00` }, csrfOf(page));
    expect(late.status).toBe(422);
    expect(late.html).toContain(`value="${date}T20:00" aria-invalid="true"`);
    expect(textOf(late)).toMatch(/is outside the mentor's availability/);
    const past = await submit(h, suggest, { start: '2020-01-06T10:00' }, csrfOf(page));
    expect(past.status).toBe(422);
    expect(textOf(past)).toMatch(/Must be in the future/);
    const garbage = await submit(h, suggest, { start: 'tomorrow' }, csrfOf(page));
    expect([garbage.status, textOf(garbage)]).toEqual([
      422,
      expect.stringMatching(/Pick a date and a time\./),
    ]);
    expect((await current(h, booking.id)).status).toBe('pending');

    const done = await submit(h, suggest, { start: `${date}T14:30` }, csrfOf(page));
    expect(done.status).toBe(200);
    expect(textOf(done)).toMatch(/Suggestion sent/);
    const after = await current(h, booking.id);
    // 14:30 in Berlin is 13:30 UTC in winter, 12:30 in summer.
    expect(localInputValue(after.proposal!.start, 'Europe/Berlin')).toBe(`${date}T14:30`);
    expect(after.history.at(-1)).toMatchObject({
      event: 'alternative_suggested',
      channel: 'email',
      actor: ids.mentorId,
    });
  });

  test('the mentee answers from the suggestion email: counter in their own zone, and accept', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    await h.call(
      'POST',
      `/v1/bookings/${booking.id}/suggest`,
      { start: hoursFromNow(24 * 5) },
      { as: ids.mentorId },
    );
    await h.drain();
    const to = await emailOf(h, ids.menteeId);
    const counter = linkIn(smtp, booking.id, 'alternative_suggested', 'Propose another time', to);
    const page = await open(h, counter);
    expect(textOf(page)).toMatch(/in your time zone \(E[SD]T, America\/New_York\)/);
    const wanted = hoursFromNow(24 * 6);
    const done = await submit(
      h,
      counter,
      { start: localInputValue(wanted, 'America/New_York') },
      csrfOf(page),
    );
    expect(done.status).toBe(200);
    const countered = await current(h, booking.id);
    expect(countered).toMatchObject({ status: 'pending', start: wanted });
    expect(countered.history.at(-1)).toMatchObject({
      event: 'counter_proposed',
      channel: 'email',
      actor: ids.menteeId,
    });

    // A second suggestion, accepted from its email.
    const next = hoursFromNow(24 * 7);
    await h.call('POST', `/v1/bookings/${booking.id}/suggest`, { start: next }, { as: ids.mentorId });
    await h.drain();
    const accept = linkIn(smtp, booking.id, 'alternative_suggested', 'Accept this time', to);
    const accepted = await submit(h, accept);
    expect(accepted.status).toBe(200);
    expect(textOf(accepted)).toMatch(/Confirmed/);
    expect(await current(h, booking.id)).toMatchObject({ status: 'approved', start: next });
    await h.drain();
    expect(emailsOf(smtp, booking.id).filter((e) => e.kind === 'booking_approved')).toHaveLength(2);
  });

  test('decline from the email refunds once, with the note as the reason', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    await h.call(
      'POST',
      `/v1/bookings/${booking.id}/suggest`,
      { start: hoursFromNow(24 * 5) },
      { as: ids.mentorId },
    );
    await h.drain();
    const decline = linkIn(smtp, booking.id, 'alternative_suggested', 'Decline');
    const page = await open(h, decline);
    expect(textOf(page)).toMatch(/you are refunded \$50\.00 in full/);
    const csrf = csrfOf(page);
    const [a, b] = await Promise.all([
      submit(h, decline, { message: 'That week does not work for me' }, csrf),
      submit(h, decline, { message: 'That week does not work for me' }, csrf),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 410]);
    await h.drain();
    const after = await current(h, booking.id);
    expect(after.status).toBe('declined');
    expect(after.history.at(-1)).toMatchObject({
      reason: 'That week does not work for me',
      channel: 'email',
    });
    expect(await effectsOf(h, booking.id, 'refund')).toHaveLength(1);
    expect(after.refund).toMatchObject({ amount: 5000, status: 'succeeded' });
  });

  test('cancel from the confirmation: a reason is required, the refund follows the policy', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    await h.call('POST', `/v1/bookings/${booking.id}/approve`, {}, { as: ids.mentorId });
    await h.drain();
    const cancel = linkIn(
      smtp,
      booking.id,
      'booking_approved',
      'Cancel this session',
      await emailOf(h, ids.menteeId),
    );
    const page = await open(h, cancel);
    expect(page.status).toBe(200);
    expect(textOf(page)).toMatch(/You are refunded \$50\.00 in full\./);
    const empty = await submit(h, cancel, { reason: '   ' }, csrfOf(page));
    expect(empty.status).toBe(422);
    expect(textOf(empty)).toMatch(/A reason is required and is shown to the other side\./);
    const done = await submit(h, cancel, { reason: 'A family emergency, sorry' }, csrfOf(page));
    expect(done.status).toBe(200);
    await h.drain();
    const after = await current(h, booking.id);
    expect(after).toMatchObject({
      status: 'cancelled',
      cancellation: { by: 'mentee', reason: 'A family emergency, sorry' },
    });
    expect(await effectsOf(h, booking.id, 'refund')).toHaveLength(1);
    expect(emailsOf(smtp, booking.id).filter((e) => e.kind === 'booking_cancelled')).toHaveLength(1);
  });

  test('GET /v1/bookings/{id}/action-links gives the platform the recipient’s signed links, for the Slack fallback', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    const reply = await h.call('GET', `/v1/bookings/${booking.id}/action-links?recipientId=${ids.mentorId}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.body).toMatchObject({ bookingId: booking.id, recipientId: ids.mentorId, role: 'mentor' });
    expect(reply.body.data.map((l: { action: string }) => l.action)).toEqual([
      'approve',
      'reject',
      'suggest',
      'cancel',
    ]);
    for (const link of reply.body.data) {
      expect(link.url).toMatch(/^https:\/\/greenlight\.test\/actions\/[\w-]+\.[\w-]+$/);
      expect(Date.parse(link.expiresAt)).toBe(Date.parse(booking.start)); // the start comes before expiresAt
    }
    // The same links as the email's, for the same state.
    await h.drain();
    expect(reply.body.data[0].url).toBe(linkIn(smtp, booking.id, 'booking_requested', 'Approve'));
    const before = await stateOf(h, [booking.id], [ids.mentorId]);
    expect((await open(h, reply.body.data[0].url)).status).toBe(200);
    expect(await stateOf(h, [booking.id], [ids.mentorId])).toEqual(before);

    const mentee = await h.call('GET', `/v1/bookings/${booking.id}/action-links?recipientId=${ids.menteeId}`);
    expect(mentee.body.data.map((l: { action: string }) => l.action)).toEqual(['cancel']);
    const stranger = await h.call('GET', `/v1/bookings/${booking.id}/action-links?recipientId=usr_nobody`);
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors).toEqual([
      { path: 'recipientId', message: expect.stringContaining(ids.mentorId) },
    ]);
    const missing = await h.call('GET', `/v1/bookings/${booking.id}/action-links`);
    expect(missing.status).toBe(400);
    expect(
      (
        await h.call(
          'GET',
          `/v1/bookings/${booking.id}/action-links?recipientId=${ids.mentorId}`,
          undefined,
          { as: ids.mentorId },
        )
      ).status,
    ).toBe(403);
    const signed = await sign(h, {
      bookingId: booking.id,
      userId: ids.mentorId,
      action: 'approve',
      round: 1,
      expiresAt: new Date(booking.start),
    });
    expect(reply.body.data[0].url).toBe(`https://greenlight.test/actions/${signed}`);
  });
});
