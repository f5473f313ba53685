import type { CalendarLinks } from '../contract/bookings';

export interface CalendarEventInput {
  title: string;
  description?: string | null;
  location?: string | null;
  start: Date;
  end: Date;
  /** Where the booking's `.ics` can be downloaded; returned as the `ics` link. */
  icsUrl: string;
}

/**
 * Link-based calendars put everything in the URL, and some servers refuse long ones (a 4 000-character
 * message in a non-Latin script is 30 000+ characters once encoded). The `.ics` carries the full text.
 */
export const MAX_LINK_DESCRIPTION = 1000;

function shorten(text: string, max: number): string {
  // A string has at least as many UTF-16 units as characters: short ones need no counting.
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** `20261201T150000Z`: the basic ISO 8601 UTC form Google and Yahoo expect. */
const basicUtc = (date: Date) =>
  date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
/** `2026-12-01T15:00:00Z`: the extended form Outlook expects, without milliseconds. */
const extendedUtc = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Percent-encodes a value: spaces as %20, which all four services read (a `+` shows up literally in
 * Outlook). `/` is legal in a query and stays as is, so Google's `dates=START/END` reads as documented.
 * Empty and missing values come back as null, so the parameter is left out.
 */
function encode(value: string | null | undefined): string | null {
  return value ? encodeURIComponent(value).replace(/%2F/g, '/') : null;
}

/** `base?key=value&…` from values already encoded; null values are left out. */
function withQuery(base: string, params: Array<[string, string | null]>): string {
  let query = '';
  for (const [key, value] of params) {
    if (value !== null) query += `${query ? '&' : ''}${key}=${value}`;
  }
  return `${base}?${query}`;
}

/**
 * "Add to calendar" links for one session, all in UTC so no service has to guess a zone:
 * - Google: `calendar/render?action=TEMPLATE&text&dates=START/END&details&location`
 * - Yahoo: `?v=60&title&st&et&desc&in_loc`
 * - Outlook.com and Office 365: `calendar/0/action/compose?rru=addevent&subject&startdt&enddt&body&location`
 * - `ics`: the booking's downloadable `.ics`
 * Empty description and location are left out.
 */
export function calendarLinks(event: CalendarEventInput): CalendarLinks {
  // Each value is encoded once and shared by the four links.
  const title = encode(event.title);
  const description = encode(event.description ? shorten(event.description, MAX_LINK_DESCRIPTION) : null);
  const location = encode(event.location);
  const start = encode(basicUtc(event.start));
  const end = encode(basicUtc(event.end));

  const outlookParams: Array<[string, string | null]> = [
    ['rru', 'addevent'],
    ['subject', title],
    ['startdt', encode(extendedUtc(event.start))],
    ['enddt', encode(extendedUtc(event.end))],
    ['allday', 'false'],
    ['body', description],
    ['location', location],
  ];

  return {
    google: withQuery('https://calendar.google.com/calendar/render', [
      ['action', 'TEMPLATE'],
      ['text', title],
      ['dates', `${start}/${end}`],
      ['details', description],
      ['location', location],
    ]),
    yahoo: withQuery('https://calendar.yahoo.com/', [
      ['v', '60'],
      ['title', title],
      ['st', start],
      ['et', end],
      ['desc', description],
      ['in_loc', location],
    ]),
    outlook: withQuery('https://outlook.live.com/calendar/0/action/compose', outlookParams),
    office365: withQuery('https://outlook.office.com/calendar/0/action/compose', outlookParams),
    ics: event.icsUrl,
  };
}
