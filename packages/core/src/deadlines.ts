import type { Booking } from './contract/bookings';

/**
 * The time under negotiation: while the mentee holds the mentor's suggestion it is the suggested time
 * that matters (it must not pass unanswered, it is what the mentor's calendar is checked against);
 * the original one no longer does.
 */
export function negotiatedTimes(booking: Booking): { start: string; end: string } {
  const { start, end } =
    booking.status === 'alternative_suggested' && booking.proposal ? booking.proposal : booking;
  return { start, end };
}

/** The start of `negotiatedTimes`: what an undecided booking expires by. */
export function negotiatedStart(booking: Booking): string {
  return negotiatedTimes(booking).start;
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
