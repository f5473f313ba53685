import { describe, expect, it } from 'vitest';
import type { AvailabilityWindow } from '../contract/users';
import { describeAvailability, isWithinAvailability } from './availability';
import { resolveWallTime } from './wall-clock';

const SUN = 0;
const MON = 1;
const TUE = 2;
const WED = 3;

function fits(start: string, end: string, windows: AvailabilityWindow[], timezone: string): boolean {
  return isWithinAvailability({ start: new Date(start), end: new Date(end), windows, timezone });
}

const window = (weekday: number, start: string, end: string): AvailabilityWindow => ({ weekday, start, end });

describe('isWithinAvailability', () => {
  const office = [window(MON, '09:00', '17:00'), window(WED, '10:00', '12:00')];

  it('treats an empty list as always available', () => {
    expect(fits('2026-12-06T03:00:00Z', '2026-12-06T04:00:00Z', [], 'Europe/Berlin')).toBe(true);
  });

  it('accepts a session inside a window, bounds included', () => {
    // Mon 7 Dec 2026, Berlin is UTC+1: 09:00–17:00 local = 08:00–16:00 UTC.
    expect(fits('2026-12-07T08:00:00Z', '2026-12-07T09:00:00Z', office, 'Europe/Berlin')).toBe(true);
    expect(fits('2026-12-07T15:00:00Z', '2026-12-07T16:00:00Z', office, 'Europe/Berlin')).toBe(true);
  });

  it('refuses a session that starts before or runs past its window', () => {
    expect(fits('2026-12-07T07:59:00Z', '2026-12-07T09:00:00Z', office, 'Europe/Berlin')).toBe(false);
    expect(fits('2026-12-07T15:30:00Z', '2026-12-07T16:30:00Z', office, 'Europe/Berlin')).toBe(false);
  });

  it('refuses a session on a day without windows', () => {
    expect(fits('2026-12-08T09:00:00Z', '2026-12-08T10:00:00Z', office, 'Europe/Berlin')).toBe(false);
  });

  it('refuses an empty or inverted interval', () => {
    expect(fits('2026-12-07T09:00:00Z', '2026-12-07T09:00:00Z', office, 'Europe/Berlin')).toBe(false);
    expect(fits('2026-12-07T10:00:00Z', '2026-12-07T09:00:00Z', [], 'Europe/Berlin')).toBe(false);
  });

  it("reads the weekday in the mentor's zone, not in UTC", () => {
    // Sun 6 Dec 23:30 UTC is Mon 7 Dec 08:30 in Tokyo.
    const tokyo = [window(MON, '08:00', '10:00')];
    expect(fits('2026-12-06T23:30:00Z', '2026-12-07T00:30:00Z', tokyo, 'Asia/Tokyo')).toBe(true);
    expect(fits('2026-12-06T23:30:00Z', '2026-12-07T00:30:00Z', [window(SUN, '00:00', '24:00')], 'UTC')).toBe(
      false,
    );
  });

  it('joins touching windows of the same day', () => {
    const split = [window(MON, '09:00', '12:00'), window(MON, '12:00', '17:00')];
    expect(fits('2026-12-07T10:30:00Z', '2026-12-07T11:30:00Z', split, 'Europe/Berlin')).toBe(true);
  });

  it('does not join windows separated by a gap', () => {
    const gap = [window(MON, '09:00', '12:00'), window(MON, '13:00', '17:00')];
    expect(fits('2026-12-07T10:30:00Z', '2026-12-07T12:30:00Z', gap, 'Europe/Berlin')).toBe(false);
  });

  it('lets "24:00" close the day, but never spans midnight into the next day', () => {
    const late = [window(MON, '22:00', '24:00'), window(TUE, '00:00', '02:00')];
    // Mon 23:00–24:00 Berlin = 22:00–23:00 UTC.
    expect(fits('2026-12-07T22:00:00Z', '2026-12-07T23:00:00Z', late, 'Europe/Berlin')).toBe(true);
    expect(fits('2026-12-07T22:00:00Z', '2026-12-08T00:00:00Z', late, 'Europe/Berlin')).toBe(false);
  });

  describe('Europe/Berlin across DST (2026-03-29 02:00→03:00, 2026-10-25 03:00→02:00)', () => {
    const sunday = [window(SUN, '09:00', '17:00')];

    it('keeps wall-clock bounds on the spring-forward day', () => {
      // 09:00 CEST = 07:00 UTC; a fixed winter offset would say 08:00 UTC.
      expect(fits('2026-03-29T07:00:00Z', '2026-03-29T08:00:00Z', sunday, 'Europe/Berlin')).toBe(true);
      expect(fits('2026-03-29T06:30:00Z', '2026-03-29T07:30:00Z', sunday, 'Europe/Berlin')).toBe(false);
      expect(fits('2026-03-29T14:00:00Z', '2026-03-29T15:00:00Z', sunday, 'Europe/Berlin')).toBe(true);
      expect(fits('2026-03-29T15:00:00Z', '2026-03-29T16:00:00Z', sunday, 'Europe/Berlin')).toBe(false);
    });

    it('keeps wall-clock bounds on the fall-back day', () => {
      // 09:00 CET = 08:00 UTC after the change.
      expect(fits('2026-10-25T08:00:00Z', '2026-10-25T09:00:00Z', sunday, 'Europe/Berlin')).toBe(true);
      expect(fits('2026-10-25T07:30:00Z', '2026-10-25T08:30:00Z', sunday, 'Europe/Berlin')).toBe(false);
    });

    it('shortens a window that spans the spring-forward change by an hour', () => {
      // 01:00 CET (00:00 UTC) to 04:00 CEST (02:00 UTC) is two real hours.
      const night = [window(SUN, '01:00', '04:00')];
      expect(fits('2026-03-29T00:00:00Z', '2026-03-29T02:00:00Z', night, 'Europe/Berlin')).toBe(true);
      expect(fits('2026-03-29T00:00:00Z', '2026-03-29T02:30:00Z', night, 'Europe/Berlin')).toBe(false);
    });

    it('lengthens a window that spans the fall-back change by an hour', () => {
      // 01:00 CEST (23:00 UTC the day before) to 04:00 CET (03:00 UTC) is four real hours.
      const night = [window(SUN, '01:00', '04:00')];
      expect(fits('2026-10-24T23:00:00Z', '2026-10-25T03:00:00Z', night, 'Europe/Berlin')).toBe(true);
      expect(fits('2026-10-24T22:59:00Z', '2026-10-25T00:00:00Z', night, 'Europe/Berlin')).toBe(false);
    });

    it('opens a window whose start falls in the spring-forward gap when the clocks jump', () => {
      // 02:30 does not exist; the window opens at 03:00 CEST = 01:00 UTC.
      const gap = [window(SUN, '02:30', '05:00')];
      expect(fits('2026-03-29T01:00:00Z', '2026-03-29T02:00:00Z', gap, 'Europe/Berlin')).toBe(true);
      expect(fits('2026-03-29T00:45:00Z', '2026-03-29T01:45:00Z', gap, 'Europe/Berlin')).toBe(false);
    });

    it('reads bounds in the fall-back overlap generously', () => {
      // 02:00–03:00 happens as 00:00–01:00 UTC (CEST) and 01:00–02:00 UTC (CET): the window spans both.
      const overlap = [window(SUN, '02:00', '03:00')];
      expect(fits('2026-10-25T00:00:00Z', '2026-10-25T02:00:00Z', overlap, 'Europe/Berlin')).toBe(true);
      expect(fits('2026-10-25T01:30:00Z', '2026-10-25T02:30:00Z', overlap, 'Europe/Berlin')).toBe(false);
    });

    it('gives a whole-day window 23 hours in spring and 25 in autumn', () => {
      const allDay = [window(SUN, '00:00', '24:00')];
      expect(fits('2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', allDay, 'Europe/Berlin')).toBe(true);
      expect(fits('2026-03-28T23:00:00Z', '2026-03-29T22:01:00Z', allDay, 'Europe/Berlin')).toBe(false);
      expect(fits('2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', allDay, 'Europe/Berlin')).toBe(true);
      expect(fits('2026-10-24T21:59:00Z', '2026-10-25T23:00:00Z', allDay, 'Europe/Berlin')).toBe(false);
    });
  });

  describe('America/New_York across DST (2026-03-08, 2026-11-01)', () => {
    const sunday = [window(SUN, '09:00', '17:00')];

    it('uses EDT after spring forward and EST after fall back', () => {
      expect(fits('2026-03-08T13:00:00Z', '2026-03-08T14:00:00Z', sunday, 'America/New_York')).toBe(true);
      expect(fits('2026-03-08T12:30:00Z', '2026-03-08T13:30:00Z', sunday, 'America/New_York')).toBe(false);
      expect(fits('2026-11-01T14:00:00Z', '2026-11-01T15:00:00Z', sunday, 'America/New_York')).toBe(true);
      expect(fits('2026-11-01T13:30:00Z', '2026-11-01T14:30:00Z', sunday, 'America/New_York')).toBe(false);
    });

    it('handles a window across the spring-forward change', () => {
      // 01:00 EST (06:00 UTC) to 04:00 EDT (08:00 UTC).
      const night = [window(SUN, '01:00', '04:00')];
      expect(fits('2026-03-08T06:00:00Z', '2026-03-08T08:00:00Z', night, 'America/New_York')).toBe(true);
      expect(fits('2026-03-08T06:00:00Z', '2026-03-08T08:01:00Z', night, 'America/New_York')).toBe(false);
    });
  });

  describe('Australia/Lord_Howe half-hour DST (2026-10-04 02:00→02:30 at +10:30→+11)', () => {
    it('opens a window at 02:15, inside the half-hour gap, when the clocks jump', () => {
      const gap = [window(SUN, '02:15', '04:00')];
      // The jump happens at 15:30 UTC on Sat 3 Oct; 04:00 +11:00 is 17:00 UTC.
      expect(fits('2026-10-03T15:30:00Z', '2026-10-03T17:00:00Z', gap, 'Australia/Lord_Howe')).toBe(true);
      expect(fits('2026-10-03T15:29:00Z', '2026-10-03T16:00:00Z', gap, 'Australia/Lord_Howe')).toBe(false);
    });
  });
});

describe('resolveWallTime', () => {
  it('returns the single instant of an ordinary wall time', () => {
    expect(resolveWallTime('2026-12-07', 9 * 60, 'Europe/Berlin', 'earliest').toISOString()).toBe(
      '2026-12-07T08:00:00.000Z',
    );
  });

  it('picks either occurrence of a repeated wall time', () => {
    expect(resolveWallTime('2026-11-01', 90, 'America/New_York', 'earliest').toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(resolveWallTime('2026-11-01', 90, 'America/New_York', 'latest').toISOString()).toBe(
      '2026-11-01T06:30:00.000Z',
    );
  });

  it('maps a skipped wall time to the moment the clocks jump', () => {
    expect(resolveWallTime('2026-03-08', 150, 'America/New_York', 'earliest').toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
  });

  it('rejects an unknown zone', () => {
    expect(() => resolveWallTime('2026-12-07', 0, 'Mars/Olympus', 'earliest')).toThrow(/Mars\/Olympus/);
  });
});

describe('describeAvailability', () => {
  it('lists windows Monday first, then by start time, with the zone', () => {
    const windows = [
      window(WED, '10:00', '12:00'),
      window(SUN, '08:00', '09:00'),
      window(MON, '09:00', '17:00'),
    ];
    expect(describeAvailability(windows, 'Europe/Berlin')).toBe(
      'Mon 09:00–17:00, Wed 10:00–12:00, Sun 08:00–09:00 (Europe/Berlin)',
    );
  });

  it('says "any time" for an empty list', () => {
    expect(describeAvailability([], 'America/New_York')).toBe('any time (America/New_York)');
  });
});
