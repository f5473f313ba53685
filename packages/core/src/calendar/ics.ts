import type { Booking, BookingStatus } from '../contract/bookings';
import type { User } from '../contract/users';
import { bookingEventText } from './event-text';

export const DEFAULT_PRODID = '-//Greenlight//Greenlight Bookings//EN';

const CONFIRMED: readonly BookingStatus[] = ['approved', 'completed'];
const TENTATIVE: readonly BookingStatus[] = ['pending', 'alternative_suggested'];

/** `20261201T150000Z` (RFC 5545 DATE-TIME, UTC form). */
const utc = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');

// TEXT values may not hold control characters other than HTAB (RFC 5545 §3.3.11); line breaks become `\n`.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to remove
const TEXT_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** RFC 5545 §3.3.11 TEXT escaping: backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return value
    .replace(TEXT_CONTROL, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * A parameter value, always quoted: RFC 6868 caret encoding for `^`, `"` and line breaks, which a
 * quoted-string cannot hold, and no other control characters.
 */
export function paramValue(value: string): string {
  const encoded = value
    .replace(TEXT_CONTROL, '')
    .replace(/\^/g, '^^')
    .replace(/"/g, "^'")
    .replace(/\r\n|\r|\n/g, '^n')
    .replace(/\t/g, ' ');
  return `"${encoded}"`;
}

const utf8Octets = (codePoint: number) =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

/**
 * RFC 5545 §3.1 folding: lines longer than 75 octets are split with CRLF + one space, so each physical
 * line holds at most 75 octets including that space. Splits fall between code points, never inside a
 * UTF-8 sequence, and never inside a backslash escape such as `\n` or `\,`.
 */
export function foldLine(line: string): string {
  const units = line.match(/\\.|[\s\S]/gsu) ?? [];
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const unit of units) {
    let size = 0;
    for (const char of unit) size += utf8Octets(char.codePointAt(0)!);
    if (octets + size > limit) {
      lines.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space of a continuation line is one of its 75 octets
    }
    current += unit;
    octets += size;
  }
  lines.push(current);
  return lines.join('\r\n ');
}

/**
 * The booking as an RFC 5545 calendar with one VEVENT, for download and email attachments.
 *
 * - UID `<bookingId>@greenlight` (or `uid`): stable, so each new file updates the same calendar entry.
 * - SEQUENCE = booking.version − 1: `version` starts at 1 and grows by one on every stored change, so
 *   SEQUENCE starts at 0 and never goes down; clients apply a file only if its SEQUENCE is not older.
 * - DTSTAMP and LAST-MODIFIED = booking.updatedAt, CREATED = booking.createdAt: the same booking
 *   version always gives the same bytes.
 * - METHOD:REQUEST with STATUS:CONFIRMED (approved, completed) or TENTATIVE (pending, alternative
 *   suggested); REQUEST rather than PUBLISH because iTIP (RFC 5546) forbids ATTENDEE in a PUBLISH and
 *   the mentee is one. Cancelled, rejected, declined and expired bookings give METHOD:CANCEL with
 *   STATUS:CANCELLED, which removes the entry from calendars that had it.
 * - ORGANIZER is the mentor, ATTENDEE the mentee, each with CN; LOCATION and URL are the join URL
 *   once the meeting is ready.
 */
export function bookingIcs(input: {
  booking: Booking;
  mentor: User;
  mentee: User;
  uid?: string;
  prodId?: string;
}): string {
  const { booking, mentor, mentee } = input;
  const text = bookingEventText({ booking, mentor, mentee });
  const joinUrl = text.location;
  const cancelled = !CONFIRMED.includes(booking.status) && !TENTATIVE.includes(booking.status);
  const status = cancelled ? 'CANCELLED' : CONFIRMED.includes(booking.status) ? 'CONFIRMED' : 'TENTATIVE';

  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${input.prodId ?? DEFAULT_PRODID}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${cancelled ? 'CANCEL' : 'REQUEST'}`,
    'BEGIN:VEVENT',
    `UID:${input.uid ?? `${booking.id}@greenlight`}`,
    `SEQUENCE:${booking.version - 1}`,
    `DTSTAMP:${utc(booking.updatedAt)}`,
    `CREATED:${utc(booking.createdAt)}`,
    `LAST-MODIFIED:${utc(booking.updatedAt)}`,
    `DTSTART:${utc(booking.start)}`,
    `DTEND:${utc(booking.end)}`,
    `SUMMARY:${escapeText(text.title)}`,
    `DESCRIPTION:${escapeText(text.description)}`,
    ...(joinUrl ? [`LOCATION:${escapeText(joinUrl)}`, `URL:${joinUrl}`] : []),
    `ORGANIZER;CN=${paramValue(mentor.name)}:mailto:${mentor.email}`,
    `ATTENDEE;CN=${paramValue(mentee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:${mentee.email}`,
    `STATUS:${status}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
