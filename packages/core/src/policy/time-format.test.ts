import { describe, expect, it } from 'vitest';
import { formatInZone, isoInZone, zoneAbbreviation } from './time-format';

const at = (iso: string) => new Date(iso);

describe('formatInZone', () => {
  it('writes the local time, its abbreviation and the zone name', () => {
    expect(formatInZone(at('2026-12-01T15:00:00Z'), 'Europe/Berlin')).toBe(
      'Tue 1 Dec 2026, 16:00 CET (Europe/Berlin)',
    );
    expect(formatInZone(at('2026-12-01T15:00:00Z'), 'America/New_York')).toBe(
      'Tue 1 Dec 2026, 10:00 EST (America/New_York)',
    );
  });

  it('uses summer time abbreviations in summer', () => {
    expect(formatInZone(at('2026-07-01T15:00:00Z'), 'Europe/Berlin')).toBe(
      'Wed 1 Jul 2026, 17:00 CEST (Europe/Berlin)',
    );
    expect(formatInZone(at('2026-07-01T15:00:00Z'), 'America/New_York')).toBe(
      'Wed 1 Jul 2026, 11:00 EDT (America/New_York)',
    );
  });

  it('moves to the next local day when the zone is ahead of UTC', () => {
    expect(formatInZone(at('2026-12-01T15:00:00Z'), 'Asia/Tokyo')).toBe(
      'Wed 2 Dec 2026, 00:00 GMT+9 (Asia/Tokyo)',
    );
  });

  it('skips the missing hour on the Berlin spring-forward night', () => {
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
    expect(formatInZone(at('2026-03-29T00:59:00Z'), 'Europe/Berlin')).toBe(
      'Sun 29 Mar 2026, 01:59 CET (Europe/Berlin)',
    );
    expect(formatInZone(at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(
      'Sun 29 Mar 2026, 03:00 CEST (Europe/Berlin)',
    );
  });

  it('tells the two 02:30s of the Berlin fall-back night apart', () => {
    // 2026-10-25: 03:00 CEST falls back to 02:00 CET (01:00 UTC).
    expect(formatInZone(at('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe(
      'Sun 25 Oct 2026, 02:30 CEST (Europe/Berlin)',
    );
    expect(formatInZone(at('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe(
      'Sun 25 Oct 2026, 02:30 CET (Europe/Berlin)',
    );
  });

  it('follows New York across both DST changes', () => {
    // 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
    expect(formatInZone(at('2026-03-08T06:59:00Z'), 'America/New_York')).toBe(
      'Sun 8 Mar 2026, 01:59 EST (America/New_York)',
    );
    expect(formatInZone(at('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(
      'Sun 8 Mar 2026, 03:00 EDT (America/New_York)',
    );
    expect(formatInZone(at('2026-11-01T05:30:00Z'), 'America/New_York')).toBe(
      'Sun 1 Nov 2026, 01:30 EDT (America/New_York)',
    );
    expect(formatInZone(at('2026-11-01T06:30:00Z'), 'America/New_York')).toBe(
      'Sun 1 Nov 2026, 01:30 EST (America/New_York)',
    );
  });

  it('rejects an unknown zone', () => {
    expect(() => formatInZone(at('2026-12-01T15:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('zoneAbbreviation', () => {
  it('finds abbreviations known only to some English locales', () => {
    expect(zoneAbbreviation(at('2026-12-01T15:00:00Z'), 'Australia/Sydney')).toBe('AEDT');
    expect(zoneAbbreviation(at('2026-12-01T15:00:00Z'), 'Asia/Kolkata')).toBe('IST');
    expect(zoneAbbreviation(at('2026-07-01T15:00:00Z'), 'Europe/London')).toBe('BST');
  });

  it('falls back to the offset where English has no abbreviation', () => {
    expect(zoneAbbreviation(at('2026-12-01T15:00:00Z'), 'America/Sao_Paulo')).toBe('GMT-3');
  });
});

describe('isoInZone', () => {
  it('writes RFC 3339 with the zone offset at that instant', () => {
    expect(isoInZone(at('2026-12-01T15:00:00Z'), 'Europe/Berlin')).toBe('2026-12-01T16:00:00+01:00');
    expect(isoInZone(at('2026-07-01T15:00:00Z'), 'Europe/Berlin')).toBe('2026-07-01T17:00:00+02:00');
    expect(isoInZone(at('2026-12-01T15:00:00Z'), 'Asia/Kolkata')).toBe('2026-12-01T20:30:00+05:30');
    expect(isoInZone(at('2026-12-01T15:00:00Z'), 'UTC')).toBe('2026-12-01T15:00:00+00:00');
  });

  it('gives different offsets to the repeated hour of a fall-back night', () => {
    expect(isoInZone(at('2026-11-01T05:30:00Z'), 'America/New_York')).toBe('2026-11-01T01:30:00-04:00');
    expect(isoInZone(at('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('2026-11-01T01:30:00-05:00');
  });

  it('handles the half-hour DST of Lord Howe Island', () => {
    // 2026-10-04 02:00 +10:30 → 02:30 +11:00 (15:30 UTC the day before).
    expect(isoInZone(at('2026-10-03T15:29:00Z'), 'Australia/Lord_Howe')).toBe('2026-10-04T01:59:00+10:30');
    expect(isoInZone(at('2026-10-03T15:30:00Z'), 'Australia/Lord_Howe')).toBe('2026-10-04T02:30:00+11:00');
  });

  it('round-trips to the same instant', () => {
    const instant = at('2026-03-29T01:15:00Z');
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu']) {
      expect(new Date(isoInZone(instant, zone)).getTime()).toBe(instant.getTime());
    }
  });
});
