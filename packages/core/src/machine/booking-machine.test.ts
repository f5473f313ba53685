import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { aBooking } from '../../test/policy-fixtures';
import type { Booking, CalendarLinks } from '../contract/bookings';
import { InvalidTransitionError } from '../errors';
import { bookingMachine } from './booking-machine';
import type { BookingEvent, BookingEventType, EventBase } from './events';
import {
  assertAccepts,
  type BookingStateValue,
  directStep,
  type EffectAction,
  type Step,
  snapshotOf,
  stateValueOf,
  statusOf,
  step,
} from './snapshot';

const AT = '2026-11-30T08:00:00.000Z';
const links: CalendarLinks = { google: 'g', yahoo: 'y', outlook: 'o', office365: '3', ics: 'i' };

/** A pending booking between `usr_m` and `usr_e`, requested at `AT`, without a payment. */
function booking(overrides: Partial<Booking> = {}): Booking {
  return aBooking({
    mentorId: 'usr_m',
    menteeId: 'usr_e',
    start: '2026-12-02T10:00:00.000Z',
    createdAt: AT,
    paymentRef: null,
    history: [{ at: AT, actor: 'usr_e', event: 'requested', to: 'pending' }],
    ...overrides,
  });
}

type Who = 'mentor' | 'mentee' | 'platform' | 'platform-for-nobody' | 'system';
const WHO: Who[] = ['mentor', 'mentee', 'platform', 'platform-for-nobody', 'system'];

function base(who: Who): EventBase {
  switch (who) {
    case 'mentor':
      return { by: 'mentor', actorId: 'usr_m', at: AT };
    case 'mentee':
      return { by: 'mentee', actorId: 'usr_e', at: AT };
    case 'platform':
      return { by: 'platform', actorId: 'platform', actsAs: ['mentor', 'mentee'], at: AT };
    case 'platform-for-nobody':
      return { by: 'platform', actorId: 'platform', actsAs: [], at: AT };
    case 'system':
      return { by: 'system', actorId: 'system', at: AT };
  }
}

function event(type: BookingEventType, who: Who): BookingEvent {
  const b = base(who);
  const approval = { meetingProvider: 'jitsi', calendarLinks: links };
  switch (type) {
    case 'REQUEST':
      return { ...b, type, autoApprove: false, respondBy: '2026-12-01T08:00:00.000Z', ...approval };
    case 'APPROVE':
    case 'ACCEPT_PROPOSAL':
      return { ...b, type, ...approval };
    case 'REJECT':
      return { ...b, type, reason: 'Schedule conflict that day', category: 'schedule_conflict' };
    case 'SUGGEST':
      return { ...b, type, start: '2026-12-03T10:00:00.000Z', end: '2026-12-03T11:00:00.000Z' };
    case 'COUNTER':
      return {
        ...b,
        type,
        start: '2026-12-04T10:00:00.000Z',
        end: '2026-12-04T11:00:00.000Z',
        respondBy: AT,
      };
    case 'DECLINE_PROPOSAL':
      return { ...b, type };
    case 'CANCEL':
      return { ...b, type, reason: 'Plans changed', refundAmount: 5000 };
    case 'EXPIRE':
      return { ...b, type, reason: 'no agreement within 7 days' };
    case 'MEETING_READY':
      return {
        ...b,
        type,
        meeting: { provider: 'jitsi', id: 'm1', joinUrl: 'https://j/m1' },
        calendarLinks: links,
      };
    case 'MEETING_FAILED':
      return { ...b, type, error: 'provider down' };
    case 'COMPLETE':
    case 'REMIND':
      return { ...b, type };
    case 'REPORT_NO_SHOW':
      return { ...b, type, absent: 'mentor', note: 'Waited 20 minutes', disputed: false, refundAmount: 5000 };
  }
}

const STATES: Array<[string, Booking, boolean]> = [
  ['new', booking({ history: [] }), true],
  ['pending', booking(), false],
  [
    'alternative_suggested',
    booking({
      status: 'alternative_suggested',
      proposal: {
        start: '2026-12-03T10:00:00.000Z',
        end: '2026-12-03T11:00:00.000Z',
        by: 'mentor',
        createdAt: AT,
      },
    }),
    false,
  ],
  [
    'approved.provisioning',
    booking({ status: 'approved', meeting: { provider: 'jitsi', status: 'pending' } }),
    false,
  ],
  [
    'approved.ready',
    booking({ status: 'approved', meeting: { provider: 'jitsi', status: 'ready', id: 'm1' } }),
    false,
  ],
  [
    'approved.provisioning_failed',
    booking({ status: 'approved', meeting: { provider: 'jitsi', status: 'failed' } }),
    false,
  ],
  ['rejected', booking({ status: 'rejected' }), false],
  ['declined', booking({ status: 'declined' }), false],
  ['expired', booking({ status: 'expired' }), false],
  ['cancelled', booking({ status: 'cancelled' }), false],
  ['completed', booking({ status: 'completed' }), false],
  ['no_show', booking({ status: 'no_show' }), false],
];

const MENTOR_SIDE: Who[] = ['mentor', 'platform'];
const MENTEE_SIDE: Who[] = ['mentee', 'platform'];
const EITHER: Who[] = ['mentor', 'mentee', 'platform'];
const SYSTEM: Who[] = ['system'];

/** The diagram of DESIGN.md as data: state → event → [who may send it, resulting state]. */
const ALLOWED: Record<string, Partial<Record<BookingEventType, [Who[], string]>>> = {
  new: { REQUEST: [MENTEE_SIDE, 'pending'] },
  pending: {
    APPROVE: [MENTOR_SIDE, 'approved.provisioning'],
    REJECT: [MENTOR_SIDE, 'rejected'],
    SUGGEST: [MENTOR_SIDE, 'alternative_suggested'],
    CANCEL: [EITHER, 'cancelled'],
    EXPIRE: [SYSTEM, 'expired'],
    REMIND: [SYSTEM, 'pending'],
  },
  alternative_suggested: {
    SUGGEST: [MENTOR_SIDE, 'alternative_suggested'],
    ACCEPT_PROPOSAL: [MENTEE_SIDE, 'approved.provisioning'],
    DECLINE_PROPOSAL: [MENTEE_SIDE, 'declined'],
    COUNTER: [MENTEE_SIDE, 'pending'],
    CANCEL: [EITHER, 'cancelled'],
    EXPIRE: [SYSTEM, 'expired'],
  },
  'approved.provisioning': {
    MEETING_READY: [SYSTEM, 'approved.ready'],
    MEETING_FAILED: [SYSTEM, 'approved.provisioning_failed'],
    CANCEL: [EITHER, 'cancelled'],
    COMPLETE: [SYSTEM, 'completed'],
    REPORT_NO_SHOW: [EITHER, 'no_show'],
  },
  'approved.ready': {
    CANCEL: [EITHER, 'cancelled'],
    COMPLETE: [SYSTEM, 'completed'],
    REPORT_NO_SHOW: [EITHER, 'no_show'],
  },
  'approved.provisioning_failed': {
    MEETING_READY: [SYSTEM, 'approved.ready'],
    MEETING_FAILED: [SYSTEM, 'approved.provisioning_failed'],
    CANCEL: [EITHER, 'cancelled'],
    COMPLETE: [SYSTEM, 'completed'],
    REPORT_NO_SHOW: [EITHER, 'no_show'],
  },
  completed: { REPORT_NO_SHOW: [EITHER, 'no_show'] },
  no_show: { REPORT_NO_SHOW: [EITHER, 'no_show'] },
};

const EVENTS: BookingEventType[] = [
  'REQUEST',
  'APPROVE',
  'REJECT',
  'SUGGEST',
  'ACCEPT_PROPOSAL',
  'DECLINE_PROPOSAL',
  'COUNTER',
  'CANCEL',
  'EXPIRE',
  'COMPLETE',
  'MEETING_READY',
  'MEETING_FAILED',
  'REMIND',
  'REPORT_NO_SHOW',
];

const flat = (value: BookingStateValue): string =>
  typeof value === 'string' ? value : `approved.${value.approved}`;

describe('booking machine: every state × event × sender', () => {
  for (const [name, stored, draft] of STATES) {
    for (const type of EVENTS) {
      const [allowed, target] = ALLOWED[name]?.[type] ?? [[], ''];
      for (const who of WHO) {
        const ok = allowed.includes(who);
        it(`${name} + ${type} by ${who} → ${ok ? target : 'refused'}`, () => {
          const e = event(type, who);
          expect(snapshotOf(stored, draft).can(e)).toBe(ok);
          if (ok) {
            const next = step(stored, e, type.toLowerCase(), { draft });
            expect(flat(stateValueOf(next.booking))).toBe(target);
          } else {
            expect(() => step(stored, e, type.toLowerCase(), { draft })).toThrow(InvalidTransitionError);
          }
        });
      }
    }
  }
});

/** What xstate's own interpreter makes of the event (`transition()`, a fresh actor), as a `Step`. */
function xstateStep(stored: Booking, e: BookingEvent, draft: boolean): Step {
  const [next, actions] = transition(bookingMachine, snapshotOf(stored, draft), e);
  const named = new Set(['notify', 'createMeeting', 'deleteMeeting', 'refund', 'emitWebhook']);
  return {
    booking: { ...next.context, status: statusOf(next.value as BookingStateValue) },
    effects: actions
      .filter((a) => named.has(a.type))
      .map((a) => ({ type: a.type, params: a.params }) as EffectAction),
  };
}

/** Every accepted (state, event, sender), REQUEST both with and without auto-approval. */
const ACCEPTED = STATES.flatMap(([name, stored, draft]) =>
  EVENTS.flatMap((type) =>
    WHO.flatMap((who) => {
      const e = event(type, who);
      const variants = type === 'REQUEST' ? [e, { ...e, autoApprove: true }] : [e];
      return variants
        .filter((v) => snapshotOf(stored, draft).can(v))
        .map((v) => ({ name, stored, draft, type, who, e: v }));
    }),
  ),
);

describe('step: the machine applied directly, as xstate applies it', () => {
  for (const { name, stored, draft, type, who, e } of ACCEPTED) {
    const label = e.type === 'REQUEST' && e.autoApprove ? `${type} (auto-approve)` : type;
    it(`${name} + ${label} by ${who}: same booking and effects as xstate's transition()`, () => {
      const direct = directStep(snapshotOf(stored, draft), e);
      // Every transition of this machine takes the direct path: none falls back to xstate unnoticed.
      expect(direct).toBeDefined();
      expect(direct).toStrictEqual(xstateStep(stored, e, draft));
      expect(step(stored, e, type.toLowerCase(), { draft })).toStrictEqual(direct);
    });
  }

  it('agrees with xstate on bookings and payloads varied at random', () => {
    const iso = fc
      .integer({ min: Date.parse('2026-11-01T00:00:00Z'), max: Date.parse('2027-03-01T00:00:00Z') })
      .map((ms) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString());
    const variation = fc.record({
      amount: fc.constantFrom(0, 1, 5000),
      decidedAt: fc.option(iso, { nil: null }),
      remindedAt: fc.option(iso, { nil: null }),
      meetingId: fc.option(fc.constantFrom('m1', 'm2'), { nil: undefined }),
      history: fc.integer({ min: 0, max: 3 }),
      force: fc.boolean(),
      refundAmount: fc.constantFrom(0, 2500, 5000),
      reason: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
      at: iso,
      pick: fc.nat(),
    });
    fc.assert(
      fc.property(variation, (v) => {
        const { stored, draft, e } = ACCEPTED[v.pick % ACCEPTED.length]!;
        const varied: Booking = {
          ...stored,
          price: { ...stored.price, amount: v.amount },
          decidedAt: v.decidedAt,
          remindedAt: v.remindedAt,
          history: stored.history.slice(0, v.history),
          meeting: stored.meeting && v.meetingId ? { ...stored.meeting, id: v.meetingId } : stored.meeting,
        };
        const payload = {
          ...e,
          at: v.at,
          ...(e.type === 'APPROVE' || e.type === 'SUGGEST' ? { force: v.force } : {}),
          ...(e.type === 'CANCEL' ? { refundAmount: v.refundAmount } : {}),
          ...(e.type === 'DECLINE_PROPOSAL' && v.reason ? { reason: v.reason } : {}),
        } as BookingEvent;
        const direct = directStep(snapshotOf(varied, draft), payload);
        expect(direct).toBeDefined();
        expect(direct).toStrictEqual(xstateStep(varied, payload, draft));
      }),
      { numRuns: 500 },
    );
  });
});

describe('assertAccepts: the early check by event type and sender', () => {
  for (const [name, stored, draft] of STATES) {
    if (draft) continue;
    for (const type of EVENTS) {
      for (const who of WHO) {
        const payloads =
          type === 'REQUEST'
            ? [
                { ...event(type, who), autoApprove: true },
                { ...event(type, who), autoApprove: false },
              ]
            : type === 'REPORT_NO_SHOW'
              ? [
                  { ...event(type, who), disputed: true },
                  { ...event(type, who), disputed: false },
                ]
              : [event(type, who)];
        it(`${name} + ${type} by ${who}: agrees with the machine on the full event`, () => {
          for (const full of payloads) {
            const ok = snapshotOf(stored).can(full);
            const probe = { type: full.type, by: full.by, ...(full.actsAs ? { actsAs: full.actsAs } : {}) };
            // The bare probe first, then again: the second answer comes from what the first one learnt.
            for (const given of [probe, full]) {
              const check = () => assertAccepts(stored, given, type.toLowerCase());
              if (ok) expect(check).not.toThrow();
              else expect(check).toThrow(InvalidTransitionError);
            }
          }
        });
      }
    }
  }

  it('names the action and the current status when it refuses', () => {
    expect(() =>
      assertAccepts(booking({ status: 'rejected' }), { type: 'APPROVE', by: 'mentor' }, 'approve'),
    ).toThrow('cannot approve a booking that is rejected');
  });
});

describe('booking machine: what transitions do', () => {
  it('REQUEST with auto-approval goes straight to approved and records both steps', () => {
    const e = { ...event('REQUEST', 'mentee'), autoApprove: true } as BookingEvent;
    const { booking: next, effects } = step(booking({ history: [] }), e, 'request', { draft: true });
    expect(next).toMatchObject({
      status: 'approved',
      decidedAt: AT,
      meeting: { provider: 'jitsi', status: 'pending' },
    });
    expect(next.history.map((h) => h.event)).toEqual(['requested', 'auto_approved']);
    expect(effects.map((a) => a.type)).toEqual(['emitWebhook', 'createMeeting', 'notify', 'emitWebhook']);
  });

  it('REPORT_NO_SHOW of the mentor ends the session as no_show, keeps the report and refunds what it says', () => {
    const completed = booking({ status: 'completed' });
    const { booking: next, effects } = step(completed, event('REPORT_NO_SHOW', 'mentee'), 'report');
    expect(next).toMatchObject({
      status: 'no_show',
      noShow: {
        absent: 'mentor',
        disputed: false,
        reports: [{ by: 'mentee', actor: 'usr_e', absent: 'mentor', note: 'Waited 20 minutes', at: AT }],
      },
      refund: { status: 'pending', amount: 5000 },
    });
    expect(next.history.at(-1)).toMatchObject({
      event: 'no_show_reported',
      from: 'completed',
      to: 'no_show',
      absent: 'mentor',
      reason: 'Waited 20 minutes',
    });
    expect(effects).toEqual([
      { type: 'notify', params: { kind: 'no_show_reported', to: 'mentor', via: ['in_app', 'email'] } },
      { type: 'emitWebhook', params: { type: 'booking.no_show_reported' } },
      { type: 'refund', params: { amount: 5000, reason: 'the mentor did not show up' } },
    ]);
  });

  it('REPORT_NO_SHOW answering the other side with the other absent is a dispute: no status change, the platform hears', () => {
    const reported = step(
      booking({ status: 'completed' }),
      { ...event('REPORT_NO_SHOW', 'mentor'), absent: 'mentee', refundAmount: 0 } as BookingEvent,
      'report',
    ).booking;
    const answer = {
      ...event('REPORT_NO_SHOW', 'mentee'),
      absent: 'mentor',
      disputed: true,
      refundAmount: 0,
    };
    const { booking: next, effects } = step({ ...reported, version: 2 }, answer as BookingEvent, 'report');
    expect(next.status).toBe('no_show');
    expect(next.noShow).toMatchObject({ absent: null, disputed: true });
    expect(next.noShow?.reports.map((r) => [r.by, r.absent])).toEqual([
      ['mentor', 'mentee'],
      ['mentee', 'mentor'],
    ]);
    expect(next.refund).toBeNull();
    expect(next.history.at(-1)).toMatchObject({ event: 'no_show_reported', disputed: true });
    expect(next.history.at(-1)?.to).toBeUndefined();
    expect(effects.map((e) => (e.type === 'emitWebhook' ? e.params.type : e.type))).toEqual([
      'notify',
      'booking.no_show_reported',
      'booking.disputed',
    ]);
  });

  it('APPROVE asks for exactly one meeting, in-app notices and the webhook', () => {
    const { booking: next, effects } = step(booking(), event('APPROVE', 'mentor'), 'approve');
    expect(next).toMatchObject({ status: 'approved', calendarLinks: links, decidedAt: AT });
    expect(effects).toEqual([
      { type: 'createMeeting', params: undefined },
      { type: 'notify', params: { kind: 'booking_approved', to: 'both', via: ['in_app'] } },
      { type: 'emitWebhook', params: { type: 'booking.approved' } },
    ]);
  });

  it('REJECT keeps the reason and refunds the full price', () => {
    const { booking: next, effects } = step(booking(), event('REJECT', 'mentor'), 'reject');
    expect(next).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'Schedule conflict that day', category: 'schedule_conflict' },
      refund: { status: 'pending', amount: 5000, currency: 'USD' },
    });
    expect(effects).toContainEqual({
      type: 'refund',
      params: { amount: 5000, reason: 'rejected by the mentor' },
    });
  });

  it('CANCEL refunds what the policy said, notifies the other side, and deletes the meeting when approved', () => {
    const approved = booking({
      status: 'approved',
      meeting: { provider: 'jitsi', status: 'ready', id: 'm1' },
    });
    const e = { ...event('CANCEL', 'mentee'), refundAmount: 2500 } as BookingEvent;
    const { booking: next, effects } = step(approved, e, 'cancel');
    expect(next).toMatchObject({
      status: 'cancelled',
      cancellation: { by: 'mentee', reason: 'Plans changed', at: AT },
      refund: { amount: 2500 },
    });
    expect(effects).toContainEqual({
      type: 'notify',
      params: { kind: 'booking_cancelled', to: 'mentor', via: ['in_app', 'email'] },
    });
    expect(effects.at(-1)).toEqual({ type: 'deleteMeeting', params: undefined });
  });

  it('a free booking records no refund', () => {
    const { booking: next } = step(
      booking({ price: { amount: 0, currency: 'EUR' } }),
      event('REJECT', 'mentor'),
      'reject',
    );
    expect(next.refund).toBeNull();
  });

  it('SUGGEST → COUNTER → ACCEPT moves the session and keeps the first response time', () => {
    const suggested = step(booking(), event('SUGGEST', 'mentor'), 'suggest').booking;
    expect(suggested.proposal).toMatchObject({ start: '2026-12-03T10:00:00.000Z', by: 'mentor' });
    const later = {
      ...event('COUNTER', 'mentee'),
      at: '2026-11-30T09:00:00.000Z',
      respondBy: '2026-12-01T09:00:00.000Z',
    };
    const countered = step(suggested, later as BookingEvent, 'counter').booking;
    expect(countered).toMatchObject({
      status: 'pending',
      start: '2026-12-04T10:00:00.000Z',
      respondBy: '2026-12-01T09:00:00.000Z',
      proposal: null,
      decidedAt: AT,
    });
    const again = step(countered, event('SUGGEST', 'mentor'), 'suggest').booking;
    const accepted = step(again, event('ACCEPT_PROPOSAL', 'mentee'), 'accept').booking;
    expect(accepted).toMatchObject({ status: 'approved', start: '2026-12-03T10:00:00.000Z', proposal: null });
    expect(accepted.history.map((h) => [h.event, h.from, h.to])).toEqual([
      ['requested', undefined, 'pending'],
      ['alternative_suggested', 'pending', 'alternative_suggested'],
      ['counter_proposed', 'alternative_suggested', 'pending'],
      ['alternative_suggested', 'pending', 'alternative_suggested'],
      ['proposal_accepted', 'alternative_suggested', 'approved'],
    ]);
  });

  it('MEETING_READY stores the meeting and sends the approval emails', () => {
    const provisioning = booking({ status: 'approved', meeting: { provider: 'jitsi', status: 'pending' } });
    const { booking: next, effects } = step(provisioning, event('MEETING_READY', 'system'), 'update');
    expect(next.meeting).toEqual({ provider: 'jitsi', id: 'm1', joinUrl: 'https://j/m1', status: 'ready' });
    expect(effects).toContainEqual({
      type: 'notify',
      params: { kind: 'booking_approved', to: 'both', via: ['email'] },
    });
  });

  it('the refusal names the action and the current status', () => {
    expect(() => step(booking({ status: 'completed' }), event('CANCEL', 'mentee'), 'cancel')).toThrow(
      'cannot cancel a booking that is completed',
    );
  });
});

describe('stateValueOf / statusOf', () => {
  it('maps stored bookings to machine states and back', () => {
    expect(stateValueOf({ status: 'pending', meeting: null })).toBe('pending');
    expect(stateValueOf({ status: 'approved', meeting: null })).toEqual({ approved: 'provisioning' });
    expect(stateValueOf({ status: 'approved', meeting: { provider: 'zoom', status: 'ready' } })).toEqual({
      approved: 'ready',
    });
    expect(stateValueOf({ status: 'approved', meeting: { provider: 'zoom', status: 'failed' } })).toEqual({
      approved: 'provisioning_failed',
    });
    expect(statusOf({ approved: 'ready' })).toBe('approved');
    expect(statusOf('new')).toBe('pending');
    expect(statusOf('declined')).toBe('declined');
  });
});
