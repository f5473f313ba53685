import type { Booking, BookingStatus, HistoryEntry } from '../contract/bookings';
import type { Badge, MentorStats } from '../contract/users';

/** Only bookings requested in the last this many days count: recent behaviour is what mentees meet. */
export const METRICS_WINDOW_DAYS = 90;
/** Below this many decided bookings a mentor is `new`: too few to judge. */
export const NEW_MENTOR_MIN_DECIDED = 5;
/** Badge tiers: approval rate and share answered within 24 h must both reach the tier's bar. */
export const BADGE_TIERS: ReadonlyArray<[Badge, number]> = [
  ['gold', 0.9],
  ['silver', 0.75],
  ['bronze', 0.5],
];

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const TARGET_MINUTES = 24 * 60;
const MENTOR_RESPONSES: readonly BookingStatus[] = ['approved', 'rejected', 'alternative_suggested'];

interface Timeline {
  /** When the booking first waited for the mentor. */
  pendingSince: number;
  /** The mentor's first answer (approve, reject, suggest; auto-approval counts, at once). */
  firstResponse: number | null;
  /** When it stopped waiting without an answer (cancelled or expired while pending). */
  abandonedAt: number | null;
  outcome: 'approved' | 'rejected' | 'expired' | null;
}

function timelineOf(booking: Booking): Timeline {
  const history = [...booking.history].sort((a, b) => a.at.localeCompare(b.at));
  const at = (entry: Pick<HistoryEntry, 'at'> | undefined) => (entry ? Date.parse(entry.at) : null);
  const pendingSince = at(history.find((e) => e.to === 'pending')) ?? Date.parse(booking.createdAt);
  const leftPending = history.find((e) => e.from === 'pending' && e.to !== undefined && e.to !== 'pending');
  const answered = leftPending?.to !== undefined && MENTOR_RESPONSES.includes(leftPending.to);

  const everApproved =
    history.some((e) => e.to === 'approved') ||
    booking.status === 'approved' ||
    booking.status === 'completed';
  // Expiry is the mentor's only when it was their turn; after a suggestion it was the mentee's.
  const expiredWaitingOnMentor =
    booking.status === 'expired' &&
    (history.find((e) => e.to === 'expired')?.from ?? 'pending') === 'pending';
  const outcome = everApproved
    ? 'approved'
    : booking.status === 'rejected'
      ? 'rejected'
      : expiredWaitingOnMentor
        ? 'expired'
        : null;

  // A decision without a matching history entry (imported data) falls back to `decidedAt`.
  const firstResponse = answered
    ? at(leftPending)
    : outcome === 'approved' || outcome === 'rejected'
      ? at(booking.decidedAt ? { at: booking.decidedAt } : undefined)
      : null;

  return {
    pendingSince,
    firstResponse,
    abandonedAt: leftPending && !answered ? at(leftPending) : null,
    outcome,
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A mentor's metrics from their bookings at `now`.
 *
 * Window: bookings requested in the last 90 days, i.e. createdAt in (now − 90 d, now].
 *
 * - decided = approved + rejected + expired, where
 *   approved = bookings that ever reached `approved` (including those later completed or cancelled,
 *   and those approved by the mentee accepting the mentor's suggested time; auto-approvals count),
 *   rejected = bookings the mentor rejected, expired = bookings that expired while waiting for the mentor
 *   (pending). Bookings the mentee withdrew, whose suggested time they declined, or that expired while the
 *   mentee had the mentor's suggestion in hand are not the mentor's decisions and do not count.
 * - approvalRate = approved / decided; null when decided = 0.
 * - response time of a booking = its first mentor response (approve, reject or suggest an
 *   alternative, from the history) − when it became pending (its first `pending` entry).
 *   Auto-approved bookings respond in 0 minutes. Later rounds after a counter-proposal are not measured.
 * - medianResponseMinutes = the median response time over the bookings with a response; null when none.
 * - answeredWithin24hRate = answered within 24 h / eligible, where eligible bookings are those with a
 *   response, those that expired unanswered (they count as not answered), and those that have waited (or waited
 *   before the mentee withdrew) more than 24 h without one; a booking still inside its first 24 h,
 *   or withdrawn within them, is not yet judged. Null when nothing is eligible.
 * - badge = `new` while decided < 5; otherwise the highest of gold (≥ 0.9), silver (≥ 0.75),
 *   bronze (≥ 0.5) that both approvalRate and answeredWithin24hRate reach; else `none`.
 * - searchBoost = 1.0 (neutral) while the badge is `new`; otherwise
 *   0.5 + 0.5 × answeredWithin24hRate + 0.5 × speed, with speed = max(0, 1 − medianResponseMinutes / 1440)
 *   (0 when there is no median). It lies in [0.5, 1.5]: 1.5 for a mentor who answers everything at once,
 *   1.0 for one who answers everything after a full day, 0.5 for one who lets everything expire.
 *
 * - completedSessions = bookings in the window that are `completed`: the session took place;
 * - mentorNoShows / menteeNoShows = bookings in the window whose no-show reports agree that the mentor / the
 *   mentee did not show up (disputed reports count for neither side).
 *
 * `bookings` are the mentor's; nothing else is filtered.
 */
export function mentorStats(bookings: Booking[], now: Date): MentorStats {
  const nowMs = now.getTime();
  const since = nowMs - METRICS_WINDOW_DAYS * DAY;
  const recent = bookings.filter((b) => {
    const created = Date.parse(b.createdAt);
    return created > since && created <= nowMs;
  });
  const timelines = recent.map(timelineOf);
  const sessions = {
    completedSessions: recent.filter((b) => b.status === 'completed').length,
    mentorNoShows: recent.filter((b) => b.noShow?.absent === 'mentor').length,
    menteeNoShows: recent.filter((b) => b.noShow?.absent === 'mentee').length,
  };

  const approved = timelines.filter((t) => t.outcome === 'approved').length;
  const decided = timelines.filter((t) => t.outcome !== null).length;
  const approvalRate = decided === 0 ? null : approved / decided;

  const responseMinutes: number[] = [];
  let eligible = 0;
  let within = 0;
  for (const t of timelines) {
    if (t.firstResponse !== null) {
      const minutes = Math.max(0, (t.firstResponse - t.pendingSince) / MINUTE);
      responseMinutes.push(minutes);
      eligible++;
      if (minutes <= TARGET_MINUTES) within++;
    } else if (t.outcome === 'expired') {
      eligible++;
    } else if (((t.abandonedAt ?? nowMs) - t.pendingSince) / MINUTE > TARGET_MINUTES) {
      eligible++;
    }
  }
  const answeredWithin24hRate = eligible === 0 ? null : within / eligible;
  const medianResponseMinutes = median(responseMinutes);

  if (decided < NEW_MENTOR_MIN_DECIDED) {
    return {
      approvalRate,
      badge: 'new',
      decided,
      medianResponseMinutes,
      answeredWithin24hRate,
      searchBoost: 1,
      ...sessions,
    };
  }

  const answered = answeredWithin24hRate ?? 0;
  const badge =
    BADGE_TIERS.find(([, bar]) => (approvalRate ?? 0) >= bar && answered >= bar)?.[0] ?? ('none' as const);
  const speed = medianResponseMinutes === null ? 0 : Math.max(0, 1 - medianResponseMinutes / TARGET_MINUTES);
  const searchBoost = 0.5 + 0.5 * answered + 0.5 * speed;

  return {
    approvalRate,
    badge,
    decided,
    medianResponseMinutes,
    answeredWithin24hRate,
    searchBoost,
    ...sessions,
  };
}
