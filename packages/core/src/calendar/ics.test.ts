import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { aBooking, aUser } from '../../test/policy-fixtures';
import type { Booking, BookingStatus } from '../contract/bookings';
import { bookingIcs, escapeText, foldLine, paramValue } from './ics';

const mentor = aUser({
  id: 'usr_mentor',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  timezone: 'Europe/Berlin',
});
const mentee = aUser({ id: 'usr_mentee', name: 'Grace Hopper', email: 'grace@example.com' });

const approved = (overrides: Partial<Booking> = {}) =>
  aBooking({
    id: 'bkg_01JF0000000000000000000000',
    status: 'approved',
    version: 4,
    sessionType: { name: 'System design review' },
    message: 'Could we go over my design doc?',
    updatedAt: '2026-11-02T09:30:00.000Z',
    meeting: {
      provider: 'zoom',
      status: 'ready',
      joinUrl: 'https://zoom.us/j/123456789?pwd=abc',
      id: '123456789',
    },
    ...overrides,
  });

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

const utf8Lines = (ics: string) => Buffer.from(ics, 'utf8').toString('latin1').split('\r\n');

describe('bookingIcs', () => {
  it('describes an approved session with every property an independent parser reads back', () => {
    const ics = bookingIcs({ booking: approved(), mentor, mentee });
    const { calendar, vevent, event } = parse(ics);

    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Greenlight//Greenlight Bookings//EN');
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(1);

    expect(event.uid).toBe('bkg_01JF0000000000000000000000@greenlight');
    expect(event.sequence).toBe(3);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-01T16:00:00.000Z');
    expect(event.startDate.zone?.tzid).toBe('UTC');
    expect(event.summary).toBe('System design review: Ada Lovelace & Grace Hopper');
    expect(event.description).toBe(
      [
        'System design review with Ada Lovelace (mentor) and Grace Hopper (mentee).',
        'Join: https://zoom.us/j/123456789?pwd=abc',
        '',
        'Message from Grace Hopper:',
        'Could we go over my design doc?',
      ].join('\n'),
    );
    expect(event.location).toBe('https://zoom.us/j/123456789?pwd=abc');
    expect(vevent.getFirstPropertyValue('url')).toBe('https://zoom.us/j/123456789?pwd=abc');
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(vevent.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-11-02T09:30:00Z');
    expect(vevent.getFirstPropertyValue('last-modified')?.toString()).toBe('2026-11-02T09:30:00Z');
    expect(vevent.getFirstPropertyValue('created')?.toString()).toBe('2026-11-01T10:00:00Z');

    const organizer = vevent.getFirstProperty('organizer')!;
    expect(organizer.getFirstValue()).toBe('mailto:ada@example.com');
    expect(organizer.getParameter('cn')).toBe('Ada Lovelace');
    const attendees = vevent.getAllProperties('attendee');
    expect(attendees).toHaveLength(1);
    expect(attendees[0]!.getFirstValue()).toBe('mailto:grace@example.com');
    expect(attendees[0]!.getParameter('cn')).toBe('Grace Hopper');
    expect(attendees[0]!.getParameter('partstat')).toBe('ACCEPTED');
  });

  it('ends every line with CRLF and keeps no bare LF', () => {
    const ics = bookingIcs({
      booking: approved({ message: 'line one\nline two\r\nline three' }),
      mentor,
      mentee,
    });
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('leaves out the join URL until the meeting is ready', () => {
    const ics = bookingIcs({
      booking: approved({ meeting: { provider: 'zoom', status: 'pending' } }),
      mentor,
      mentee,
    });
    const { vevent, event } = parse(ics);
    expect(event.location).toBeNull();
    expect(vevent.getFirstProperty('url')).toBeNull();
    expect(event.description).toContain('The video link follows once the meeting is ready.');
  });

  it('marks pending and suggested bookings tentative', () => {
    for (const status of ['pending', 'alternative_suggested'] as const) {
      const { calendar, vevent } = parse(
        bookingIcs({ booking: approved({ status, meeting: null }), mentor, mentee }),
      );
      expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(vevent.getFirstPropertyValue('status')).toBe('TENTATIVE');
    }
  });

  it("mentions the mentor's suggested time in the mentee's zone", () => {
    const booking = approved({
      status: 'alternative_suggested',
      meeting: null,
      proposal: {
        start: '2026-12-02T15:00:00.000Z',
        end: '2026-12-02T16:00:00.000Z',
        by: 'mentor',
        createdAt: '2026-11-02T09:30:00.000Z',
      },
    });
    expect(parse(bookingIcs({ booking, mentor, mentee })).event.description).toContain(
      'Ada Lovelace suggested another time: Wed 2 Dec 2026, 10:00 EST (America/New_York).',
    );
  });

  it('marks completed sessions confirmed', () => {
    const { vevent } = parse(bookingIcs({ booking: approved({ status: 'completed' }), mentor, mentee }));
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED, same UID and a higher SEQUENCE', () => {
    const before = approved();
    const after = approved({
      status: 'cancelled',
      version: before.version + 1,
      updatedAt: '2026-11-03T08:00:00.000Z',
      cancellation: {
        by: 'mentor',
        reason: 'Sick, sorry; can we redo next week?',
        at: '2026-11-03T08:00:00.000Z',
      },
    });
    const live = parse(bookingIcs({ booking: before, mentor, mentee }));
    const cancel = parse(bookingIcs({ booking: after, mentor, mentee }));

    expect(cancel.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancel.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancel.event.uid).toBe(live.event.uid);
    expect(cancel.event.sequence).toBeGreaterThan(live.event.sequence);
    expect(cancel.event.description.split('\n')[0]).toBe(
      'Cancelled by the mentor: Sick, sorry; can we redo next week?',
    );
    expect(cancel.vevent.getFirstProperty('organizer')).not.toBeNull();
    expect(cancel.vevent.getFirstProperty('attendee')).not.toBeNull();
  });

  it('cancels for every other final status that did not take place', () => {
    const finals: BookingStatus[] = ['rejected', 'declined', 'expired'];
    for (const status of finals) {
      const { calendar, vevent } = parse(
        bookingIcs({ booking: approved({ status, meeting: null }), mentor, mentee }),
      );
      expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
      expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    }
  });

  it('derives SEQUENCE from the version, starting at 0', () => {
    expect(parse(bookingIcs({ booking: approved({ version: 1 }), mentor, mentee })).event.sequence).toBe(0);
    expect(parse(bookingIcs({ booking: approved({ version: 9 }), mentor, mentee })).event.sequence).toBe(8);
  });

  it('accepts a custom UID and PRODID', () => {
    const { calendar, event } = parse(
      bookingIcs({
        booking: approved(),
        mentor,
        mentee,
        uid: 'abc@platform.example',
        prodId: '-//Acme//Mentors//EN',
      }),
    );
    expect(event.uid).toBe('abc@platform.example');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Acme//Mentors//EN');
  });

  it('is the same text for the same booking version', () => {
    expect(bookingIcs({ booking: approved(), mentor, mentee })).toBe(
      bookingIcs({ booking: approved(), mentor, mentee }),
    );
  });

  it('folds a long multi-byte description at 75 octets without splitting a UTF-8 sequence', () => {
    const message = `${'Grüße aus Köln — 日本語のテキスト 🎉👩🏽‍💻 '.repeat(30)}end`;
    const ics = bookingIcs({ booking: approved({ message }), mentor, mentee });

    const physical = utf8Lines(ics);
    expect(physical.length).toBeGreaterThan(30);
    for (const line of physical) expect(line.length).toBeLessThanOrEqual(75); // latin1 length = octets
    // A UTF-8 sequence split across lines would leave half a code point (a lone surrogate in JS) on each side.
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const line of ics.split('\r\n')) expect(line).not.toMatch(loneSurrogate);
    expect(ics.split('\r\n').some((line) => /^ .*[^ -~]/.test(line))).toBe(true);
    expect(parse(ics).event.description.endsWith(`Message from Grace Hopper:\n${message}`)).toBe(true);
  });

  it('round-trips backslashes, semicolons, commas and line breaks in text', () => {
    const message = 'Path C:\\temp\\new; items: a, b, c\nsecond line\r\nthird; done\\';
    const name = 'Grace "Amazing" Hopper, PhD; USN';
    const ics = bookingIcs({ booking: approved({ message }), mentor, mentee: { ...mentee, name } });
    const { vevent, event } = parse(ics);
    expect(event.description.endsWith(`Message from ${name}:\n${message.replace(/\r\n/g, '\n')}`)).toBe(true);
    expect(event.summary).toBe(`System design review: Ada Lovelace & ${name}`);
    expect(vevent.getFirstProperty('attendee')!.getParameter('cn')).toBe(name);
  });

  it('drops control characters TEXT values may not hold', () => {
    const ics = bookingIcs({
      booking: approved({ message: 'bell\u0007 and null\u0000 gone\ttab kept' }),
      mentor,
      mentee,
    });
    expect(parse(ics).event.description.endsWith('bell and null gone\ttab kept')).toBe(true);
  });
});

describe('escapeText', () => {
  it('escapes backslash first, then ; , and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });
});

describe('paramValue', () => {
  it('quotes and caret-encodes per RFC 6868', () => {
    expect(paramValue('Ada')).toBe('"Ada"');
    expect(paramValue('A "B" ^C\nD: E; F, G')).toBe(`"A ^'B^' ^^C^nD: E; F, G"`);
  });
});

describe('foldLine', () => {
  it('leaves a line of 75 octets alone and folds one of 76', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it('puts at most 74 octets after the leading space of continuation lines', () => {
    const folded = foldLine('y'.repeat(75 + 74 + 10)).split('\r\n');
    expect(folded.map((l) => l.length)).toEqual([75, 75, 11]);
  });

  it('moves a multi-byte character whole to the next line rather than split it', () => {
    // 74 ASCII octets + "é" (2 octets) = 76: the é must move.
    const folded = foldLine(`${'a'.repeat(74)}é`).split('\r\n');
    expect(folded).toEqual(['a'.repeat(74), ' é']);
    // An emoji is 4 octets and 2 UTF-16 units; it never splits either.
    const emoji = foldLine(`${'a'.repeat(73)}😀`).split('\r\n');
    expect(emoji).toEqual(['a'.repeat(73), ' 😀']);
  });

  it('keeps a backslash escape on one line', () => {
    const folded = foldLine(`${'a'.repeat(74)}\\n`).split('\r\n');
    expect(folded).toEqual(['a'.repeat(74), ' \\n']);
  });
});
