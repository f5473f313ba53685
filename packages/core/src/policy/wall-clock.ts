import { offsetAt as zoneOffsetAt } from './zoned';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const offsetAt = (timezone: string, instant: number) => zoneOffsetAt(new Date(instant), timezone);

/**
 * The instant at which clocks in `timezone` show `minutes` past midnight of the local `date`
 * (`YYYY-MM-DD`; `minutes` may reach 1440, i.e. midnight of the next day).
 *
 * Wall times are not instants twice a year:
 * - in a fall-back overlap the wall time happens twice; `prefer` picks the earlier or later one;
 * - in a spring-forward gap it never happens; the answer is the moment the clocks jump, the first
 *   instant at or after that wall time (so a window "02:30–05:00" on that night opens at 03:00).
 */
export function resolveWallTime(
  date: string,
  minutes: number,
  timezone: string,
  prefer: 'earliest' | 'latest',
): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day) + minutes * MINUTE;
  const before = offsetAt(timezone, wall - DAY);
  const after = offsetAt(timezone, wall + DAY);
  const candidates = [wall - before, wall - after].filter((t) => offsetAt(timezone, t) === wall - t);
  if (candidates.length > 0) {
    return new Date(prefer === 'earliest' ? Math.min(...candidates) : Math.max(...candidates));
  }
  return new Date(transitionBetween(timezone, wall - after, wall - before));
}

/** Binary search for the first instant in [lo, hi] whose offset differs from the offset at `lo`. */
function transitionBetween(timezone: string, lo: number, hi: number): number {
  const initial = offsetAt(timezone, lo);
  let low = lo;
  let high = hi;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (offsetAt(timezone, mid) === initial) low = mid;
    else high = mid;
  }
  return high;
}
