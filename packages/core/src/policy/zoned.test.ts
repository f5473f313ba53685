import { afterEach, describe, expect, it } from 'vitest';
import { formatInZone, isoInZone } from './time-format';
import { formatOffset, localDate, offsetAt, zonedFields } from './zoned';

describe('zonedFields', () => {
  it('reads the wall clock and weekday of an instant in a zone', () => {
    expect(zonedFields(new Date('2026-12-06T23:30:00Z'), 'Asia/Tokyo')).toEqual({
      year: 2026,
      month: 12,
      day: 7,
      hour: 8,
      minute: 30,
      second: 0,
      weekday: 1,
    });
  });

  it('writes midnight as hour 0, not 24', () => {
    expect(zonedFields(new Date('2026-12-06T23:00:00Z'), 'Europe/Berlin').hour).toBe(0);
  });

  it('names an unknown zone in its error', () => {
    expect(() => zonedFields(new Date(), 'Mars/Olympus')).toThrow('unknown time zone "Mars/Olympus"');
  });
});

describe('offsetAt', () => {
  it('gives the offset in force at the instant, across a DST change', () => {
    expect(offsetAt(new Date('2026-11-01T05:59:59Z'), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(offsetAt(new Date('2026-11-01T06:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(offsetAt(new Date('2026-12-01T00:00:00.999Z'), 'Asia/Kathmandu')).toBe(5.75 * 3_600_000);
  });
});

describe('formatOffset and localDate', () => {
  it('formats offsets with sign, hours and minutes', () => {
    expect(formatOffset(0)).toBe('+00:00');
    expect(formatOffset(-4 * 3_600_000)).toBe('-04:00');
    expect(formatOffset(5.75 * 3_600_000)).toBe('+05:45');
    expect(formatOffset(-9.5 * 3_600_000)).toBe('-09:30');
  });

  it('gives the local calendar date', () => {
    expect(localDate(new Date('2026-12-06T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-12-07');
    expect(localDate(new Date('2026-12-07T03:30:00Z'), 'America/Los_Angeles')).toBe('2026-12-06');
  });
});

describe("independence from the server's own zone", () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it('formats a Berlin time that falls in the New York spring-forward gap on a New York server', () => {
    // 01:30 UTC on 8 Mar 2026 is 02:30 CET in Berlin, a wall time that does not exist in New York that night.
    process.env.TZ = 'America/New_York';
    const instant = new Date('2026-03-08T01:30:00Z');
    expect(new Date(2026, 2, 8, 2, 30).getHours()).toBe(3);
    expect(isoInZone(instant, 'Europe/Berlin')).toBe('2026-03-08T02:30:00+01:00');
    expect(formatInZone(instant, 'Europe/Berlin')).toBe('Sun 8 Mar 2026, 02:30 CET (Europe/Berlin)');
  });
});
