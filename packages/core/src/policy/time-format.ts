import { BoundedCache } from '../bounded-cache';
import { formatOffset, offsetAt, pad, WEEKDAY_NAMES, zonedFields } from './zoned';

/**
 * English locales tried in turn for a zone abbreviation: ICU only knows "CET" in en-GB, "EST" in en-US,
 * "AEDT" in en-AU, "IST" (India) in en-IN, and so on; every other locale says "GMT+1".
 */
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'en-NZ', 'en-CA', 'en-IE', 'en-ZA'];
const OFFSET_STYLE = /^(GMT|UTC)[+-]/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const nameFormatters = new BoundedCache<Intl.DateTimeFormat>(1024);
/** The same booking times are shown again and again (notifications, emails, reviews) and cost several Intl calls. */
const formatted = new BoundedCache<string>(2048);

function shortZoneName(date: Date, timezone: string, locale: string): string {
  const formatter = nameFormatters.get(
    `${locale}|${timezone}`,
    () => new Intl.DateTimeFormat(locale, { timeZone: timezone, timeZoneName: 'short' }),
  );
  return formatter.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? '';
}

/**
 * The abbreviation people use for the zone at that instant ("CET", "CEST", "EDT"), or the
 * offset ("GMT+5:30", "GMT+11") where English has none. It changes across DST, which is what
 * tells the two 02:30s of a fall-back night apart.
 */
export function zoneAbbreviation(date: Date, timezone: string): string {
  let fallback = '';
  for (const locale of ABBREVIATION_LOCALES) {
    const name = shortZoneName(date, timezone, locale);
    if (!OFFSET_STYLE.test(name)) return name;
    fallback ||= name;
  }
  return fallback;
}

/** A time as a person in `timezone` reads it: `Tue 1 Dec 2026, 16:00 CET (Europe/Berlin)`. */
export function formatInZone(date: Date, timezone: string): string {
  return formatted.get(`${timezone} ${date.getTime()}`, () => {
    const f = zonedFields(date, timezone);
    const local = `${WEEKDAY_NAMES[f.weekday]} ${f.day} ${MONTHS[f.month - 1]} ${f.year}, ${pad(f.hour)}:${pad(f.minute)}`;
    return `${local} ${zoneAbbreviation(date, timezone)} (${timezone})`;
  });
}

/**
 * RFC 3339 with the zone's offset at that instant, e.g. `2026-12-01T16:00:00+01:00`.
 * UTC is written `+00:00` rather than `Z` so the string always reads as local wall time.
 */
export function isoInZone(date: Date, timezone: string): string {
  const f = zonedFields(date, timezone);
  const local = `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`;
  return `${local}${formatOffset(offsetAt(date, timezone))}`;
}
