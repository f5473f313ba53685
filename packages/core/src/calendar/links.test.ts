import { describe, expect, it } from 'vitest';
import { aBooking, aUser } from '../../test/policy-fixtures';
import { CalendarLinks } from '../contract/bookings';
import { bookingEventText } from './event-text';
import { calendarLinks, MAX_LINK_DESCRIPTION } from './links';

const event = {
  title: 'System design review: Ada & Grace',
  description: 'Join: https://zoom.us/j/1?pwd=a&b=c\nLine 2 with 100% = "quotes", #hash + plus; 日本語 🎉',
  location: 'https://zoom.us/j/1?pwd=a&b=c',
  start: new Date('2026-12-01T15:00:00.000Z'),
  end: new Date('2026-12-01T16:30:00.000Z'),
  icsUrl: 'https://api.example.com/v1/bookings/bkg_1/calendar.ics',
};

const params = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe('calendarLinks', () => {
  const links = calendarLinks(event);

  it('matches the wire schema', () => {
    expect(CalendarLinks.parse(links)).toEqual(links);
  });

  it('builds a Google Calendar template link with a UTC date range', () => {
    const url = new URL(links.google);
    expect(url.origin + url.pathname).toBe('https://calendar.google.com/calendar/render');
    expect(params(links.google)).toEqual({
      action: 'TEMPLATE',
      text: event.title,
      dates: '20261201T150000Z/20261201T163000Z',
      details: event.description,
      location: event.location,
    });
    expect(links.google).toContain('dates=20261201T150000Z/20261201T163000Z');
  });

  it('builds a Yahoo link with v=60 and UTC start and end', () => {
    const url = new URL(links.yahoo);
    expect(url.origin + url.pathname).toBe('https://calendar.yahoo.com/');
    expect(params(links.yahoo)).toEqual({
      v: '60',
      title: event.title,
      st: '20261201T150000Z',
      et: '20261201T163000Z',
      desc: event.description,
      in_loc: event.location,
    });
  });

  it('builds Outlook.com and Office 365 compose links with ISO UTC times', () => {
    const expected = {
      rru: 'addevent',
      subject: event.title,
      startdt: '2026-12-01T15:00:00Z',
      enddt: '2026-12-01T16:30:00Z',
      allday: 'false',
      body: event.description,
      location: event.location,
    };
    const outlook = new URL(links.outlook);
    const office = new URL(links.office365);
    expect(outlook.origin + outlook.pathname).toBe('https://outlook.live.com/calendar/0/action/compose');
    expect(office.origin + office.pathname).toBe('https://outlook.office.com/calendar/0/action/compose');
    expect(params(links.outlook)).toEqual(expected);
    expect(params(links.office365)).toEqual(expected);
  });

  it('encodes spaces as %20 and reserved characters so no value leaks into another parameter', () => {
    for (const url of [links.google, links.yahoo, links.outlook, links.office365]) {
      const query = url.slice(url.indexOf('?') + 1);
      expect(query).not.toMatch(/[ +#"\n]/);
      expect(query).toContain('%20');
    }
  });

  it('returns the .ics URL as is', () => {
    expect(links.ics).toBe(event.icsUrl);
  });

  it('leaves out an empty description and location', () => {
    const bare = calendarLinks({ ...event, description: '', location: null });
    expect(params(bare.google)).not.toHaveProperty('details');
    expect(params(bare.google)).not.toHaveProperty('location');
    expect(params(bare.yahoo)).not.toHaveProperty('desc');
    expect(params(bare.outlook)).not.toHaveProperty('body');
  });

  it('shortens a very long description for the URL-based calendars', () => {
    const long = calendarLinks({ ...event, description: 'ü'.repeat(4000) });
    const details = params(long.google).details!;
    expect([...details]).toHaveLength(MAX_LINK_DESCRIPTION);
    expect(details.endsWith('…')).toBe(true);
    expect(params(long.outlook).body).toBe(details);
  });
});

describe('bookingEventText', () => {
  const mentor = aUser({ id: 'usr_mentor', name: 'Ada Lovelace' });
  const mentee = aUser({ name: 'Grace Hopper' });

  it('gives calendar links the same title, description and location as the .ics', () => {
    const booking = aBooking({
      status: 'approved',
      message: 'Hello!',
      meeting: { provider: 'jitsi', status: 'ready', joinUrl: 'https://meet.jit.si/greenlight-bkg_1' },
    });
    const text = bookingEventText({ booking, mentor, mentee });
    expect(text).toEqual({
      title: 'Mentoring session: Ada Lovelace & Grace Hopper',
      description: [
        'Mentoring session with Ada Lovelace (mentor) and Grace Hopper (mentee).',
        'Join: https://meet.jit.si/greenlight-bkg_1',
        '',
        'Message from Grace Hopper:',
        'Hello!',
      ].join('\n'),
      location: 'https://meet.jit.si/greenlight-bkg_1',
    });
    const links = calendarLinks({
      ...text,
      start: new Date(booking.start),
      end: new Date(booking.end),
      icsUrl: 'https://x.example/ics',
    });
    expect(params(links.google).location).toBe('https://meet.jit.si/greenlight-bkg_1');
  });

  it('has no location and no message section when there are none', () => {
    const text = bookingEventText({ booking: aBooking({ status: 'pending' }), mentor, mentee });
    expect(text.location).toBeNull();
    expect(text.description).toBe('Mentoring session with Ada Lovelace (mentor) and Grace Hopper (mentee).');
  });
});
