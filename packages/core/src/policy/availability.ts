import type { AvailabilityWindow } from '../contract/users';
import { resolveWallTime } from './wall-clock';
import { localDate as localDateOf, WEEKDAY_NAMES, zonedFields } from './zoned';

const END_OF_DAY = 24 * 60;
/** Monday first (ISO 8601) when listing windows. */
const LISTING_ORDER = [1, 2, 3, 4, 5, 6, 0];

/** "HH:MM" → minutes after midnight; the contract's pattern admits 24:01–24:59, which can only mean end of day. */
function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return Math.min(hours * 60 + minutes, END_OF_DAY);
}

/** Windows of one weekday as minute ranges, with overlapping or touching ones joined (09–12 + 12–17 = 09–17). */
function rangesOn(weekday: number, windows: AvailabilityWindow[]): Array<[number, number]> {
  const ranges = windows
    .filter((w) => w.weekday === weekday)
    .map((w): [number, number] => [minutesOf(w.start), minutesOf(w.end)])
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/**
 * Whether the session [start, end) lies inside the mentor's weekly availability.
 *
 * - Windows are wall-clock times on a weekday in the mentor's `timezone`; an empty list means
 *   always available.
 * - The whole session must fit inside one window of the local day on which it starts
 *   (touching windows of that day count as one). A session crossing local midnight never fits,
 *   except one ending exactly at a window's "24:00".
 * - Windows are turned into instants on that very day, so a window keeps its wall-clock bounds
 *   across DST changes (09:00–17:00 is 09:00–17:00 local in summer and winter, and a window
 *   spanning the change is an hour shorter or longer). A bound in a fall-back overlap is read
 *   generously (a window opens at the first 02:30 and closes at the second); a bound in a
 *   spring-forward gap is the moment the clocks jump.
 */
export function isWithinAvailability(input: {
  start: Date;
  end: Date;
  windows: AvailabilityWindow[];
  timezone: string;
}): boolean {
  const { start, end, windows, timezone } = input;
  if (end.getTime() <= start.getTime()) return false;
  if (windows.length === 0) return true;

  const localDate = localDateOf(start, timezone);
  return rangesOn(zonedFields(start, timezone).weekday, windows).some(([from, to]) => {
    const opens = resolveWallTime(localDate, from, timezone, 'earliest');
    const closes = resolveWallTime(localDate, to, timezone, 'latest');
    return opens.getTime() <= start.getTime() && end.getTime() <= closes.getTime();
  });
}

/** The availability in words for error messages: `Mon 09:00–17:00, Wed 10:00–12:00 (Europe/Berlin)`. */
export function describeAvailability(windows: AvailabilityWindow[], timezone: string): string {
  if (windows.length === 0) return `any time (${timezone})`;
  const sorted = [...windows].sort(
    (a, b) =>
      LISTING_ORDER.indexOf(a.weekday) - LISTING_ORDER.indexOf(b.weekday) || a.start.localeCompare(b.start),
  );
  const parts = sorted.map((w) => `${WEEKDAY_NAMES[w.weekday]} ${w.start}–${w.end}`);
  return `${parts.join(', ')} (${timezone})`;
}
