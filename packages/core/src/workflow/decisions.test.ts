import { describe, expect, it } from 'vitest';
import { as, harness, MENTEE, MENTOR, NOW, OTHER_MENTEE, platform, STRANGER } from '../../test/harness';
import { ManualClock } from '../clock';
import {
  CalendarConflictError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  SlotConflictError,
  ValidationError,
  VersionConflictError,
} from '../errors';
import { InMemoryStore } from '../memory/in-memory-store';
import type {
  BookingStore,
  BusyTimeSource,
  BusyTimes,
  BusyTimesQuery,
  StoreTx,
  TransactionOptions,
} from '../ports';
import { createWorkflow } from './create-workflow';

const fixedCalendar = (answer: BusyTimes): BusyTimeSource & { asked: number } => {
  const source = {
    asked: 0,
    async busyTimes() {
      source.asked++;
      return answer;
    },
  };
  return source;
};

/** A calendar that records each window [from, to) it was asked about. */
const windowCalendar = (answer: BusyTimes): BusyTimeSource & { windows: [string, string][] } => {
  const source = {
    windows: [] as [string, string][],
    async busyTimes(query: BusyTimesQuery) {
      source.windows.push([query.from.toISOString(), query.to.toISOString()]);
      return answer;
    },
  };
  return source;
};

describe('approve', () => {
  it('approves at once: meeting effect, calendar links, in-app notices to both, booking.approved webhook', async () => {
    const h = await harness();
    await h.workflow.webhookEndpoints.create(platform, {
      url: 'https://hooks.example.test/gl',
      events: ['booking.approved'],
    });
    const pending = await h.book();
    h.clock.advance(90 * 60_000);
    const approved = await h.workflow.bookings.approve(as(MENTOR), pending.id);

    expect(approved).toMatchObject({
      status: 'approved',
      version: 2,
      decidedAt: '2026-11-30T09:30:00.000Z',
      meeting: { provider: 'jitsi', status: 'pending' },
    });
    expect(approved.history.at(-1)).toEqual({
      at: '2026-11-30T09:30:00.000Z',
      actor: MENTOR,
      event: 'approved',
      from: 'pending',
      to: 'approved',
    });
    expect(approved.calendarLinks?.google).toMatch(/^https:\/\/calendar\.google\.com\//);
    expect(approved.calendarLinks?.google).toContain('20261202T100000Z/20261202T110000Z');
    expect(approved.calendarLinks?.yahoo).toContain('calendar.yahoo.com');
    expect(approved.calendarLinks?.ics).toBe(`/v1/bookings/${pending.id}/calendar.ics`);

    const meetings = await h.effects({ kind: 'create_meeting' });
    expect(meetings.map((e) => [e.payload, e.idempotencyKey])).toEqual([
      [{ kind: 'create_meeting', bookingId: pending.id }, `create_meeting:${pending.id}`],
    ]);
    expect((await h.notificationsOf(MENTEE)).map((n) => n.kind)).toEqual(['booking_approved']);
    expect((await h.notificationsOf(MENTOR)).map((n) => n.kind)).toEqual([
      'booking_approved',
      'booking_requested',
    ]);
    const hooks = await h.effects({ kind: 'deliver_webhook' });
    expect(hooks.map((e) => e.payload.kind === 'deliver_webhook' && e.payload.event.type)).toEqual([
      'booking.approved',
    ]);
    // The approval emails wait for the meeting link.
    expect(
      (await h.effects({ kind: 'send_email' })).map(
        (e) => e.payload.kind === 'send_email' && e.payload.notification,
      ),
    ).toEqual(['booking_requested']);
  });

  it('shows the session in the mentor’s upcoming sessions', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), pending.id);
    const upcoming = await h.workflow.bookings.list(as(MENTOR), {
      status: 'approved',
      from: NOW,
      role: 'mentor',
    });
    expect(upcoming.data.map((b) => b.id)).toEqual([pending.id]);
  });

  it('refuses a second session overlapping an approved one, even with force', async () => {
    const h = await harness();
    const a = await h.book();
    const b = await h.book({ start: '2026-12-02T10:30:00Z' }, OTHER_MENTEE);
    await h.workflow.bookings.approve(as(MENTOR), a.id);
    await expect(h.workflow.bookings.approve(as(MENTOR), b.id, { force: true })).rejects.toBeInstanceOf(
      SlotConflictError,
    );
    expect((await h.workflow.bookings.get(as(MENTOR), b.id)).status).toBe('pending');
  });

  it('refuses on an external calendar conflict unless forced, and says which', async () => {
    const calendar = fixedCalendar({
      source: 'ical',
      status: 'ok',
      busy: [
        {
          start: new Date('2026-12-02T09:30:00Z'),
          end: new Date('2026-12-02T10:15:00Z'),
          summary: 'Dentist',
        },
        { start: new Date('2026-12-02T12:00:00Z'), end: new Date('2026-12-02T13:00:00Z') },
      ],
    });
    const h = await harness({ busyTimes: [calendar] });
    const pending = await h.book();
    const error = await h.workflow.bookings.approve(as(MENTOR), pending.id).catch((e) => e);
    expect(error).toBeInstanceOf(CalendarConflictError);
    expect((error as CalendarConflictError).conflicts).toEqual([
      {
        source: 'ical',
        start: '2026-12-02T09:30:00.000Z',
        end: '2026-12-02T10:15:00.000Z',
        summary: 'Dentist',
      },
    ]);
    const forced = await h.workflow.bookings.approve(as(MENTOR), pending.id, { force: true });
    expect(forced.status).toBe('approved');
    expect(forced.history.at(-1)).toMatchObject({ event: 'approved', force: true });
  });

  it('treats a calendar that cannot be read as a conflict, never as free', async () => {
    const unknown = fixedCalendar({ source: 'google', status: 'unknown', busy: [], detail: 'token expired' });
    const failing: BusyTimeSource = {
      busyTimes: () => Promise.reject(new Error('ECONNREFUSED')),
    };
    const h = await harness({ busyTimes: [unknown, failing] });
    const pending = await h.book();
    const error = await h.workflow.bookings.approve(as(MENTOR), pending.id).catch((e) => e);
    expect(error).toBeInstanceOf(CalendarConflictError);
    expect((error as CalendarConflictError).conflicts.map((c) => [c.source, c.summary])).toEqual([
      ['google', 'calendar could not be read: token expired'],
      ['calendar 2', 'calendar could not be read: ECONNREFUSED'],
    ]);
  });

  it('refuses to confirm a time that has already passed', async () => {
    const h = await harness();
    const pending = await h.book({ start: '2026-11-30T12:00:00Z' });
    const suggested = await h.book({ start: '2026-12-04T12:00:00Z' });
    await h.workflow.bookings.suggest(as(MENTOR), suggested.id, { start: '2026-11-30T13:00:00Z' });
    h.clock.set('2026-11-30T13:00:00Z');
    await expect(h.workflow.bookings.approve(as(MENTOR), pending.id)).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'start', message: expect.stringContaining('has passed') }],
    });
    await expect(h.workflow.bookings.acceptProposal(as(MENTEE), suggested.id)).rejects.toMatchObject({
      status: 422,
    });
  });

  it('does not ask the calendars when the booking cannot be approved anyway', async () => {
    const calendar = fixedCalendar({ source: 'ical', status: 'ok', busy: [] });
    const h = await harness({ busyTimes: [calendar] });
    const pending = await h.book();
    await h.workflow.bookings.reject(as(MENTOR), pending.id, { reason: 'Schedule conflict that day' });
    await expect(h.workflow.bookings.approve(as(MENTOR), pending.id)).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    expect(calendar.asked).toBe(0);
  });

  it('auto-approves for mentors who enabled it, history showing both steps', async () => {
    const h = await harness();
    await h.workflow.users.updateSettings(as(MENTOR), MENTOR, { autoApprove: true });
    const booking = await h.book();
    expect(booking).toMatchObject({
      status: 'approved',
      decidedAt: NOW,
      meeting: { status: 'pending' },
      version: 1,
    });
    expect(booking.history.map((e) => [e.event, e.from, e.to, e.rule])).toEqual([
      ['requested', undefined, 'pending', undefined],
      ['auto_approved', 'pending', 'approved', { id: 'every_booking', name: 'Every booking' }],
    ]);
    expect(await h.effects({ kind: 'create_meeting' })).toHaveLength(1);
    // …and can switch it off again.
    await h.workflow.users.updateSettings(as(MENTOR), MENTOR, { autoApprove: false });
    expect((await h.book({ start: '2026-12-03T10:00:00Z' })).status).toBe('pending');
  });

  it('leaves an auto-approve booking pending when the mentor’s calendar is busy then', async () => {
    const calendar = fixedCalendar({
      source: 'ical',
      status: 'ok',
      busy: [{ start: new Date('2026-12-02T10:00:00Z'), end: new Date('2026-12-02T11:00:00Z') }],
    });
    const h = await harness({ busyTimes: [calendar] });
    await h.workflow.users.updateSettings(as(MENTOR), MENTOR, { autoApprove: true });
    expect((await h.book()).status).toBe('pending');
    expect((await h.book({ start: '2026-12-03T10:00:00Z' })).status).toBe('approved');
  });
});

/** The in-memory store, logging each transaction: its `lockMentorId`, and the mentors it locked from inside. */
function loggingStore(options: { lockInside: boolean }) {
  const inner = new InMemoryStore({ clock: new ManualClock(NOW) });
  const log: Array<{ lockMentorId: string | undefined; lockedInside: string[] }> = [];
  const settingsRead: string[] = [];
  let open = 0;
  const store: BookingStore = {
    transaction<T>(fn: (tx: StoreTx) => Promise<T>, txOptions?: TransactionOptions) {
      return inner.transaction(async (tx) => {
        const entry = { lockMentorId: txOptions?.lockMentorId, lockedInside: [] as string[] };
        log.push(entry);
        const logged: StoreTx = Object.create(tx);
        logged.getSettings = (userId) => {
          settingsRead.push(userId);
          return tx.getSettings(userId);
        };
        logged.lockMentor = options.lockInside
          ? async (mentorId) => {
              entry.lockedInside.push(mentorId);
              return tx.lockMentor!(mentorId);
            }
          : undefined;
        open++;
        try {
          return await fn(logged);
        } finally {
          open--;
        }
      }, txOptions);
    },
    close: () => inner.close(),
  };
  return { store, log, settingsRead, open: () => open };
}

describe('approving: transactions and locks', () => {
  /** A workflow over `loggingStore` with the mentor and mentee, one pending booking, and an empty log. */
  async function setup(busyTimes: BusyTimeSource[], lockInside = true) {
    const logged = loggingStore({ lockInside });
    const workflow = createWorkflow({ store: logged.store, clock: new ManualClock(NOW), busyTimes });
    for (const [id, timezone] of [
      [MENTOR, 'Europe/Berlin'],
      [MENTEE, 'America/New_York'],
    ] as const) {
      await workflow.users.put(platform, id, { name: id, email: `${id}@example.test`, timezone });
    }
    const booking = await workflow.bookings.request(as(MENTEE), {
      mentorId: MENTOR,
      start: '2026-12-02T10:00:00Z',
      durationMinutes: 60,
      price: { amount: 5000, currency: 'USD' },
    });
    logged.log.length = 0;
    logged.settingsRead.length = 0;
    return { ...logged, workflow, booking };
  }

  /** A free calendar that says whether it applies, and counts the times it was asked while a transaction was open. */
  const calendar = (applies: boolean | undefined, open: () => number) => {
    const source = {
      asked: 0,
      askedInTransaction: 0,
      async busyTimes(): Promise<BusyTimes> {
        source.asked++;
        if (open() > 0) source.askedInTransaction++;
        return { source: 'ical', status: 'ok', busy: [] };
      },
      ...(applies === undefined ? {} : { appliesTo: () => applies }),
    };
    return source;
  };

  it('decides in one transaction, locking the mentor inside it, when no calendar has anything to read', async () => {
    let open = () => 0;
    const idle = calendar(false, () => open());
    const h = await setup([idle]);
    open = h.open;
    expect((await h.workflow.bookings.approve(as(MENTOR), h.booking.id)).status).toBe('approved');
    expect(h.log).toEqual([{ lockMentorId: undefined, lockedInside: [MENTOR] }]);
    expect(idle.asked).toBe(0);
  });

  it('asks a calendar that applies, or cannot tell, between two transactions, the second locked from its start', async () => {
    for (const applies of [true, undefined]) {
      let open = () => 0;
      const feed = calendar(applies, () => open());
      const h = await setup([feed]);
      open = h.open;
      expect((await h.workflow.bookings.approve(as(MENTOR), h.booking.id)).status).toBe('approved');
      expect(h.log).toEqual([
        { lockMentorId: undefined, lockedInside: [] },
        { lockMentorId: MENTOR, lockedInside: [] },
      ]);
      expect([feed.asked, feed.askedInTransaction]).toEqual([1, 0]);
    }
  });

  it('reads the mentor’s settings only for calendars to ask: none without any calendar source', async () => {
    const without = await setup([]);
    await without.workflow.bookings.approve(as(MENTOR), without.booking.id);
    expect(without.settingsRead).toEqual([]);
    const idle = await setup([calendar(false, () => 0)]);
    await idle.workflow.bookings.approve(as(MENTOR), idle.booking.id);
    expect(idle.settingsRead).toEqual([MENTOR]);
  });

  it('takes two transactions, locked by lockMentorId, on a store that cannot lock from inside one', async () => {
    const h = await setup([], false);
    expect((await h.workflow.bookings.approve(as(MENTOR), h.booking.id)).status).toBe('approved');
    expect(h.log).toEqual([
      { lockMentorId: undefined, lockedInside: [] },
      { lockMentorId: MENTOR, lockedInside: [] },
    ]);
  });

  it('accepts a suggested time in one transaction whatever the calendars, which accepting never asks', async () => {
    let open = () => 0;
    const feed = calendar(true, () => open());
    const h = await setup([feed]);
    open = h.open;
    await h.workflow.bookings.suggest(as(MENTOR), h.booking.id, {
      start: '2026-12-03T10:00:00Z',
      force: true,
    });
    feed.asked = 0;
    h.log.length = 0;
    expect((await h.workflow.bookings.acceptProposal(as(MENTEE), h.booking.id)).status).toBe('approved');
    expect(h.log).toEqual([{ lockMentorId: undefined, lockedInside: [MENTOR] }]);
    expect(feed.asked).toBe(0);
  });
});

describe('reject', () => {
  it('requires a real reason and lists the common ones', async () => {
    const h = await harness();
    const pending = await h.book();
    // Empty, blank, a bare "no", a dismissive word, and any single word.
    for (const reason of ['', '   \n\t', 'no', 'No.', 'busy', 'Unavailable']) {
      const error = await h.workflow.bookings.reject(as(MENTOR), pending.id, { reason }).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ status: 422, errors: [{ path: 'reason' }] });
      expect((error as ValidationError).errors?.[0]?.message).toContain('Schedule conflict');
      expect((error as ValidationError).errors?.[0]?.message).toContain('Outside my expertise');
    }
    expect((await h.workflow.bookings.get(as(MENTOR), pending.id)).status).toBe('pending');
  });

  it('rejects with the reason shown to the mentee, refunds in full at once, and counts as a decision', async () => {
    const h = await harness();
    await h.workflow.webhookEndpoints.create(platform, {
      url: 'https://hooks.example.test/gl',
      events: ['booking.rejected', 'booking.approved'],
    });
    const pending = await h.book();
    const rejected = await h.workflow.bookings.reject(as(MENTOR), pending.id, {
      reason: 'This is outside my expertise, sorry',
    });
    expect(rejected).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'This is outside my expertise, sorry', category: 'other' },
      refund: { status: 'pending', amount: 5000, currency: 'USD' },
      decidedAt: NOW,
    });
    const [refund] = await h.effects({ kind: 'refund' });
    expect(refund).toMatchObject({
      idempotencyKey: `refund:${pending.id}`,
      payload: { kind: 'refund', bookingId: pending.id, amount: { amount: 5000, currency: 'USD' } },
    });
    const [notice] = await h.notificationsOf(MENTEE);
    expect(notice).toMatchObject({ kind: 'booking_rejected' });
    expect(notice?.body).toContain('This is outside my expertise, sorry');
    const emails = await h.effects({ kind: 'send_email' });
    expect(
      emails.map((e) => e.payload.kind === 'send_email' && [e.payload.notification, e.payload.role]),
    ).toContainEqual(['booking_rejected', 'mentee']);
    const hooks = await h.effects({ kind: 'deliver_webhook' });
    expect(hooks.map((e) => e.payload.kind === 'deliver_webhook' && e.payload.event.type)).toEqual([
      'booking.rejected',
    ]);
    const stats = await h.workflow.users.mentorStats(as(MENTEE), MENTOR);
    expect(stats).toMatchObject({ decided: 1, approvalRate: 0 });
  });

  it('keeps the category when given, and refunds nothing for a free session', async () => {
    const h = await harness();
    const pending = await h.book({ price: { amount: 0, currency: 'USD' } });
    const rejected = await h.workflow.bookings.reject(as(MENTOR), pending.id, {
      reason: 'Time-zone mismatch for both of us',
      category: 'timezone_mismatch',
    });
    expect(rejected.rejection).toEqual({
      reason: 'Time-zone mismatch for both of us',
      category: 'timezone_mismatch',
    });
    expect(rejected.refund).toBeNull();
    expect(await h.effects({ kind: 'refund' })).toEqual([]);
  });
});

describe('suggest, accept, decline, counter', () => {
  it('runs rounds until the mentee accepts, keeping each round in the history', async () => {
    const h = await harness();
    const pending = await h.book();
    const suggested = await h.workflow.bookings.suggest(as(MENTOR), pending.id, {
      start: '2026-12-03T15:00:00+01:00',
    });
    expect(suggested).toMatchObject({
      status: 'alternative_suggested',
      start: pending.start,
      proposal: {
        start: '2026-12-03T14:00:00.000Z',
        end: '2026-12-03T15:00:00.000Z',
        by: 'mentor',
        createdAt: NOW,
      },
    });
    expect((await h.notificationsOf(MENTEE)).map((n) => n.kind)).toEqual(['alternative_suggested']);

    h.clock.advance(3_600_000);
    const countered = await h.workflow.bookings.counter(as(MENTEE), pending.id, {
      start: '2026-12-04T16:00:00Z',
    });
    expect(countered).toMatchObject({
      status: 'pending',
      start: '2026-12-04T16:00:00.000Z',
      end: '2026-12-04T17:00:00.000Z',
      proposal: null,
      respondBy: '2026-12-01T09:00:00.000Z',
    });
    expect((await h.notificationsOf(MENTOR)).map((n) => n.kind)).toContain('counter_proposed');

    await h.workflow.bookings.suggest(as(MENTOR), pending.id, { start: '2026-12-05T10:00:00Z' });
    const revised = await h.workflow.bookings.suggest(as(MENTOR), pending.id, {
      start: '2026-12-05T11:00:00Z',
    });
    expect(revised.proposal?.start).toBe('2026-12-05T11:00:00.000Z');
    const accepted = await h.workflow.bookings.acceptProposal(as(MENTEE), pending.id);
    expect(accepted).toMatchObject({
      status: 'approved',
      start: '2026-12-05T11:00:00.000Z',
      end: '2026-12-05T12:00:00.000Z',
      proposal: null,
      meeting: { status: 'pending' },
    });
    expect(accepted.calendarLinks?.google).toContain('20261205T110000Z/20261205T120000Z');
    // The same effects as an approval: both sides told in-app, the meeting on its way.
    expect((await h.notificationsOf(MENTEE)).map((n) => n.kind)[0]).toBe('booking_approved');
    expect((await h.notificationsOf(MENTOR)).map((n) => n.kind)[0]).toBe('booking_approved');
    expect(accepted.history.map((e) => [e.event, e.actor, e.start ?? null])).toEqual([
      ['requested', MENTEE, null],
      ['alternative_suggested', MENTOR, '2026-12-03T14:00:00.000Z'],
      ['counter_proposed', MENTEE, '2026-12-04T16:00:00.000Z'],
      ['alternative_suggested', MENTOR, '2026-12-05T10:00:00.000Z'],
      ['alternative_suggested', MENTOR, '2026-12-05T11:00:00.000Z'],
      ['proposal_accepted', MENTEE, null],
    ]);
    expect(await h.effects({ kind: 'create_meeting' })).toHaveLength(1);
  });

  it('declining the suggestion closes the booking and refunds it', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.suggest(as(MENTOR), pending.id, { start: '2026-12-03T10:00:00Z' });
    const declined = await h.workflow.bookings.declineProposal(as(MENTEE), pending.id, {
      reason: 'Cannot that day',
    });
    expect(declined).toMatchObject({ status: 'declined', proposal: null, refund: { amount: 5000 } });
    expect(declined.history.at(-1)).toMatchObject({ event: 'proposal_declined', reason: 'Cannot that day' });
    expect(await h.effects({ kind: 'refund' })).toHaveLength(1);
    expect((await h.notificationsOf(MENTOR)).map((n) => n.kind)).toContain('proposal_declined');
  });

  it('checks suggested and countered times like requested ones', async () => {
    const h = await harness();
    await h.workflow.users.updateSettings(as(MENTOR), MENTOR, {
      availability: [{ weekday: 4, start: '09:00', end: '17:00' }],
    });
    const taken = await h.book({ start: '2026-12-03T09:00:00Z' }, OTHER_MENTEE);
    await h.workflow.bookings.approve(as(MENTOR), taken.id);
    const pending = await h.book({ start: '2026-12-03T12:00:00Z' });
    const suggest = (start: string) => h.workflow.bookings.suggest(as(MENTOR), pending.id, { start });
    await expect(suggest('2026-11-26T10:00:00Z')).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'start' }],
    });
    await expect(suggest('2026-12-04T10:00:00Z')).rejects.toMatchObject({
      status: 422,
      errors: [{ path: 'start' }],
    });
    await expect(suggest('2026-12-03T09:30:00Z')).rejects.toBeInstanceOf(SlotConflictError);
    await suggest('2026-12-03T13:00:00Z');
    const counter = (start: string) => h.workflow.bookings.counter(as(MENTEE), pending.id, { start });
    await expect(counter('2026-12-03T08:30:00Z')).rejects.toBeInstanceOf(SlotConflictError);
    await expect(counter('2026-12-03T20:00:00Z')).rejects.toMatchObject({ status: 422 });
  });

  it('confirms on acceptance whatever the mentor’s calendar says: the mentor picked that time', async () => {
    const calendar = fixedCalendar({
      source: 'google',
      status: 'unknown',
      busy: [],
      detail: 'token expired',
    });
    const h = await harness({ busyTimes: [calendar] });
    const pending = await h.book();
    await h.workflow.bookings.suggest(as(MENTOR), pending.id, { start: '2026-12-03T10:00:00Z', force: true });
    const asked = calendar.asked;
    const accepted = await h.workflow.bookings.acceptProposal(as(MENTEE), pending.id);
    expect(accepted.status).toBe('approved');
    expect(calendar.asked).toBe(asked);
  });

  it('refuses a suggested time the mentor’s calendar shows busy unless forced, and says which', async () => {
    const calendar = windowCalendar({
      source: 'ical',
      status: 'ok',
      busy: [
        {
          start: new Date('2026-12-03T09:30:00Z'),
          end: new Date('2026-12-03T10:15:00Z'),
          summary: 'Dentist',
        },
        { start: new Date('2026-12-03T14:00:00Z'), end: new Date('2026-12-03T15:00:00Z') },
      ],
    });
    const h = await harness({ busyTimes: [calendar] });
    const pending = await h.book();
    const error = await h.workflow.bookings
      .suggest(as(MENTOR), pending.id, { start: '2026-12-03T10:00:00Z' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(CalendarConflictError);
    expect(error).toMatchObject({ status: 409, code: 'calendar_conflict' });
    expect((error as CalendarConflictError).message).toContain('suggest with force: true');
    expect((error as CalendarConflictError).conflicts).toEqual([
      {
        source: 'ical',
        start: '2026-12-03T09:30:00.000Z',
        end: '2026-12-03T10:15:00.000Z',
        summary: 'Dentist',
      },
    ]);
    // The calendar was asked about the suggested hour, and nothing changed.
    expect(calendar.windows).toEqual([['2026-12-03T10:00:00.000Z', '2026-12-03T11:00:00.000Z']]);
    expect(await h.workflow.bookings.get(as(MENTOR), pending.id)).toMatchObject({
      status: 'pending',
      proposal: null,
      version: pending.version,
    });

    const forced = await h.workflow.bookings.suggest(as(MENTOR), pending.id, {
      start: '2026-12-03T10:00:00Z',
      force: true,
    });
    expect(forced).toMatchObject({
      status: 'alternative_suggested',
      proposal: { start: '2026-12-03T10:00:00.000Z', end: '2026-12-03T11:00:00.000Z' },
    });
    expect(forced.history.at(-1)).toMatchObject({ event: 'alternative_suggested', force: true });

    // The mentee's counter-proposal is not checked against the mentor's calendar: approving it will be.
    const asked = calendar.windows.length;
    const countered = await h.workflow.bookings.counter(as(MENTEE), pending.id, {
      start: '2026-12-03T14:00:00Z',
    });
    expect(countered.status).toBe('pending');
    expect(calendar.windows).toHaveLength(asked);
    await expect(h.workflow.bookings.approve(as(MENTOR), pending.id)).rejects.toBeInstanceOf(
      CalendarConflictError,
    );
  });

  it('treats a calendar that cannot be read as busy when suggesting', async () => {
    const unknown = fixedCalendar({ source: 'google', status: 'unknown', busy: [], detail: 'token expired' });
    const failing: BusyTimeSource = { busyTimes: () => Promise.reject(new Error('ECONNREFUSED')) };
    const h = await harness({ busyTimes: [unknown, failing] });
    const pending = await h.book();
    const error = await h.workflow.bookings
      .suggest(as(MENTOR), pending.id, { start: '2026-12-03T10:00:00Z' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(CalendarConflictError);
    expect((error as CalendarConflictError).conflicts.map((c) => [c.source, c.start, c.summary])).toEqual([
      ['google', '2026-12-03T10:00:00.000Z', 'calendar could not be read: token expired'],
      ['calendar 2', '2026-12-03T10:00:00.000Z', 'calendar could not be read: ECONNREFUSED'],
    ]);
    expect((await h.workflow.bookings.get(as(MENTOR), pending.id)).status).toBe('pending');
  });

  it('suggests a time the calendar shows free, without force in the history', async () => {
    // Busy at the requested time, free at the suggested one.
    const calendar = windowCalendar({
      source: 'ical',
      status: 'ok',
      busy: [{ start: new Date('2026-12-02T10:00:00Z'), end: new Date('2026-12-02T11:00:00Z') }],
    });
    const h = await harness({ busyTimes: [calendar] });
    const pending = await h.book();
    const suggested = await h.workflow.bookings.suggest(as(MENTOR), pending.id, {
      start: '2026-12-03T10:00:00Z',
    });
    expect(suggested.status).toBe('alternative_suggested');
    expect(suggested.history.at(-1)?.force).toBeUndefined();
    expect(calendar.windows).toEqual([['2026-12-03T10:00:00.000Z', '2026-12-03T11:00:00.000Z']]);
  });

  it('does not ask the calendars about a suggestion that would be refused anyway', async () => {
    const calendar = windowCalendar({ source: 'ical', status: 'ok', busy: [] });
    const h = await harness({ busyTimes: [calendar] });
    const pending = await h.book();
    await expect(
      h.workflow.bookings.suggest(as(MENTOR), pending.id, { start: '2026-11-29T10:00:00Z' }),
    ).rejects.toMatchObject({ status: 422, errors: [{ path: 'start' }] });
    await expect(
      h.workflow.bookings.suggest(as(MENTEE), pending.id, { start: '2026-12-03T10:00:00Z' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await h.workflow.bookings.reject(as(MENTOR), pending.id, { reason: 'Schedule conflict that day' });
    await expect(
      h.workflow.bookings.suggest(as(MENTOR), pending.id, { start: '2026-12-03T10:00:00Z' }),
    ).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(calendar.windows).toEqual([]);
    // …while a suggestion that can be made is checked.
    const other = await h.book({ start: '2026-12-04T10:00:00Z' });
    await h.workflow.bookings.suggest(as(MENTOR), other.id, { start: '2026-12-03T10:00:00Z' });
    expect(calendar.windows).toEqual([['2026-12-03T10:00:00.000Z', '2026-12-03T11:00:00.000Z']]);
  });

  it('refuses with a version conflict when the booking changed while the calendars were read', async () => {
    let duringRead: (() => Promise<unknown>) | null = null;
    const calendar: BusyTimeSource = {
      async busyTimes() {
        const act = duringRead;
        duringRead = null;
        await act?.();
        return { source: 'ical', status: 'ok', busy: [] };
      },
    };
    const h = await harness({ busyTimes: [calendar] });
    const pending = await h.book();
    await h.workflow.bookings.suggest(as(MENTOR), pending.id, { start: '2026-12-03T10:00:00Z' });
    // The mentee proposes another time while the mentor's calendar is being read for a new suggestion.
    duringRead = () => h.workflow.bookings.counter(as(MENTEE), pending.id, { start: '2026-12-04T10:00:00Z' });
    const error = await h.workflow.bookings
      .suggest(as(MENTOR), pending.id, { start: '2026-12-03T12:00:00Z' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ status: 409, code: 'version_conflict' });
    const current = await h.workflow.bookings.get(as(MENTOR), pending.id);
    expect(current).toMatchObject({ status: 'pending', start: '2026-12-04T10:00:00.000Z', proposal: null });
  });

  it("still suggests when only the booking's metadata changed while the calendars were read", async () => {
    let duringRead: (() => Promise<unknown>) | null = null;
    const calendar: BusyTimeSource = {
      async busyTimes() {
        const act = duringRead;
        duringRead = null;
        await act?.();
        return { source: 'ical', status: 'ok', busy: [] };
      },
    };
    const h = await harness({ busyTimes: [calendar] });
    const pending = await h.book();
    // An integration (the Slack bot recording its card) writes metadata meanwhile.
    duringRead = () =>
      h.workflow.bookings.updateMetadata(platform, pending.id, { metadata: { card: 'C1/1.2' } });
    const suggested = await h.workflow.bookings.suggest(as(MENTOR), pending.id, {
      start: '2026-12-03T12:00:00Z',
    });
    expect(suggested).toMatchObject({
      status: 'alternative_suggested',
      proposal: { start: '2026-12-03T12:00:00.000Z' },
      metadata: { card: 'C1/1.2' },
    });
  });

  it('accepting refuses an overlap with an approved session, like approving', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.suggest(as(MENTOR), pending.id, { start: '2026-12-03T10:00:00Z' });
    const other = await h.book({ start: '2026-12-03T10:30:00Z' }, OTHER_MENTEE);
    await h.workflow.bookings.approve(as(MENTOR), other.id);
    await expect(h.workflow.bookings.acceptProposal(as(MENTEE), pending.id)).rejects.toBeInstanceOf(
      SlotConflictError,
    );
  });
});

describe('cancel', () => {
  it('needs a reason', async () => {
    const h = await harness();
    const pending = await h.book();
    await expect(h.workflow.bookings.cancel(as(MENTEE), pending.id, { reason: '  ' })).rejects.toMatchObject({
      errors: [{ path: 'reason' }],
    });
  });

  it('a mentee withdrawing a pending request gets everything back; the mentor is told', async () => {
    const h = await harness();
    const pending = await h.book();
    const cancelled = await h.workflow.bookings.cancel(as(MENTEE), pending.id, {
      reason: 'Found the answer myself',
    });
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancellation: { by: 'mentee', reason: 'Found the answer myself', at: NOW },
      refund: { amount: 5000 },
    });
    expect((await h.notificationsOf(MENTOR)).map((n) => n.kind)).toContain('booking_cancelled');
    expect(await h.notificationsOf(MENTEE)).toEqual([]);
  });

  it('follows the policy for approved sessions: mentor → full, mentee early → full, mentee late → half', async () => {
    const h = await harness();
    const ids = [];
    for (const start of ['2026-12-02T10:00:00Z', '2026-12-03T10:00:00Z', '2026-12-04T10:00:00Z']) {
      const b = await h.book({ start });
      await h.workflow.bookings.approve(as(MENTOR), b.id);
      ids.push(b.id);
    }
    const [a, b, c] = ids as [string, string, string];
    const byMentor = await h.workflow.bookings.cancel(as(MENTOR), a, { reason: 'I am ill, so sorry' });
    expect(byMentor.refund?.amount).toBe(5000);
    expect((await h.notificationsOf(MENTEE)).map((n) => n.kind)).toContain('booking_cancelled');
    const early = await h.workflow.bookings.cancel(as(MENTEE), b, { reason: 'Plans changed' });
    expect(early.refund?.amount).toBe(5000);
    h.clock.set('2026-12-04T00:00:00Z');
    const late = await h.workflow.bookings.cancel(as(MENTEE), c, { reason: 'Plans changed' });
    expect(late.refund?.amount).toBe(2500);
    expect(
      (await h.effects({ kind: 'refund' })).map(
        (e) => e.payload.kind === 'refund' && e.payload.amount.amount,
      ),
    ).toEqual([5000, 5000, 2500]);
  });

  it('deletes the meeting of an approved session once it exists', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), pending.id);
    await h.drain();
    const ready = await h.workflow.bookings.get(as(MENTOR), pending.id);
    expect(ready.meeting).toMatchObject({ status: 'ready', id: 'mtg_1' });
    await h.workflow.bookings.cancel(platform, pending.id, { reason: 'Platform maintenance window' });
    const [deletion] = await h.effects({ kind: 'delete_meeting' });
    expect(deletion?.payload).toEqual({
      kind: 'delete_meeting',
      bookingId: pending.id,
      provider: 'jitsi',
      meetingId: 'mtg_1',
    });
    // The platform cancelling tells both sides.
    expect((await h.notificationsOf(MENTEE)).map((n) => n.kind)).toContain('booking_cancelled');
    expect((await h.notificationsOf(MENTOR)).map((n) => n.kind)).toContain('booking_cancelled');
  });
});

describe('the channel of a decision', () => {
  it('is kept on each history entry its actor made, and never on the system’s', async () => {
    const h = await harness();
    const pending = await h.book();
    const suggested = await h.workflow.bookings.suggest(
      { kind: 'user', userId: MENTOR, channel: 'slack' },
      pending.id,
      {
        start: '2026-12-03T15:00:00+01:00',
      },
    );
    expect(suggested.history.at(-1)).toMatchObject({ event: 'alternative_suggested', channel: 'slack' });
    const accepted = await h.workflow.bookings.acceptProposal(
      { kind: 'user', userId: MENTEE, channel: 'web' },
      pending.id,
    );
    expect(accepted.history.at(-1)).toMatchObject({
      actor: MENTEE,
      event: 'proposal_accepted',
      channel: 'web',
    });
    await h.drain();
    const ready = await h.workflow.bookings.get(as(MENTOR), pending.id);
    expect(ready.history.at(-1)).toMatchObject({ actor: 'system', event: 'meeting_ready' });
    expect(ready.history.at(-1)).not.toHaveProperty('channel');
    // The request came from an actor that named no channel: its entry has none either.
    expect(ready.history[0]).not.toHaveProperty('channel');
  });

  it('is kept for the platform acting through a channel, and for the request itself', async () => {
    const h = await harness();
    const pending = await h.workflow.bookings.request(
      { kind: 'platform', channel: 'web' },
      {
        mentorId: MENTOR,
        menteeId: MENTEE,
        start: '2026-12-02T10:00:00Z',
        durationMinutes: 60,
        price: { amount: 5000, currency: 'USD' },
      },
    );
    expect(pending.history[0]).toMatchObject({ actor: 'platform', event: 'requested', channel: 'web' });
    const rejected = await h.workflow.bookings.reject({ kind: 'platform', channel: 'email' }, pending.id, {
      reason: 'The mentor is away that week',
      category: 'schedule_conflict',
    });
    expect(rejected.history.at(-1)).toMatchObject({ actor: 'platform', event: 'rejected', channel: 'email' });
  });
});

describe('refused transitions name the current status', () => {
  it.each([
    ['approve', (h: H, id: string) => h.workflow.bookings.approve(as(MENTOR), id)],
    [
      'reject',
      (h: H, id: string) => h.workflow.bookings.reject(as(MENTOR), id, { reason: 'Schedule conflict now' }),
    ],
    [
      'suggest',
      (h: H, id: string) => h.workflow.bookings.suggest(as(MENTOR), id, { start: '2026-12-05T10:00:00Z' }),
    ],
    ['accept', (h: H, id: string) => h.workflow.bookings.acceptProposal(as(MENTEE), id)],
    ['decline', (h: H, id: string) => h.workflow.bookings.declineProposal(as(MENTEE), id)],
    [
      'counter',
      (h: H, id: string) => h.workflow.bookings.counter(as(MENTEE), id, { start: '2026-12-05T10:00:00Z' }),
    ],
    [
      'cancel',
      (h: H, id: string) => h.workflow.bookings.cancel(as(MENTEE), id, { reason: 'Changed my mind' }),
    ],
  ])('%s on a rejected booking → 409 invalid_transition', async (_name, act) => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.reject(as(MENTOR), pending.id, { reason: 'Schedule conflict that week' });
    const error = await act(h, pending.id).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(error).toMatchObject({ status: 409, code: 'invalid_transition', currentStatus: 'rejected' });
    expect((error as Error).message).toMatch(/a booking that is rejected$/);
  });

  it('accept and decline need a suggestion; approve and reject need a pending booking', async () => {
    const h = await harness();
    const pending = await h.book();
    await expect(h.workflow.bookings.acceptProposal(as(MENTEE), pending.id)).rejects.toThrow(
      'cannot accept the proposed time of a booking that is pending',
    );
    await expect(
      h.workflow.bookings.counter(as(MENTEE), pending.id, { start: '2026-12-05T10:00:00Z' }),
    ).rejects.toThrow('that is pending');
    await h.workflow.bookings.suggest(as(MENTOR), pending.id, { start: '2026-12-05T10:00:00Z' });
    await expect(h.workflow.bookings.approve(as(MENTOR), pending.id)).rejects.toThrow(
      'cannot approve a booking that is alternative_suggested',
    );
    await h.workflow.bookings.acceptProposal(as(MENTEE), pending.id);
    await expect(
      h.workflow.bookings.reject(as(MENTOR), pending.id, { reason: 'Schedule conflict after all' }),
    ).rejects.toThrow('cannot reject a booking that is approved');
  });
});

type H = Awaited<ReturnType<typeof harness>>;

describe('racing decisions', () => {
  it('leave exactly one winner and a 409 for the other', async () => {
    const h = await harness();
    const pending = await h.book();
    const results = await Promise.allSettled([
      h.workflow.bookings.approve(as(MENTOR), pending.id),
      h.workflow.bookings.reject(as(MENTOR), pending.id, { reason: 'Schedule conflict that day' }),
      h.workflow.bookings.cancel(as(MENTEE), pending.id, { reason: 'Found another mentor' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409 });
    }
    const final = await h.workflow.bookings.get(platform, pending.id);
    expect(final.version).toBe(2);
    expect(final.history).toHaveLength(2);
  });
});

describe('authorization', () => {
  it('hides other people’s bookings (404) from every operation', async () => {
    const h = await harness();
    const pending = await h.book();
    const stranger = as(STRANGER);
    const attempts = [
      h.workflow.bookings.get(stranger, pending.id),
      h.workflow.bookings.approve(stranger, pending.id),
      h.workflow.bookings.reject(stranger, pending.id, { reason: 'Schedule conflict here' }),
      h.workflow.bookings.cancel(stranger, pending.id, { reason: 'Because I can' }),
      h.workflow.bookings.updateMetadata(stranger, pending.id, { metadata: { a: 'b' } }),
      h.workflow.bookings.calendarIcs(stranger, pending.id),
      h.workflow.bookings.review(stranger, pending.id),
      h.workflow.bookings.suggest(stranger, pending.id, { start: '2026-12-05T10:00:00Z' }),
      h.workflow.bookings.acceptProposal(stranger, pending.id),
      h.workflow.bookings.declineProposal(stranger, pending.id),
      h.workflow.bookings.counter(stranger, pending.id, { start: '2026-12-05T10:00:00Z' }),
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    const list = await h.workflow.bookings.list(stranger, {});
    expect(list.data).toEqual([]);
    expect(await h.workflow.bookings.get(as(MENTEE), pending.id)).toMatchObject({
      status: 'pending',
      version: 1,
    });
  });

  it('forbids (403) one side’s actions to the other side', async () => {
    const h = await harness();
    const pending = await h.book();
    await expect(h.workflow.bookings.approve(as(MENTEE), pending.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      h.workflow.bookings.reject(as(MENTEE), pending.id, { reason: 'I reject myself here' }),
    ).rejects.toThrow('only the mentor of this booking can reject it');
    await expect(
      h.workflow.bookings.suggest(as(MENTEE), pending.id, { start: '2026-12-05T10:00:00Z' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await h.workflow.bookings.suggest(as(MENTOR), pending.id, { start: '2026-12-05T10:00:00Z' });
    await expect(h.workflow.bookings.acceptProposal(as(MENTOR), pending.id)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      h.workflow.bookings.counter(as(MENTOR), pending.id, { start: '2026-12-05T11:00:00Z' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(h.workflow.bookings.review(as(MENTEE), pending.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(h.workflow.bookings.approve({ kind: 'system' }, pending.id)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('lets the platform act for either side', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.suggest(platform, pending.id, { start: '2026-12-05T10:00:00Z' });
    const accepted = await h.workflow.bookings.acceptProposal(platform, pending.id);
    expect(accepted.status).toBe('approved');
    expect(accepted.history.slice(1).map((e) => e.actor)).toEqual(['platform', 'platform']);
  });
});
