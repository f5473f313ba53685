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
 * - `averageRatingGiven`, `reviewsGiven`: from the mentee's stats.
 * - `noShowReports`: complaints the mentee made that a mentor did not show up: the platform's count from its
 *   stats (what happened outside Greenlight) plus the mentor no-shows they reported on these bookings.
 * - `missedSessions`: these bookings whose reports agree that the mentee did not show up (a disputed report,
 *   one side's word against the other's, is not counted against them).
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
  const theirs = bookings.filter((b) => b.menteeId === mentee.id);
  const complaints = theirs.filter((b) =>
    b.noShow?.reports.some((r) => r.by === 'mentee' && r.absent === 'mentor'),
  ).length;
  return {
    priorSessions: held.length,
    totalSpend: { amount, currency },
    averageRatingGiven: mentee.stats.averageRatingGiven,
    reviewsGiven: mentee.stats.reviewsGiven,
    noShowReports: mentee.stats.noShowReports + complaints,
    missedSessions: theirs.filter((b) => b.noShow?.absent === 'mentee').length,
  };
}
