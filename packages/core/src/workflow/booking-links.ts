import { calendarLinks } from '../calendar/links';
import type { Booking, CalendarLinks } from '../contract/bookings';
import type { Parties } from './notification-text';

/** Where the booking's `.ics` is served (API.md); a path when no public URL is configured. */
export function icsUrlOf(bookingId: string, publicUrl?: string): string {
  const path = `/v1/bookings/${encodeURIComponent(bookingId)}/calendar.ics`;
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}${path}` : path;
}

export function sessionTitle(booking: Booking, parties: Parties): string {
  const kind = booking.sessionType?.name ?? 'Mentoring session';
  return `${kind}: ${parties.mentor.name} & ${parties.mentee.name}`;
}

/**
 * Calendar links for the booking at `times` (the proposal's time when a proposal is accepted), with the
 * meeting's join URL as location once the meeting exists.
 */
export function linksFor(
  booking: Booking,
  parties: Parties,
  options: { start: string; end: string; icsUrl: string; joinUrl?: string },
): CalendarLinks {
  const description = [
    options.joinUrl ? `Join: ${options.joinUrl}` : 'The meeting link follows once the meeting is created.',
    booking.message ? `Message from ${parties.mentee.name}: ${booking.message}` : null,
  ]
    .filter(Boolean)
    .join('\n\n');
  return calendarLinks({
    title: sessionTitle(booking, parties),
    description,
    location: options.joinUrl ?? '',
    start: new Date(options.start),
    end: new Date(options.end),
    icsUrl: options.icsUrl,
  });
}
