import { describe, expect, it } from 'vitest';
import { isIanaTimeZone, zonedWallTimeToEpoch } from './zoned-time';

const wall = (year: number, month: number, day: number, hour = 0, minute = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second: 0,
});
const iso = (ms: number) => new Date(ms).toISOString();

describe('zonedWallTimeToEpoch', () => {
  it('converts wall-clock times in and out of daylight saving time', () => {
    expect(iso(zonedWallTimeToEpoch(wall(2026, 1, 15, 9), 'Europe/Berlin'))).toBe('2026-01-15T08:00:00.000Z');
    expect(iso(zonedWallTimeToEpoch(wall(2026, 7, 15, 9), 'Europe/Berlin'))).toBe('2026-07-15T07:00:00.000Z');
    expect(iso(zonedWallTimeToEpoch(wall(2026, 7, 15, 9), 'America/New_York'))).toBe(
      '2026-07-15T13:00:00.000Z',
    );
    expect(iso(zonedWallTimeToEpoch(wall(2026, 7, 15, 9), 'Asia/Kolkata'))).toBe('2026-07-15T03:30:00.000Z');
  });

  it('moves a time skipped by the spring jump past the jump', () => {
    expect(iso(zonedWallTimeToEpoch(wall(2026, 3, 29, 2, 30), 'Europe/Berlin'))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('takes the first of the repeated autumn hour', () => {
    expect(iso(zonedWallTimeToEpoch(wall(2026, 10, 25, 2, 30), 'Europe/Berlin'))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });
});

describe('isIanaTimeZone', () => {
  it('accepts IANA names and refuses others', () => {
    expect(isIanaTimeZone('Europe/Berlin')).toBe(true);
    expect(isIanaTimeZone('W. Europe Standard Time')).toBe(false);
    expect(isIanaTimeZone('')).toBe(false);
    expect(isIanaTimeZone(null)).toBe(false);
  });
});
