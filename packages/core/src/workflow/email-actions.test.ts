import { describe, expect, it } from 'vitest';
import { as, harness, MENTEE, MENTOR, platform, STRANGER } from '../../test/harness';
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from '../errors';
import type { ActionTokenUse } from '../ports';
import { emailActionExpiry, emailActionsFor, lastNegotiationChange, negotiationRound } from './email-actions';

const DAY = 24 * 3_600_000;
const use = (id: string, bookingId: string): ActionTokenUse => ({
  id,
  bookingId,
  userId: MENTOR,
  action: 'approve',
  usedAt: '2026-11-30T08:00:00.000Z',
  expiresAt: '2026-12-02T10:00:00.000Z',
});

describe('negotiation round', () => {
  it('moves with every decision but not with reminders, meeting updates or metadata writes', async () => {
    const h = await harness();
    const pending = await h.book();
    expect(negotiationRound(pending)).toBe(1);

    const tagged = await h.workflow.bookings.updateMetadata(platform, pending.id, {
      metadata: { slack_ts: '1.2' },
    });
    expect(tagged.version).toBe(pending.version + 1);
    expect(negotiationRound(tagged)).toBe(1);

    h.clock.advance(21 * 3_600_000);
    await h.workflow.sweep();
    const reminded = await h.workflow.bookings.get(platform, pending.id);
    expect(reminded.history.at(-1)?.event).toBe('reminded');
    expect(negotiationRound(reminded)).toBe(1);

    const suggested = await h.workflow.bookings.suggest(as(MENTOR), pending.id, {
      start: '2026-12-03T10:00:00Z',
    });
    expect(negotiationRound(suggested)).toBe(2);
    const accepted = await h.workflow.bookings.acceptProposal(as(MENTEE), pending.id);
    expect(negotiationRound(accepted)).toBe(3);
    await h.drain(); // the meeting is created: meeting_ready is in the history, the round stays
    const ready = await h.workflow.bookings.get(platform, pending.id);
    expect(ready.meeting?.status).toBe('ready');
    expect(negotiationRound(ready)).toBe(3);
    expect(lastNegotiationChange(ready)).toMatchObject({ event: 'proposal_accepted', actor: MENTEE });
  });

  it('never comes back to an earlier value when the booking returns to the same status and time', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.suggest(as(MENTOR), pending.id, { start: '2026-12-03T10:00:00Z' });
    const back = await h.workflow.bookings.counter(as(MENTEE), pending.id, { start: pending.start });
    expect([back.status, back.start, back.proposal]).toEqual([pending.status, pending.start, null]);
    expect(negotiationRound(back)).toBe(negotiationRound(pending) + 2);
  });
});

describe('email actions offered', () => {
  it('follow the lifecycle: the mentor decides a pending booking, the mentee answers a suggestion, either cancels', async () => {
    const h = await harness();
    const pending = await h.book();
    expect(emailActionsFor(pending, 'mentor')).toEqual(['approve', 'reject', 'suggest', 'cancel']);
    expect(emailActionsFor(pending, 'mentee')).toEqual(['cancel']);
    const suggested = await h.workflow.bookings.suggest(as(MENTOR), pending.id, {
      start: '2026-12-03T10:00:00Z',
    });
    expect(emailActionsFor(suggested, 'mentee')).toEqual(['accept', 'decline', 'counter', 'cancel']);
    expect(emailActionsFor(suggested, 'mentor')).toEqual(['suggest', 'cancel']);
    const approved = await h.workflow.bookings.acceptProposal(as(MENTEE), pending.id);
    expect(emailActionsFor(approved, 'mentor')).toEqual(['cancel']);
    const cancelled = await h.workflow.bookings.cancel(as(MENTEE), pending.id, { reason: 'Sick' });
    expect(emailActionsFor(cancelled, 'mentor')).toEqual([]);
    expect(emailActionsFor(cancelled, 'mentee')).toEqual([]);
  });

  it('expire with the booking: its deadline while undecided, its start once approved, 7 days after the last change at most', async () => {
    const h = await harness();
    const soon = await h.book();
    expect(emailActionExpiry(soon)).toBe('2026-12-02T10:00:00.000Z'); // the start comes before expiresAt
    const later = await h.book({ start: '2026-12-20T10:00:00Z' });
    expect(emailActionExpiry(later)).toBe(later.expiresAt); // 7 days after the request
    const suggested = await h.workflow.bookings.suggest(as(MENTOR), later.id, {
      start: '2026-12-04T10:00:00Z',
    });
    expect(emailActionExpiry(suggested)).toBe('2026-12-04T10:00:00.000Z'); // the suggested start
    h.clock.advance(DAY);
    const approved = await h.workflow.bookings.approve(
      as(MENTOR),
      (await h.book({ start: '2026-12-28T10:00:00Z' })).id,
    );
    expect(emailActionExpiry(approved)).toBe(
      new Date(Date.parse(approved.updatedAt) + 7 * DAY).toISOString(),
    );
    // Made from the booking alone: the same state gives the same expiry, whenever it is asked.
    h.clock.advance(DAY);
    expect(emailActionExpiry(await h.workflow.bookings.get(platform, approved.id))).toBe(
      emailActionExpiry(approved),
    );
  });
});

describe('bookings.emailActions', () => {
  it('names the recipient, their side and what they may do, for the platform only', async () => {
    const h = await harness();
    const pending = await h.book();
    const targets = await h.workflow.bookings.emailActions(platform, pending.id, MENTOR);
    expect(targets).toMatchObject({
      role: 'mentor',
      recipient: { id: MENTOR, name: 'Maya Mentor' },
      actions: ['approve', 'reject', 'suggest', 'cancel'],
      booking: { id: pending.id },
    });
    expect((await h.workflow.bookings.emailActions(platform, pending.id, MENTEE)).actions).toEqual([
      'cancel',
    ]);
    await expect(h.workflow.bookings.emailActions(as(MENTOR), pending.id, MENTOR)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(h.workflow.bookings.emailActions(as(STRANGER), pending.id, MENTOR)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const other = h.workflow.bookings.emailActions(platform, pending.id, STRANGER);
    await expect(other).rejects.toBeInstanceOf(ValidationError);
    await expect(other).rejects.toMatchObject({ status: 422, errors: [{ path: 'recipientId' }] });
  });
});

describe('command guard', () => {
  it('runs in the transition’s transaction: what it writes commits with the decision', async () => {
    const h = await harness();
    const pending = await h.book();
    let seen: number | null = null;
    const approved = await h.workflow.bookings.approve(as(MENTOR), pending.id, undefined, {
      guard: async (tx, booking) => {
        seen = booking.version;
        expect(await tx.useActionToken(use('tok_1', booking.id))).toBe(true);
      },
    });
    expect(seen).toBe(pending.version);
    expect(approved.status).toBe('approved');
    expect(await h.store.transaction((tx) => tx.getActionTokenUse('tok_1'))).toMatchObject({
      bookingId: pending.id,
    });
  });

  it('rolls the decision back with it when it throws, and a decision that fails leaves its writes out', async () => {
    const h = await harness();
    const pending = await h.book();
    const effectsBefore = (await h.effects()).length;
    const refused = h.workflow.bookings.reject(
      as(MENTOR),
      pending.id,
      { reason: 'Schedule conflict, sorry', category: 'schedule_conflict' },
      {
        guard: async (tx, booking) => {
          await tx.useActionToken(use('tok_2', booking.id));
          throw new VersionConflictError(booking.id, booking.version);
        },
      },
    );
    await expect(refused).rejects.toBeInstanceOf(VersionConflictError);
    const after = await h.workflow.bookings.get(platform, pending.id);
    expect([after.status, after.version]).toEqual(['pending', pending.version]);
    expect(await h.store.transaction((tx) => tx.getActionTokenUse('tok_2'))).toBeNull();
    expect(await h.effects()).toHaveLength(effectsBefore);

    // The transition itself is refused (a one-word reason never gets that far; a rejected booking cannot be
    // approved): the guard is not reached, so nothing it would write is written.
    await h.workflow.bookings.reject(as(MENTOR), pending.id, { reason: 'Schedule conflict, sorry' });
    let reached = false;
    await expect(
      h.workflow.bookings.approve(as(MENTOR), pending.id, undefined, {
        guard: async () => {
          reached = true;
        },
      }),
    ).rejects.toMatchObject({ code: 'invalid_transition' });
    expect(reached).toBe(false);
  });

  it('reaches every command', async () => {
    const h = await harness();
    const calls: string[] = [];
    const guard = (name: string) => ({
      guard: async () => {
        calls.push(name);
      },
    });
    const a = await h.book();
    await h.workflow.bookings.suggest(as(MENTOR), a.id, { start: '2026-12-03T10:00:00Z' }, guard('suggest'));
    await h.workflow.bookings.counter(as(MENTEE), a.id, { start: '2026-12-03T12:00:00Z' }, guard('counter'));
    await h.workflow.bookings.approve(as(MENTOR), a.id, {}, guard('approve'));
    await h.workflow.bookings.cancel(as(MENTEE), a.id, { reason: 'Plans changed' }, guard('cancel'));
    const b = await h.book({ start: '2026-12-04T10:00:00Z' });
    await h.workflow.bookings.suggest(as(MENTOR), b.id, { start: '2026-12-04T12:00:00Z' });
    await h.workflow.bookings.acceptProposal(as(MENTEE), b.id, guard('accept'));
    const c = await h.book({ start: '2026-12-07T10:00:00Z' });
    await h.workflow.bookings.suggest(as(MENTOR), c.id, { start: '2026-12-07T12:00:00Z' });
    await h.workflow.bookings.declineProposal(as(MENTEE), c.id, {}, guard('decline'));
    const d = await h.book({ start: '2026-12-08T10:00:00Z' });
    await h.workflow.bookings.reject(as(MENTOR), d.id, { reason: 'Outside my expertise' }, guard('reject'));
    expect(calls).toEqual(['suggest', 'counter', 'approve', 'cancel', 'accept', 'decline', 'reject']);
  });
});
