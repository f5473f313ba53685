import { EMAIL_ACTION_SIDE, EmailAction } from '../contract/action-links';
import type { Booking, HistoryEntry, Role } from '../contract/bookings';
import { expireDeadline } from '../deadlines';
import type { BookingEventType } from '../machine/events';
import { snapshotOf } from '../machine/snapshot';

/** How long an action link lives at most after the booking's last change, whatever its deadlines. */
export const EMAIL_ACTION_MAX_AGE_MS = 7 * 24 * 3_600_000;

const EVENT_OF: Record<EmailAction, BookingEventType> = {
  approve: 'APPROVE',
  reject: 'REJECT',
  suggest: 'SUGGEST',
  accept: 'ACCEPT_PROPOSAL',
  decline: 'DECLINE_PROPOSAL',
  counter: 'COUNTER',
  cancel: 'CANCEL',
};

/**
 * How many times the negotiation has changed: history entries that set a status (every request, decision,
 * suggestion, counter-proposal, cancellation, expiry and completion records one). Reminders, meeting updates
 * and integrations' metadata writes change the booking's `version` but not this, so an email link bound to it
 * survives the Slack bot storing its card reference right after the request. It only ever grows (the history
 * is append-only), so a link made before a change can never become valid again, even if the booking comes
 * back to the same status and time.
 */
export function negotiationRound(booking: Pick<Booking, 'history'>): number {
  let round = 0;
  for (const entry of booking.history) if (entry.to !== undefined) round++;
  return round;
}

/** The latest history entry that changed the negotiation: what happened last, by whom, where. */
export function lastNegotiationChange(booking: Pick<Booking, 'history'>): HistoryEntry | null {
  return booking.history.findLast((entry) => entry.to !== undefined) ?? null;
}

/** Whether `role` may take `action` on the booking as it is now, as the lifecycle machine decides. */
export function canTakeEmailAction(booking: Booking, role: Role, action: EmailAction): boolean {
  const side = EMAIL_ACTION_SIDE[action];
  if (side !== 'either' && side !== role) return false;
  return snapshotOf(booking).can({ type: EVENT_OF[action], by: role, actorId: '', at: '' } as never);
}

/** The actions `role` may take now, in the order emails offer them. */
export function emailActionsFor(booking: Booking, role: Role): EmailAction[] {
  return EmailAction.options.filter((action) => canTakeEmailAction(booking, role, action));
}

/**
 * When an action link made for the booking as it is stops working: an undecided booking's expiry deadline
 * (its `expiresAt` or negotiated start), an approved session's start, and at the latest 7 days after the
 * negotiation last changed. Computed from the booking alone, so every email and Slack card made from the same
 * state carries the same link.
 */
export function emailActionExpiry(booking: Booking): string {
  const undecided = booking.status === 'pending' || booking.status === 'alternative_suggested';
  const deadline = undecided ? expireDeadline(booking) : booking.start;
  const changedAt = lastNegotiationChange(booking)?.at ?? booking.createdAt;
  const cap = new Date(new Date(changedAt).getTime() + EMAIL_ACTION_MAX_AGE_MS).toISOString();
  return new Date(Math.min(Date.parse(deadline), Date.parse(cap))).toISOString();
}
