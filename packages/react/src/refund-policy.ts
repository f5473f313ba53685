import type { Booking } from '@greenlight/core/contract';

/** When a mentee who cancels an approved session is refunded in full, and how much of the price otherwise. */
export interface RefundPolicy {
  /** Cancelling at least this many hours before the start refunds the full price. */
  fullRefundHours: number;
  /** Share of the price refunded when cancelling later (0 to 1). */
  lateRefundShare: number;
}

/** The server's default policy (`DEFAULT_POLICY.cancellation` in `@greenlight/core`). */
export const DEFAULT_REFUND_POLICY: RefundPolicy = { fullRefundHours: 24, lateRefundShare: 0.5 };

const HOUR = 3_600_000;

/**
 * What the mentee gets back (minor units) if `by` cancels `booking` at `now`: the rule the server applies, so
 * the cancel dialog can say it before anyone clicks. The mentor cancelling, or anyone cancelling a request
 * that was never approved, refunds everything; a mentee cancelling an approved session late gets the share.
 */
export function refundOnCancel(
  booking: Booking,
  by: 'mentor' | 'mentee',
  now: number,
  policy: RefundPolicy,
): number {
  const price = booking.price.amount;
  if (!['pending', 'alternative_suggested', 'approved'].includes(booking.status)) return 0;
  if (by !== 'mentee' || booking.status !== 'approved') return price;
  if ((Date.parse(booking.start) - now) / HOUR >= policy.fullRefundHours) return price;
  return Math.round(price * Math.min(1, Math.max(0, policy.lateRefundShare)));
}
