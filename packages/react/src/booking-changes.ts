import type { Booking, HistoryEntry } from '@greenlight/core/contract';
import { whoDid } from './history';
import type { Messages } from './messages';

/** What a card last showed of a booking: when any of it changes, the card's buttons no longer apply. */
export interface Seen {
  status: Booking['status'];
  start: string;
  proposalStart: string | null;
  historyLength: number;
}

export function seenOf(booking: Booking): Seen {
  return {
    status: booking.status,
    start: booking.start,
    proposalStart: booking.proposal?.start ?? null,
    historyLength: booking.history.length,
  };
}

/**
 * The history entry that changed `booking` since `seen`, or null when nothing that matters changed (a
 * metadata write or a reminder bumps the version but leaves the decision open). A change with no new entry
 * to show (history trimmed, say) comes back as `undefined`.
 */
export function changeSince(seen: Seen, booking: Booking): HistoryEntry | undefined | null {
  const same =
    booking.status === seen.status &&
    booking.start === seen.start &&
    (booking.proposal?.start ?? null) === seen.proposalStart;
  if (same) return null;
  const newer = booking.history.slice(seen.historyLength);
  return [...newer].reverse().find((entry) => entry.to !== undefined) ?? newer.at(-1);
}

/**
 * One sentence saying who changed the booking, how and where: "Ada already approved this on Slack."
 * `nameOf` turns a user id into a name (undefined while the name is loading: the id stands in).
 */
export function describeChange(
  entry: HistoryEntry | undefined,
  booking: Booking,
  viewerId: string,
  nameOf: (userId: string) => string | undefined,
  messages: Messages,
): string {
  if (!entry) return messages.changedMeanwhile;
  if (entry.actor === 'system') {
    return messages.notAvailableNow((messages.statuses[booking.status] ?? booking.status).toLowerCase());
  }
  // "Sam Lee for Mia Hoffmann already approved this on the web."
  const who = whoDid(entry.actor, entry.onBehalfOf, { viewerId, nameOf, messages });
  const what = messages.changes[entry.event] ?? entry.event.replaceAll('_', ' ');
  const where = entry.channel ? (messages.channels[entry.channel] ?? null) : null;
  return messages.decidedElsewhere(who, what, where);
}
