import type { Booking } from '../contract/bookings';
import type { WorkflowPolicy } from '../workflow/types';

const HOUR = 3_600_000;

/**
 * How much of the price (minor units) goes back to the mentee when `by` cancels `booking`
 * (the booking as it was before the cancellation) at `now`:
 *
 * - the mentor or the platform cancels → the full price: the mentee did nothing wrong;
 * - the mentee cancels a request that was never approved (pending, alternative suggested) → the full price;
 * - the mentee cancels an approved session at least `fullRefundHours` before its start → the full price;
 * - later than that (or after the start) → `round(price × lateRefundShare)`, the share clamped to [0, 1];
 * - bookings in a final status cannot be cancelled and refund nothing; free bookings refund 0.
 */
export function cancellationRefund(input: {
  booking: Booking;
  by: 'mentor' | 'mentee' | 'platform';
  now: Date;
  policy: WorkflowPolicy['cancellation'];
}): number {
  const { booking, by, now, policy } = input;
  const price = booking.price.amount;
  if (!['pending', 'alternative_suggested', 'approved'].includes(booking.status)) return 0;
  if (by !== 'mentee' || booking.status !== 'approved') return price;

  const hoursAhead = (Date.parse(booking.start) - now.getTime()) / HOUR;
  if (hoursAhead >= policy.fullRefundHours) return price;
  const share = Math.min(1, Math.max(0, policy.lateRefundShare));
  return Math.round(price * share);
}
