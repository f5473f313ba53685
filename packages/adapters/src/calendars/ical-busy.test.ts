import { describe, expect, it } from 'vitest';
import { busyIntervals, parseICalendar } from './ical-busy';

const calendar = (...events: string[]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
    'BEGIN:VTIMEZONE',
    'TZID:Europe/Berlin',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'TZNAME:CEST',
    'DTSTART:19700329T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'TZNAME:CET',
    'DTSTART:19701025T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VTIMEZONE',
    'TZID:W. Europe Standard Time',
    'BEGIN:STANDARD',
    'DTSTART:16010101T030000',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:16010101T020000',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
    ...events.flatMap((e) => [
      'BEGIN:VEVENT',
      ...e
        .trim()
        .split('\n')
        .map((l) => l.trim()),
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
    '',
  ].join('\r\n');

function busy(ics: string, from: string, to: string, timeZone = 'Europe/Berlin') {
  return busyIntervals(parseICalendar(ics), { from: new Date(from), to: new Date(to), timeZone }).map(
    (b) => ({
      start: b.start.toISOString(),
      end: b.end.toISOString(),
      summary: b.summary,
    }),
  );
}

describe('busyIntervals', () => {
  it('reads a single event in UTC', () => {
    const ics = calendar(`
      UID:one@example.com
      DTSTAMP:20261101T000000Z
      DTSTART:20261201T150000Z
      DTEND:20261201T160000Z
      SUMMARY:Dentist`);
    expect(busy(ics, '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z')).toEqual([
      { start: '2026-12-01T15:00:00.000Z', end: '2026-12-01T16:00:00.000Z', summary: 'Dentist' },
    ]);
    expect(busy(ics, '2026-12-01T16:00:00Z', '2026-12-02T00:00:00Z')).toEqual([]);
  });

  it('expands a weekly RRULE across the DST change, leaving out EXDATEs and applying a RECURRENCE-ID move', () => {
    const ics = calendar(
      `UID:weekly@example.com
      DTSTAMP:20261101T000000Z
      DTSTART;TZID=Europe/Berlin:20261013T100000
      DTEND;TZID=Europe/Berlin:20261013T110000
      RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6
      EXDATE;TZID=Europe/Berlin:20261103T100000
      SUMMARY:Team sync`,
      `UID:weekly@example.com
      DTSTAMP:20261101T000000Z
      RECURRENCE-ID;TZID=Europe/Berlin:20261110T100000
      DTSTART;TZID=Europe/Berlin:20261111T140000
      DTEND;TZID=Europe/Berlin:20261111T153000
      SUMMARY:Team sync (moved)`,
    );
    expect(busy(ics, '2026-10-01T00:00:00Z', '2026-12-31T00:00:00Z')).toEqual([
      { start: '2026-10-13T08:00:00.000Z', end: '2026-10-13T09:00:00.000Z', summary: 'Team sync' },
      { start: '2026-10-20T08:00:00.000Z', end: '2026-10-20T09:00:00.000Z', summary: 'Team sync' },
      // Winter time from 25 October: 10:00 Berlin is 09:00 UTC.
      { start: '2026-10-27T09:00:00.000Z', end: '2026-10-27T10:00:00.000Z', summary: 'Team sync' },
      { start: '2026-11-11T13:00:00.000Z', end: '2026-11-11T14:30:00.000Z', summary: 'Team sync (moved)' },
      { start: '2026-11-17T09:00:00.000Z', end: '2026-11-17T10:00:00.000Z', summary: 'Team sync' },
    ]);
  });

  it('keeps only the occurrences inside the window and finds an override moved into it', () => {
    const ics = calendar(
      `UID:daily@example.com
      DTSTAMP:20261101T000000Z
      DTSTART:20200101T070000Z
      DTEND:20200101T073000Z
      RRULE:FREQ=DAILY
      SUMMARY:Standup`,
      `UID:daily@example.com
      DTSTAMP:20261101T000000Z
      RECURRENCE-ID:20261130T070000Z
      DTSTART:20261202T120000Z
      DTEND:20261202T130000Z
      SUMMARY:Standup (moved)`,
    );
    expect(busy(ics, '2026-12-02T00:00:00Z', '2026-12-02T23:59:59Z')).toEqual([
      { start: '2026-12-02T07:00:00.000Z', end: '2026-12-02T07:30:00.000Z', summary: 'Standup' },
      { start: '2026-12-02T12:00:00.000Z', end: '2026-12-02T13:00:00.000Z', summary: 'Standup (moved)' },
    ]);
  });

  it('reads all-day events as whole days in the mentor time zone', () => {
    const ics = calendar(`
      UID:allday@example.com
      DTSTAMP:20261101T000000Z
      DTSTART;VALUE=DATE:20261201
      DTEND;VALUE=DATE:20261203
      SUMMARY:Conference`);
    expect(busy(ics, '2026-11-30T00:00:00Z', '2026-12-05T00:00:00Z', 'America/New_York')).toEqual([
      { start: '2026-12-01T05:00:00.000Z', end: '2026-12-03T05:00:00.000Z', summary: 'Conference' },
    ]);
  });

  it('reads an all-day event without DTEND as one day', () => {
    const ics = calendar(`
      UID:allday1@example.com
      DTSTAMP:20261101T000000Z
      DTSTART;VALUE=DATE:20261201
      SUMMARY:Holiday`);
    expect(busy(ics, '2026-11-30T00:00:00Z', '2026-12-05T00:00:00Z')).toEqual([
      { start: '2026-11-30T23:00:00.000Z', end: '2026-12-01T23:00:00.000Z', summary: 'Holiday' },
    ]);
  });

  it('resolves Outlook time-zone names through the feed VTIMEZONE, IANA TZIDs without one, and floating times', () => {
    const ics = calendar(
      `UID:outlook@example.com
      DTSTAMP:20261101T000000Z
      DTSTART;TZID=W. Europe Standard Time:20261201T090000
      DTEND;TZID=W. Europe Standard Time:20261201T100000
      SUMMARY:Outlook`,
      `UID:ny@example.com
      DTSTAMP:20261101T000000Z
      DTSTART;TZID=America/New_York:20261201T090000
      DTEND;TZID=America/New_York:20261201T100000
      SUMMARY:New York`,
      `UID:floating@example.com
      DTSTAMP:20261101T000000Z
      DTSTART:20261201T120000
      DTEND:20261201T123000
      SUMMARY:Floating`,
    );
    expect(busy(ics, '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z', 'Asia/Tokyo')).toEqual([
      { start: '2026-12-01T03:00:00.000Z', end: '2026-12-01T03:30:00.000Z', summary: 'Floating' },
      { start: '2026-12-01T08:00:00.000Z', end: '2026-12-01T09:00:00.000Z', summary: 'Outlook' },
      { start: '2026-12-01T14:00:00.000Z', end: '2026-12-01T15:00:00.000Z', summary: 'New York' },
    ]);
  });

  it('reads DURATION instead of DTEND', () => {
    const ics = calendar(`
      UID:duration@example.com
      DTSTAMP:20261101T000000Z
      DTSTART:20261201T150000Z
      DURATION:PT90M`);
    expect(busy(ics, '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z')).toEqual([
      { start: '2026-12-01T15:00:00.000Z', end: '2026-12-01T16:30:00.000Z', summary: undefined },
    ]);
  });

  it('ignores transparent (free) and cancelled events, and cancelled occurrences of a series', () => {
    const ics = calendar(
      `UID:free@example.com
      DTSTAMP:20261101T000000Z
      DTSTART:20261201T150000Z
      DTEND:20261201T160000Z
      TRANSP:TRANSPARENT
      SUMMARY:Focus (free)`,
      `UID:cancelled@example.com
      DTSTAMP:20261101T000000Z
      DTSTART:20261201T150000Z
      DTEND:20261201T160000Z
      STATUS:CANCELLED`,
      `UID:series@example.com
      DTSTAMP:20261101T000000Z
      DTSTART:20261130T150000Z
      DTEND:20261130T160000Z
      RRULE:FREQ=DAILY;COUNT=3
      SUMMARY:Series`,
      `UID:series@example.com
      DTSTAMP:20261101T000000Z
      RECURRENCE-ID:20261201T150000Z
      DTSTART:20261201T150000Z
      DTEND:20261201T160000Z
      STATUS:CANCELLED`,
    );
    expect(busy(ics, '2026-11-30T00:00:00Z', '2026-12-03T00:00:00Z').map((b) => b.start)).toEqual([
      '2026-11-30T15:00:00.000Z',
      '2026-12-02T15:00:00.000Z',
    ]);
  });

  it('applies a THISANDFUTURE override to the following occurrences', () => {
    const ics = calendar(
      `UID:range@example.com
      DTSTAMP:20261101T000000Z
      DTSTART:20261130T150000Z
      DTEND:20261130T160000Z
      RRULE:FREQ=DAILY;COUNT=4`,
      `UID:range@example.com
      DTSTAMP:20261101T000000Z
      RECURRENCE-ID;RANGE=THISANDFUTURE:20261202T150000Z
      DTSTART:20261202T170000Z
      DTEND:20261202T180000Z`,
    );
    expect(busy(ics, '2026-11-30T00:00:00Z', '2026-12-05T00:00:00Z').map((b) => b.start)).toEqual([
      '2026-11-30T15:00:00.000Z',
      '2026-12-01T15:00:00.000Z',
      '2026-12-02T17:00:00.000Z',
      '2026-12-03T17:00:00.000Z',
    ]);
  });
});

describe('parseICalendar', () => {
  it('refuses text that is not iCalendar', () => {
    expect(() => parseICalendar('<html>Sign in</html>')).toThrow();
    expect(() => parseICalendar('BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n')).toThrow(/VCALENDAR/);
  });
});
