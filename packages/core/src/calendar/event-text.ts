import type { Booking } from '../contract/bookings';
import type { User } from '../contract/users';
import { formatInZone } from '../policy/time-format';

export interface EventText {
  title: string;
  description: string;
  /** The join URL once the meeting is ready; null before. */
  location: string | null;
}

/** The join URL, only once the meeting is ready. */
function joinUrlOf(booking: Booking): string | null {
  return booking.meeting?.status === 'ready' && booking.meeting.joinUrl ? booking.meeting.joinUrl : null;
}

/** `Mock interview: Ada Lovelace & Grace Hopper`, for calendar entries and the meeting's topic. */
export function sessionTitle(booking: Pick<Booking, 'sessionType'>, mentor: User, mentee: User): string {
  return `${booking.sessionType?.name ?? 'Mentoring session'}: ${mentor.name} & ${mentee.name}`;
}

/**
 * Title, description and location of a session as calendars show it, shared by the calendar links and
 * the `.ics` so both read the same. The description is plain text with `\n` line breaks.
 */
export function bookingEventText(input: { booking: Booking; mentor: User; mentee: User }): EventText {
  const { booking, mentor, mentee } = input;
  const kind = booking.sessionType?.name ?? 'Mentoring session';
  const joinUrl = joinUrlOf(booking);
  const lines: string[] = [];

  if (booking.status === 'cancelled' && booking.cancellation) {
    lines.push(`Cancelled by the ${booking.cancellation.by}: ${booking.cancellation.reason}`, '');
  }
  lines.push(`${kind} with ${mentor.name} (mentor) and ${mentee.name} (mentee).`);
  if (joinUrl) lines.push(`Join: ${joinUrl}`);
  else if (booking.meeting?.status === 'pending')
    lines.push('The video link follows once the meeting is ready.');
  if (booking.status === 'alternative_suggested' && booking.proposal) {
    lines.push(
      `${mentor.name} suggested another time: ${formatInZone(new Date(booking.proposal.start), mentee.timezone)}.`,
    );
  }
  if (booking.message) lines.push('', `Message from ${mentee.name}:`, booking.message);

  return {
    title: sessionTitle(booking, mentor, mentee),
    description: lines.join('\n'),
    location: joinUrl,
  };
}
