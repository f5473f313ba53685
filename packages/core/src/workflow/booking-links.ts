import { bookingEventText } from '../calendar/event-text';
import { calendarLinks } from '../calendar/links';
import type { Booking, CalendarLinks, Meeting } from '../contract/bookings';
import type { Parties } from './notification-text';

/** Where the booking's `.ics` is served (API.md); a path when no public URL is configured. */
export function icsUrlOf(bookingId: string, publicUrl?: string): string {
  const path = `/v1/bookings/${encodeURIComponent(bookingId)}/calendar.ics`;
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}${path}` : path;
}

/**
 * Calendar links for the session being confirmed at `start`–`end` (the proposal's time when a proposal is
 * accepted), with the same title and description as its `.ics`; the join URL is the location once
 * `meeting` is ready.
 */
export function linksFor(
  booking: Booking,
  parties: Parties,
  options: { start: string; end: string; icsUrl: string; meeting: Meeting },
): CalendarLinks {
  const session: Booking = {
    ...booking,
    status: 'approved',
    start: options.start,
    end: options.end,
    proposal: null,
    meeting: options.meeting,
  };
  const text = bookingEventText({ booking: session, ...parties });
  return calendarLinks({
    ...text,
    start: new Date(options.start),
    end: new Date(options.end),
    icsUrl: options.icsUrl,
  });
}
