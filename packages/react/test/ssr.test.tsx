/**
 * Server rendering in plain Node (no DOM): importing the package and rendering every component with
 * `renderToString` must touch neither `window` nor `document`, both while data is loading and with data.
 */
import { bookingFixture } from '@greenlight/core';
import { Greenlight } from '@greenlight/sdk';
import { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Package from '../src/index';
import { keys } from '../src/query-keys';

let components: typeof Package;
const MENTOR = 'usr_mentor';

beforeAll(async () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
  components = await import('../src/index');
});

const client = new Greenlight({
  baseUrl: 'https://greenlight.example.com',
  apiKey: 'sk_ssr_only',
  fetch: () => Promise.reject(new Error('no request is made while rendering on the server')),
}).as(MENTOR);

function html(ui: ReactNode, queryClient = new QueryClient()): string {
  const { GreenlightProvider } = components;
  return renderToString(
    <GreenlightProvider
      client={client}
      userId={MENTOR}
      queryClient={queryClient}
      locale="en-US"
      timeZone="Europe/Berlin"
    >
      {ui}
    </GreenlightProvider>,
  );
}

describe('server rendering', () => {
  it('renders every component in its loading state', () => {
    const c = components;
    const all = {
      PendingBookings: <c.PendingBookings />,
      BookingReview: <c.BookingReview bookingId="bkg_1" />,
      UpcomingSessions: <c.UpcomingSessions />,
      MentorSettings: <c.MentorSettings />,
      MentorStatsPanel: <c.MentorStatsPanel />,
      MyBookings: <c.MyBookings />,
      ProposalResponse: <c.ProposalResponse bookingId="bkg_1" />,
      BookingConversation: <c.BookingConversation bookingId="bkg_1" />,
      PastSessions: <c.PastSessions />,
      BookingOverview: <c.BookingOverview bookingId="bkg_1" />,
    };
    for (const [name, ui] of Object.entries(all)) {
      const out = html(ui);
      expect(out, name).toContain('class="gl-root');
      expect(out, name).toContain('Loading…');
    }
    // The bell has nothing to wait for: it shows no count until there is one.
    expect(html(<c.NotificationBell />)).toContain('No unread notifications');
  });

  it('renders the mentee’s and the mentor’s lists, the bell and the settings with data in the cache', () => {
    const c = components;
    const queryClient = new QueryClient();
    const approved = bookingFixture({
      id: 'bkg_up',
      status: 'approved',
      mentorId: MENTOR,
      menteeId: 'usr_mentee',
      start: '2099-01-01T10:00:00.000Z',
      meeting: { provider: 'jitsi', status: 'pending' },
    });
    const suggested = bookingFixture({
      id: 'bkg_sug',
      status: 'alternative_suggested',
      mentorId: 'usr_other',
      menteeId: MENTOR,
      start: '2099-02-01T10:00:00.000Z',
    });
    // Lists carry their people (expand).
    const person = (id: string) => ({ id, name: `Name of ${id}`, photoUrl: null });
    queryClient.setQueryData(keys.bookingList(MENTOR, 'upcoming:20'), [
      { ...approved, mentee: person('usr_mentee'), mentor: person(MENTOR) },
    ]);
    queryClient.setQueryData(keys.bookingList(MENTOR, 'mine'), [
      { ...suggested, mentor: person('usr_other') },
    ]);
    queryClient.setQueryData([...keys.notifications(MENTOR), 'unread-count'], 3);
    queryClient.setQueryData(keys.settings(MENTOR), {
      autoApprove: true,
      autoApprovalRules: [
        {
          id: 'every_booking',
          name: 'Every booking',
          enabled: true,
          minNoticeHours: null,
          minCompletedSessions: null,
          sessionTypes: null,
          noRedFlags: null,
        },
        {
          id: 'aar_far',
          name: 'Far ahead',
          enabled: true,
          minNoticeHours: 48,
          minCompletedSessions: null,
          sessionTypes: null,
          noRedFlags: null,
        },
      ],
      calendarFeedUrl: null,
      availability: [],
    });
    queryClient.setQueryData(keys.delegates(MENTOR), [
      { mentorId: MENTOR, assistantId: 'usr_sam', createdAt: '2026-11-01T10:00:00.000Z' },
    ]);
    queryClient.setQueryData(keys.user(MENTOR, 'usr_sam'), {
      id: 'usr_sam',
      name: 'Sam Lee',
      timezone: 'UTC',
    });
    const upcoming = html(<c.UpcomingSessions />, queryClient);
    expect(upcoming).toContain('Meeting link on its way');
    expect(upcoming).toContain('Name of usr_mentee');
    const mine = html(<c.MyBookings />, queryClient);
    expect(mine).toContain('Needs your answer');
    expect(mine).toContain('Name of usr_other');
    expect(html(<c.NotificationBell />, queryClient)).toContain('3 unread');
    const settings = html(<c.MentorSettings showStats={false} />, queryClient);
    expect(settings).toContain('Approve every booking automatically');
    expect(settings).toContain('Approve automatically when the session is at least 48 h away.');
    expect(settings).toContain('Remove: Sam Lee');
    expect(settings).toMatch(/role="switch"[^>]*checked=""/);
  });

  it('renders the pending list and the review card with data already in the cache', () => {
    const { PendingBookings, BookingReview } = components;
    const queryClient = new QueryClient();
    const booking = bookingFixture({ mentorId: MENTOR, sessionType: { name: 'Portfolio review' } });
    const mentee = { id: booking.menteeId, name: 'Grace Hopper', photoUrl: null };
    queryClient.setQueryData(keys.bookingList(MENTOR, 'pending'), [{ ...booking, mentee }]);
    queryClient.setQueryData(keys.booking(MENTOR, booking.id), {
      ...booking,
      review: {
        startInMentorTimezone: '2026-12-01T16:00:00+01:00',
        endInMentorTimezone: '2026-12-01T17:00:00+01:00',
        mentorTimezone: 'Europe/Berlin',
        menteeTimezone: 'America/New_York',
        mentee: {
          id: booking.menteeId,
          name: 'Grace Hopper',
          photoUrl: null,
          history: {
            priorSessions: 2,
            totalSpend: { amount: 10000, currency: 'USD' },
            averageRatingGiven: 4.5,
            reviewsGiven: 2,
            noShowReports: 0,
          },
        },
        redFlags: [],
        conflicts: [],
        calendars: [],
      },
    });
    const list = html(<PendingBookings />, queryClient);
    expect(list).toContain('Portfolio review');
    expect(list).toContain('Review the booking from Grace Hopper');
    const card = html(<BookingReview bookingId={booking.id} />, queryClient);
    expect(card).toContain('Booking request from Grace Hopper');
    expect(card).toContain('Dec 1, 2026, 4:00 PM');
    expect(card).toContain('Dec 1, 2026, 10:00 AM');
    expect(card).toContain('<dialog');
  });

  it('renders the conversation, the history and the no-show report with data in the cache', () => {
    const { BookingConversation, BookingReview, PastSessions } = components;
    const queryClient = new QueryClient();
    const booking = bookingFixture({
      mentorId: MENTOR,
      status: 'completed',
      start: '2020-01-01T10:00:00.000Z',
      end: '2020-01-01T11:00:00.000Z',
      history: [{ at: '2019-12-20T10:00:00.000Z', actor: 'platform', event: 'requested', channel: 'api' }],
      noShow: {
        absent: 'mentor',
        disputed: false,
        reports: [
          {
            by: 'mentee',
            actor: 'usr_mentee',
            absent: 'mentor',
            note: 'Nobody came.',
            at: '2020-01-01T11:30:00.000Z',
          },
        ],
      },
    });
    queryClient.setQueryData(keys.booking(MENTOR, booking.id), booking);
    queryClient.setQueryData(keys.messages(MENTOR, booking.id), {
      pages: [
        {
          data: [
            {
              id: 'msg_1',
              bookingId: booking.id,
              authorId: booking.menteeId,
              from: 'mentee',
              body: 'See you soon!',
              createdAt: '2019-12-21T10:00:00.000Z',
              readAt: null,
              redFlags: [],
            },
          ],
          nextCursor: 'more',
        },
      ],
      pageParams: [undefined],
    });
    const person = (id: string) => ({ id, name: `Name of ${id}`, photoUrl: null });
    queryClient.setQueryData(keys.bookingList(MENTOR, 'past:90'), [
      { ...booking, mentee: person(booking.menteeId), mentor: person(MENTOR) },
    ]);
    const thread = html(<BookingConversation bookingId={booking.id} />, queryClient);
    expect(thread).toContain('See you soon!');
    expect(thread).toContain('Show earlier messages');
    expect(thread).toContain('The conversation is closed (completed).');
    const card = html(<BookingReview bookingId={booking.id} />, queryClient);
    expect(card).toContain('The platform requested the session through the API');
    expect(html(<PastSessions />, queryClient)).toContain('Nobody came.');
  });
});
