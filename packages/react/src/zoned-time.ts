/**
 * Wall-clock times in a named time zone, for `<input type="datetime-local">`: the input shows and returns
 * `YYYY-MM-DDTHH:mm` with no zone, and the components read it in the mentor's (or mentee's) zone, not the
 * browser's. Intl is the only source of zone rules, so this runs the same in every browser and in Node.
 */

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

/** The zone's clock at `ms`, read as if it were UTC (milliseconds). */
function clockAsUtc(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of partsFormat(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** How far the zone's clock is ahead of UTC at `ms`, in milliseconds (negative west of Greenwich). */
function offsetAt(ms: number, timeZone: string): number {
  return clockAsUtc(Math.floor(ms / 1000) * 1000, timeZone) - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** What the clocks in `timeZone` read at `instant`, as a datetime-local value (`2026-12-01T16:00`). */
export function wallClock(instant: string | Date, timeZone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const clock = new Date(clockAsUtc(ms, timeZone));
  return (
    `${clock.getUTCFullYear()}-${pad(clock.getUTCMonth() + 1)}-${pad(clock.getUTCDate())}` +
    `T${pad(clock.getUTCHours())}:${pad(clock.getUTCMinutes())}`
  );
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The instant at which the clocks in `timeZone` read `wall` (`YYYY-MM-DDTHH:mm`), or null for anything else.
 * A time that a daylight-saving jump skips lands after the jump (02:30 on a spring-forward night is 03:30);
 * a time that happens twice is the first of the two.
 */
export function instantAt(wall: string, timeZone: string): Date | null {
  const match = WALL.exec(wall);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // The offset can differ on either side of the answer, so try the one before and the one after.
  const before = asUtc - offsetAt(asUtc - 86_400_000, timeZone);
  const after = asUtc - offsetAt(asUtc + 86_400_000, timeZone);
  const candidates = [before, after].filter((ms) => clockAsUtc(ms, timeZone) === asUtc).sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]!);
  // Skipped by a jump forward: the same wall time read with the offset from before the jump.
  return new Date(asUtc - offsetAt(asUtc - 86_400_000, timeZone));
}
