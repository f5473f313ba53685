import type { Booking } from './contract/bookings';

/**
 * The start under negotiation: while the mentee holds the mentor's suggestion it is the suggested start
 * that must not pass unanswered; the original one no longer matters.
 */
export function negotiatedStart(booking: Booking): string {
  return booking.status === 'alternative_suggested' && booking.proposal
    ? booking.proposal.start
    : booking.start;
}

/**
 * When an undecided (pending or alternative_suggested) booking expires: its `expiresAt` or its negotiated
 * start, whichever comes first. Stores keep it as an indexed column for `dueBookings('expire')`; it is
 * defined for every booking, so that a decision which keeps the time (approve, accept) leaves it unchanged.
 */
export function expireDeadline(booking: Booking): string {
  const start = negotiatedStart(booking);
  // UTC ISO strings: text order is time order.
  if (start < booking.expiresAt) return start;
  return booking.expiresAt;
}
