export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `epochMs`. */
function offsetMs(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

export function isIanaTimeZone(name: string | null | undefined): name is string {
  if (!name) return false;
  try {
    formatterFor(name);
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
