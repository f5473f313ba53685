import { BoundedCache } from '../bounded-cache';

/**
 * Wall-clock fields of an instant in an IANA zone, read straight from Intl.
 *
 * date-fns-tz's `formatInTimeZone`/`toZonedTime` pass the zoned time through a host-local `Date`,
 * so they are an hour off whenever that wall time falls in a DST gap of the *server's* zone
 * (marnusw/date-fns-tz#258, still open). Intl reads the instant directly and does not care
 * where the server runs.
 */
export interface ZonedFields {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const fieldFormatters = new BoundedCache<Intl.DateTimeFormat>(512);

function fieldFormatter(timezone: string): Intl.DateTimeFormat {
  return fieldFormatters.get(
    timezone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
  );
}

/** Throws a RangeError naming the zone when it is not a known IANA name. */
export function zonedFields(date: Date, timezone: string): ZonedFields {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = fieldFormatter(timezone).formatToParts(date);
  } catch (error) {
    if (error instanceof RangeError) throw new RangeError(`unknown time zone "${timezone}"`);
    throw error;
  }
  const value = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value);
  const year = value('year');
  const month = value('month');
  const day = value('day');
  return {
    year,
    month,
    day,
    hour: value('hour'),
    minute: value('minute'),
    second: value('second'),
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** The zone's offset from UTC at that instant, in milliseconds (east positive; +05:30 → 19 800 000). */
export function offsetAt(date: Date, timezone: string): number {
  const f = zonedFields(date, timezone);
  const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  const instant = date.getTime() - (((date.getTime() % 1000) + 1000) % 1000);
  return wall - instant;
}

/** Index = `ZonedFields.weekday`. */
export const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

export const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local calendar date, `YYYY-MM-DD`. */
export function localDate(date: Date, timezone: string): string {
  const f = zonedFields(date, timezone);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
}

/** `+01:00`, `-04:00`, `+05:45`. */
export function formatOffset(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  return `${offsetMs < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
