import { describe, expect, it } from 'vitest';
import { instantAt, wallClock } from './zoned-time';

describe('wall-clock times in a named zone', () => {
  it('reads an instant on the zone’s clock, not the machine’s', () => {
    expect(wallClock('2026-12-01T15:00:00Z', 'Europe/Berlin')).toBe('2026-12-01T16:00');
    expect(wallClock('2026-12-01T15:00:00Z', 'America/New_York')).toBe('2026-12-01T10:00');
    expect(wallClock('2026-12-01T15:00:00Z', 'Asia/Kolkata')).toBe('2026-12-01T20:30');
  });

  it('turns a picked wall time back into the instant, across zones and seasons', () => {
    expect(instantAt('2026-12-01T16:00', 'Europe/Berlin')?.toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(instantAt('2026-07-01T16:00', 'Europe/Berlin')?.toISOString()).toBe('2026-07-01T14:00:00.000Z');
    expect(instantAt('2026-12-01T10:00', 'America/New_York')?.toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(instantAt('2026-12-01T20:30', 'Asia/Kolkata')?.toISOString()).toBe('2026-12-01T15:00:00.000Z');
  });

  it('round-trips every hour of a year in a zone with daylight saving', () => {
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 3_600_000) {
      const wall = wallClock(new Date(ms), 'America/New_York');
      const back = instantAt(wall, 'America/New_York')!.getTime();
      // A repeated hour (the fall-back night) maps to its first occurrence.
      expect(back === ms || back === ms - 3_600_000).toBe(true);
      expect(wallClock(new Date(back), 'America/New_York')).toBe(wall);
    }
  });

  it('moves a time skipped by the spring-forward jump past it, and takes the first of a repeated one', () => {
    // Berlin jumps from 02:00 to 03:00 on 2026-03-29 and falls back from 03:00 to 02:00 on 2026-10-25.
    expect(instantAt('2026-03-29T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(wallClock('2026-03-29T01:30:00Z', 'Europe/Berlin')).toBe('2026-03-29T03:30');
    expect(instantAt('2026-10-25T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses anything that is not YYYY-MM-DDTHH:mm', () => {
    expect(instantAt('', 'UTC')).toBeNull();
    expect(instantAt('2026-12-01', 'UTC')).toBeNull();
    expect(instantAt('tomorrow at 4', 'UTC')).toBeNull();
  });
});
