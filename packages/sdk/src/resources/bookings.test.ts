import { describe, expect, it } from 'vitest';
import { aBooking } from '../../test/fixtures';
import { BASE_URL, mockApi } from '../../test/mock-api';
import { Greenlight } from '../client';
import { ValidationError } from '../errors';

const api = mockApi();
const client = new Greenlight({ baseUrl: BASE_URL, apiKey: 'sk_test', maxRetries: 0 });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('bookings actions', () => {
  const cases = [
    ['approve', () => client.bookings.approve('bkg_1'), 'approve', {}],
    [
      'approve with force',
      () => client.bookings.approve('bkg_1', { force: true }),
      'approve',
      { force: true },
    ],
    [
      'reject',
      () =>
        client.bookings.reject('bkg_1', {
          reason: 'Schedule conflict that week',
          category: 'schedule_conflict',
        }),
      'reject',
      { reason: 'Schedule conflict that week', category: 'schedule_conflict' },
    ],
    [
      'suggest',
      () => client.bookings.suggest('bkg_1', { start: new Date('2026-12-11T09:00:00Z') }),
      'suggest',
      { start: '2026-12-11T09:00:00.000Z' },
    ],
    [
      'suggest with force',
      () => client.bookings.suggest('bkg_1', { start: '2026-12-11T09:00:00Z', force: true }),
      'suggest',
      { start: '2026-12-11T09:00:00Z', force: true },
    ],
    ['acceptProposal', () => client.bookings.acceptProposal('bkg_1'), 'accept-proposal', {}],
    ['declineProposal', () => client.bookings.declineProposal('bkg_1'), 'decline-proposal', {}],
    [
      'declineProposal with a reason',
      () => client.bookings.declineProposal('bkg_1', { reason: 'Too late for me' }),
      'decline-proposal',
      { reason: 'Too late for me' },
    ],
    [
      'counter',
      () => client.bookings.counter('bkg_1', { start: '2026-12-12T09:00:00+01:00' }),
      'counter',
      { start: '2026-12-12T09:00:00+01:00' },
    ],
    [
      'cancel',
      () => client.bookings.cancel('bkg_1', { reason: 'I am ill' }),
      'cancel',
      { reason: 'I am ill' },
    ],
    [
      'reportNoShow',
      () => client.bookings.reportNoShow('bkg_1', { absent: 'mentor', note: 'Nobody joined' }),
      'no-show',
      { absent: 'mentor', note: 'Nobody joined' },
    ],
  ] as const;

  it.each(cases)('%s POSTs its body with an idempotency key', async (_, call, action, body) => {
    api.json(aBooking({ status: 'approved' }));
    const booking = await call();
    expect(booking.status).toBe('approved');
    expect(api.last).toMatchObject({ method: 'POST', path: `/v1/bookings/bkg_1/${action}`, body });
    expect(api.last.headers.get('authorization')).toBe('Bearer sk_test');
    expect(api.last.headers.get('content-type')).toBe('application/json');
    expect(api.last.headers.get('idempotency-key')).toMatch(UUID);
  });

  it('gives each call its own idempotency key', async () => {
    api.json(aBooking());
    api.json(aBooking());
    await client.bookings.approve('bkg_1');
    await client.bookings.approve('bkg_1');
    const [first, second] = api.requests.map((r) => r.headers.get('idempotency-key'));
    expect(first).not.toBe(second);
  });

  it('sends the caller’s own idempotency key', async () => {
    api.json(aBooking());
    await client.bookings.approve('bkg_1', {}, { idempotencyKey: 'approve-bkg_1-by-slack' });
    expect(api.last.headers.get('idempotency-key')).toBe('approve-bkg_1-by-slack');
  });

  it('escapes ids so they stay one path segment', async () => {
    api.json(aBooking());
    await client.bookings.approve('../users/x');
    expect(api.last.path).toBe('/v1/bookings/..%2Fusers%2Fx/approve');
  });

  it('decideMany POSTs the decisions and returns each outcome, a refused one with its problem', async () => {
    const problem = {
      type: 'urn:greenlight:problem:invalid_transition',
      title: 'Invalid transition',
      status: 409,
      detail: 'cannot approve a booking that is rejected',
      code: 'invalid_transition' as const,
      currentStatus: 'rejected',
    };
    api.json({
      results: [
        { bookingId: 'bkg_1', ok: true, booking: aBooking({ status: 'approved' }) },
        { bookingId: 'bkg_2', ok: false, problem },
      ],
      succeeded: 1,
      failed: 1,
    });
    const outcome = await client.bookings.decideMany({
      decisions: [
        { bookingId: 'bkg_1', action: 'approve' },
        { bookingId: 'bkg_2', action: 'reject', reason: 'Schedule conflict that week' },
      ],
    });
    expect(outcome.results.map((r) => (r.ok ? r.booking.status : r.problem.code))).toEqual([
      'approved',
      'invalid_transition',
    ]);
    expect(api.last).toMatchObject({ method: 'POST', path: '/v1/bookings/batch-decisions' });
    expect(api.last.headers.get('idempotency-key')).toMatch(UUID);
  });

  it('decideMany refuses a bad decision before sending, naming it', async () => {
    const error = await client.bookings
      .decideMany({ decisions: [{ bookingId: 'bkg_1', action: 'reject', reason: 'no' }] })
      .catch((e: unknown) => e);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['decisions[0].reason']);
    expect(api.requests).toHaveLength(0);
  });

  it('refuses a no-show report without a note before sending', async () => {
    const error = await client.bookings.reportNoShow('bkg_1', { note: '  ' }).catch((e: unknown) => e);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['note']);
    expect(api.requests).toHaveLength(0);
  });

  it('refuses a one-word rejection reason before sending, with the server’s field error', async () => {
    const error = await client.bookings.reject('bkg_1', { reason: 'no' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      { path: 'reason', message: expect.stringContaining('a reason is required and is shown to the mentee') },
    ]);
    expect(api.requests).toHaveLength(0);
  });
});

describe('bookings', () => {
  it('create POSTs the booking with Dates as ISO strings', async () => {
    api.json(aBooking(), 201);
    const booking = await client.bookings.create({
      mentorId: 'usr_mentor',
      menteeId: 'usr_mentee',
      start: new Date('2026-12-10T15:00:00Z'),
      durationMinutes: 60,
      price: { amount: 5000, currency: 'USD' },
      message: 'Hi',
    });
    expect(booking.id).toBe('bkg_1');
    expect(api.last).toMatchObject({
      method: 'POST',
      path: '/v1/bookings',
      body: {
        mentorId: 'usr_mentor',
        menteeId: 'usr_mentee',
        start: '2026-12-10T15:00:00.000Z',
        durationMinutes: 60,
        price: { amount: 5000, currency: 'USD' },
        message: 'Hi',
      },
    });
    expect(api.last.headers.get('idempotency-key')).toMatch(UUID);
  });

  it('create reports every invalid field at once, with the contract’s paths', async () => {
    const error = await client.bookings
      .create({
        mentorId: 'usr_mentor',
        start: 'tomorrow',
        durationMinutes: 5,
        price: { amount: 10.5, currency: 'usd' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const { errors, status, code } = error as ValidationError;
    expect({ status, code }).toEqual({ status: 400, code: 'validation_failed' });
    expect(errors.map((e) => e.path).sort()).toEqual([
      'durationMinutes',
      'price.amount',
      'price.currency',
      'start',
    ]);
    expect(errors.find((e) => e.path === 'durationMinutes')?.message).toBe('must be from 15 to 480 minutes');
    expect(api.requests).toHaveLength(0);
  });

  it('create refuses unknown fields like the server does', async () => {
    const params = {
      mentorId: 'usr_mentor',
      start: '2026-12-10T15:00:00Z',
      durationMinutes: 60,
      price: { amount: 0, currency: 'USD' },
      mentor_id: 'oops',
    };
    const error = await client.bookings.create(params).catch((e: unknown) => e);
    expect((error as ValidationError).errors).toEqual([
      { path: '(body)', message: 'unknown field: mentor_id' },
    ]);
  });

  it('get GETs the booking with its review', async () => {
    const review = {
      startInMentorTimezone: '2026-12-10T16:00:00+01:00',
      endInMentorTimezone: '2026-12-10T17:00:00+01:00',
      mentorTimezone: 'Europe/Berlin',
      menteeTimezone: 'America/New_York',
      mentee: {
        id: 'usr_mentee',
        name: 'Max',
        photoUrl: null,
        history: {
          priorSessions: 2,
          totalSpend: { amount: 10000, currency: 'USD' },
          averageRatingGiven: 4.5,
          reviewsGiven: 2,
          noShowReports: 0,
          missedSessions: 0,
        },
      },
      redFlags: [],
      conflicts: [],
      calendars: [],
    };
    api.json({ ...aBooking(), review });
    const booking = await client.bookings.get('bkg_1');
    expect(booking.review?.mentorTimezone).toBe('Europe/Berlin');
    expect(api.last).toMatchObject({ method: 'GET', path: '/v1/bookings/bkg_1', body: undefined });
    expect(api.last.headers.get('idempotency-key')).toBeNull();
  });

  it('actionLinks GETs the recipient’s signed links with no idempotency key, checking the query first', async () => {
    const links = {
      bookingId: 'bkg_1',
      recipientId: 'usr_mentor',
      role: 'mentor',
      data: [
        { action: 'approve', url: 'https://greenlight.test/actions/a.b', expiresAt: '2026-12-10T15:00:00Z' },
      ],
    };
    api.json(links);
    expect(await client.bookings.actionLinks('bkg_1', { recipientId: 'usr_mentor' })).toEqual(links);
    expect(api.last).toMatchObject({
      method: 'GET',
      path: '/v1/bookings/bkg_1/action-links',
      body: undefined,
    });
    expect(api.last.query.get('recipientId')).toBe('usr_mentor');
    expect(api.last.headers.get('idempotency-key')).toBeNull();
    const error = await client.bookings.actionLinks('bkg_1', { recipientId: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['recipientId']);
    expect(api.requests).toHaveLength(1);
  });

  it('update PATCHes the metadata', async () => {
    api.json(aBooking({ metadata: { slackTs: '123.456' } }));
    const booking = await client.bookings.update('bkg_1', { metadata: { slackTs: '123.456', old: null } });
    expect(booking.metadata).toEqual({ slackTs: '123.456' });
    expect(api.last).toMatchObject({
      method: 'PATCH',
      path: '/v1/bookings/bkg_1',
      body: { metadata: { slackTs: '123.456', old: null } },
    });
    expect(api.last.headers.get('idempotency-key')).toMatch(UUID);
  });

  it('update sends expectedVersion, so the write is a compare-and-set', async () => {
    api.json(aBooking({ version: 4, metadata: { slackTs: '123.456' } }));
    await client.bookings.update('bkg_1', { metadata: { slackTs: '123.456' }, expectedVersion: 3 });
    expect(api.last).toMatchObject({
      method: 'PATCH',
      path: '/v1/bookings/bkg_1',
      body: { metadata: { slackTs: '123.456' }, expectedVersion: 3 },
    });
  });

  it('update refuses an expectedVersion that is not a version before sending it', async () => {
    for (const expectedVersion of [0, 2.5]) {
      const error = await client.bookings
        .update('bkg_1', { metadata: { a: 'b' }, expectedVersion })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['expectedVersion']);
    }
    expect(api.requests).toHaveLength(0);
  });

  it('list sends filters as query parameters, Dates as ISO', async () => {
    api.json({ data: [aBooking({ status: 'approved' })], nextCursor: null });
    const page = await client.bookings
      .list({ status: 'approved', role: 'mentor', from: new Date('2026-12-01T00:00:00Z'), limit: 50 })
      .firstPage();
    expect(page.data).toHaveLength(1);
    expect(api.last.method).toBe('GET');
    expect(api.last.path).toBe('/v1/bookings');
    expect(Object.fromEntries(api.last.query)).toEqual({
      status: 'approved',
      role: 'mentor',
      from: '2026-12-01T00:00:00.000Z',
      limit: '50',
    });
  });

  it('list asks for the people it expands once each and returns them on every booking', async () => {
    const mentee = { id: 'usr_mentee', name: 'Max Mentee', photoUrl: 'https://img.example.com/max.png' };
    const mentor = { id: 'usr_mentor', name: 'Ada Mentor', photoUrl: null };
    api.json({ data: [{ ...aBooking(), mentee, mentor }], nextCursor: 'c2' });
    api.json({ data: [{ ...aBooking({ id: 'bkg_2' }), mentee, mentor }], nextCursor: null });
    const bookings = await client.bookings
      .list({ status: 'pending', expand: ['mentee', 'mentor', 'mentee'] })
      .toArray();
    expect(bookings.map((b) => [b.mentee, b.mentor])).toEqual([
      [mentee, mentor],
      [mentee, mentor],
    ]);
    expect(api.requests.map((r) => r.query.get('expand'))).toEqual(['mentee,mentor', 'mentee,mentor']);
  });

  it('list sends no expand unless asked', async () => {
    api.json({ data: [aBooking()], nextCursor: null });
    await client.bookings.list({ expand: [] }).toArray();
    expect(api.last.query.has('expand')).toBe(false);
  });

  it('list refuses an expansion other than mentee and mentor before sending', async () => {
    // A caller without types (plain JavaScript) can still send anything.
    const expand = ['email'] as unknown as ['mentee'];
    const error = await client.bookings
      .list({ expand })
      .firstPage()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      { path: 'expand', message: expect.stringContaining('mentee,mentor') },
    ]);
    expect(api.requests).toHaveLength(0);
  });

  it('list walks every page lazily, following nextCursor', async () => {
    api.json({ data: [aBooking({ id: 'bkg_1' }), aBooking({ id: 'bkg_2' })], nextCursor: 'c2' });
    api.json({ data: [aBooking({ id: 'bkg_3' })], nextCursor: 'c3' });
    api.json({ data: [], nextCursor: null });
    const list = client.bookings.list({ status: 'pending', limit: 2 });
    expect(api.requests).toHaveLength(0);
    const ids: string[] = [];
    for await (const booking of list) ids.push(booking.id);
    expect(ids).toEqual(['bkg_1', 'bkg_2', 'bkg_3']);
    expect(api.requests.map((r) => r.query.get('cursor'))).toEqual([null, 'c2', 'c3']);
    expect(api.requests.every((r) => r.query.get('status') === 'pending')).toBe(true);
  });

  it('list toArray stops fetching once it has enough', async () => {
    api.json({ data: [aBooking({ id: 'bkg_1' }), aBooking({ id: 'bkg_2' })], nextCursor: 'c2' });
    api.json({ data: [aBooking({ id: 'bkg_3' }), aBooking({ id: 'bkg_4' })], nextCursor: 'c3' });
    const bookings = await client.bookings.list().toArray({ limit: 3 });
    expect(bookings.map((b) => b.id)).toEqual(['bkg_1', 'bkg_2', 'bkg_3']);
    expect(api.requests).toHaveLength(2);
  });

  it('list starts from a given cursor', async () => {
    api.json({ data: [], nextCursor: null });
    await client.bookings.list({ cursor: 'c9' }).toArray();
    expect(api.last.query.get('cursor')).toBe('c9');
  });

  it('list rejects a wrong filter before sending', async () => {
    const list = client.bookings.list({ limit: 500 });
    const error = await list.firstPage().catch((e: unknown) => e);
    expect((error as ValidationError).errors).toEqual([
      { path: 'limit', message: 'must be a whole number from 1 to 100' },
    ]);
    expect(api.requests).toHaveLength(0);
  });

  it('calendarIcs returns the calendar file as text', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';
    api.reply(() => new Response(ics, { headers: { 'content-type': 'text/calendar; charset=utf-8' } }));
    await expect(client.bookings.calendarIcs('bkg_1')).resolves.toBe(ics);
    expect(api.last).toMatchObject({ method: 'GET', path: '/v1/bookings/bkg_1/calendar.ics' });
    expect(api.last.headers.get('accept')).toBe('text/calendar');
  });
});
