import { describe, expect, it } from 'vitest';
import { busyIntervals, parseICalendar, RecurrenceLimitError } from './ical-busy';

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

describe('busyIntervals on costly rules', () => {
  const hourly = (rule: string, since = '20211024') => `
    UID:hourly@example.com
    DTSTAMP:20261101T000000Z
    DTSTART;TZID=Europe/Berlin:${since}T000000
    DTEND;TZID=Europe/Berlin:${since}T001500
    RRULE:${rule}
    SUMMARY:Ping`;

  it('refuses SECONDLY and MINUTELY rules before expanding any occurrence', () => {
    for (const freq of ['SECONDLY', 'MINUTELY']) {
      const ics = calendar(`
        UID:${freq}@example.com
        DTSTAMP:20261101T000000Z
        DTSTART:20000101T000000Z
        DTEND:20000101T000001Z
        RRULE:FREQ=${freq}
        SUMMARY:Flood`);
      const read = () =>
        busyIntervals(parseICalendar(ics), {
          from: new Date('2026-12-01T00:00:00Z'),
          to: new Date('2026-12-02T00:00:00Z'),
          timeZone: 'UTC',
          maxOccurrences: 1,
        });
      expect(read).toThrow(RecurrenceLimitError);
      expect(read).toThrow(`"Flood" repeats ${freq}`);
    }
  });

  it('finds an hourly series started five years ago in the window, skipping to it within a small budget', () => {
    const ics = calendar(hourly('FREQ=HOURLY;INTERVAL=2'));
    const found = busyIntervals(parseICalendar(ics), {
      from: new Date('2026-12-01T10:00:00Z'),
      to: new Date('2026-12-01T14:00:00Z'),
      timeZone: 'Europe/Berlin',
      maxOccurrences: 100,
    });
    // Every second Berlin hour from midnight: in winter (UTC+1) 12:00 and 14:00 are 11:00 and 13:00 UTC.
    expect(found.map((b) => [b.start.toISOString(), b.end.toISOString()])).toEqual([
      ['2026-12-01T11:00:00.000Z', '2026-12-01T11:15:00.000Z'],
      ['2026-12-01T13:00:00.000Z', '2026-12-01T13:15:00.000Z'],
    ]);
  });

  it('skips to the window exactly as stepping through every occurrence would, across a DST change', () => {
    const window = { from: new Date('2026-10-24T20:00:00Z'), to: new Date('2026-10-25T06:00:00Z') };
    const read = (rule: string, since = '20251024') =>
      busyIntervals(parseICalendar(calendar(hourly(rule, since))), {
        ...window,
        timeZone: 'Europe/Berlin',
      }).map((b) => b.start.toISOString());
    // BYxxx parts naming the same series make a rule that is not a plain period, so it is stepped from DTSTART.
    const stepped = read('FREQ=HOURLY;INTERVAL=3;BYMINUTE=0');
    expect(stepped.length).toBeGreaterThan(2);
    expect(read('FREQ=HOURLY;INTERVAL=3')).toEqual(stepped);
    expect(read('FREQ=DAILY')).toEqual(['2026-10-24T22:00:00.000Z']);
    expect(read('FREQ=DAILY;BYHOUR=0')).toEqual(['2026-10-24T22:00:00.000Z']);
    // 27 October 2024 and 25 October 2026 are Sundays 104 weeks apart.
    expect(read('FREQ=WEEKLY;INTERVAL=2', '20241027')).toEqual(['2026-10-24T22:00:00.000Z']);
    expect(read('FREQ=WEEKLY;INTERVAL=2;BYDAY=SU', '20241027')).toEqual(['2026-10-24T22:00:00.000Z']);
  });

  it('finds nothing from a plain series whose UNTIL has passed', () => {
    const ics = calendar(hourly('FREQ=DAILY;UNTIL=20220101T000000Z'));
    expect(busy(ics, '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z')).toEqual([]);
  });

  it('gives up, never reporting free, when the whole calendar needs more occurrences than allowed', () => {
    const weekdays = (uid: string) => `
      UID:${uid}@example.com
      DTSTAMP:20261101T000000Z
      DTSTART:20260101T090000Z
      DTEND:20260101T093000Z
      RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR`;
    const window = {
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2026-12-02T00:00:00Z'),
      timeZone: 'UTC',
      maxOccurrences: 300,
    };
    // One series takes about 240 steps to reach December; two together exceed the budget.
    expect(busyIntervals(parseICalendar(calendar(weekdays('a'))), window)).toHaveLength(1);
    expect(() => busyIntervals(parseICalendar(calendar(weekdays('a'), weekdays('b'))), window)).toThrow(
      /more than 300 occurrences/,
    );
  });
});
