import { bookingEventText } from '../calendar/event-text';
import { calendarLinks } from '../calendar/links';
import type { Booking, CalendarLinks, Meeting } from '../contract/bookings';
import type { Parties } from './notification-text';

/**
 * Where the booking's `.ics` is served (API.md): `{publicUrl}/v1/bookings/{id}/calendar.ics`, or only the path
 * when no public URL is given. The route asks for credentials; see `IcsUrlFor` for links that open without.
 */
export function icsUrlOf(bookingId: string, publicUrl?: string): string {
  const path = `/v1/bookings/${encodeURIComponent(bookingId)}/calendar.ics`;
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}${path}` : path;
}

/**
 * Makes the `.ics` URL put in a booking's calendar links, e.g. `icsUrlOf` plus a signed token so that the link
 * opens from an email or a calendar app without credentials. Core only calls it; the host holds the key.
 */
export type IcsUrlFor = (bookingId: string) => string | Promise<string>;

/**
 * The booking with its `.ics` link made again by `icsUrl` (nothing changes without calendar links): a booking
 * stored with an older link, e.g. one without a token, goes out with the current one.
 */
export async function withIcsUrl<B extends Booking>(booking: B, icsUrl: IcsUrlFor): Promise<B> {
  if (!booking.calendarLinks) return booking;
  const ics = await icsUrl(booking.id);
  return ics === booking.calendarLinks.ics
    ? booking
    : { ...booking, calendarLinks: { ...booking.calendarLinks, ics } };
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
