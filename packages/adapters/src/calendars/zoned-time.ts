import { offsetAt } from '@greenlight/core';

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `epochMs` (core's Intl reading, DST-safe). */
const offsetMs = (epochMs: number, timeZone: string): number => offsetAt(new Date(epochMs), timeZone);

/** Whether `name` is a zone Intl knows; reads through core's formatter cache, as every event asks again. */
export function isIanaTimeZone(name: string | null | undefined): name is string {
  if (!name) return false;
  try {
    offsetAt(new Date(0), name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant a wall-clock time in an IANA zone stands for. A time skipped by a DST jump resolves to the
 * instant after the jump; an ambiguous one (the repeated hour) to its first occurrence.
 */
export function zonedWallTimeToEpoch(wall: WallTime, timeZone: string): number {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const first = guess - offsetMs(guess, timeZone);
  const firstOffset = offsetMs(first, timeZone);
  if (guess - firstOffset === first) {
    // The repeated hour after DST ends has two answers; take the earlier one.
    const earlier = first - 3_600_000;
    return guess - offsetMs(earlier, timeZone) === earlier ? earlier : first;
  }
  return guess - firstOffset;
}
