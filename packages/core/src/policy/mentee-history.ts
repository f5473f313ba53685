import type { z } from 'zod';
import type { Booking, MenteeHistory } from '../contract/bookings';
import type { User } from '../contract/users';

type History = z.infer<typeof MenteeHistory>;

/**
 * What the mentor sees about the mentee on a pending booking (seed: "prior sessions, total spend,
 * average rating they give").
 *
 * - `priorSessions`: the mentee's sessions that took place: `completed` ones, plus, when `now` is
 *   given, `approved` ones whose end has passed but that the completion sweep has not reached yet.
 *   Cancelled sessions do not count, even when part of the price was kept.
 * - `totalSpend`: the sum of those sessions' prices in `currency` (minor units); sessions paid in
 *   another currency are left out rather than converted at a made-up rate.
 * - `averageRatingGiven`, `reviewsGiven`, `noShowReports`: from the mentee's stats.
 *
 * `bookings` may hold anyone's bookings; only the mentee's are counted.
 */
export function menteeHistory(mentee: User, bookings: Booking[], currency: string, now?: Date): History {
  const held = bookings.filter(
    (b) =>
      b.menteeId === mentee.id &&
      (b.status === 'completed' ||
        (now !== undefined && b.status === 'approved' && Date.parse(b.end) <= now.getTime())),
  );
  const amount = held
    .filter((b) => b.price.currency === currency)
    .reduce((sum, b) => sum + b.price.amount, 0);
  return {
    priorSessions: held.length,
    totalSpend: { amount, currency },
    averageRatingGiven: mentee.stats.averageRatingGiven,
    reviewsGiven: mentee.stats.reviewsGiven,
    noShowReports: mentee.stats.noShowReports,
  };
}
