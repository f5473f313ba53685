/**
 * Every word the components show comes from the messages object: rendered (on the server) with a
 * pseudo-translation that turns each message into «its key», in a locale whose dates and numbers carry no
 * Latin letters, and with data that has none either, no Latin word is left, in text or in accessible names.
 */
import { bookingFixture } from '@greenlight/core';
import { Greenlight } from '@greenlight/sdk';
import { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  BookingConversation,
  BookingReview,
  englishMessages,
  GreenlightProvider,
  MentorSettings,
  type Messages,
  MyBookings,
  NotificationBell,
  PastSessions,
  PendingBookings,
  ProposalResponse,
  UpcomingSessions,
} from '../src/index';
import { keys } from '../src/query-keys';

const ME = 'usr_me';

function pseudo(): Messages {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(englishMessages)) {
    if (typeof value === 'string') out[key] = `«${key}»`;
    else if (typeof value === 'function') out[key] = () => `«${key}»`;
    else out[key] = Object.fromEntries(Object.keys(value).map((sub) => [sub, `«${key}.${sub}»`]));
  }
  return out as Messages;
}

const client = new Greenlight({
  baseUrl: 'https://greenlight.example.com',
  apiKey: 'sk_strings_only',
  fetch: () => Promise.reject(new Error('no request is made while rendering on the server')),
}).as(ME);

const data = { sessionType: { name: 'Ψ' }, message: 'Φ', price: { amount: 5000, currency: 'JPY' } };
const pending = bookingFixture({ id: 'bkg_p', mentorId: ME, ...data, start: '2099-01-05T10:00:00.000Z' });
const approved = bookingFixture({
  id: 'bkg_a',
  status: 'approved',
  mentorId: ME,
  ...data,
  start: '2099-01-06T10:00:00.000Z',
  meeting: { provider: 'jitsi', status: 'ready', joinUrl: 'https://meet.example/x' },
  calendarLinks: { google: 'g', yahoo: 'y', outlook: 'o', office365: 'm', ics: 'i' },
});
const suggested = bookingFixture({
  id: 'bkg_s',
  status: 'alternative_suggested',
  menteeId: ME,
  mentorId: 'usr_mentor',
  ...data,
  start: '2099-01-07T10:00:00.000Z',
  proposal: {
    start: '2099-01-08T10:00:00.000Z',
    end: '2099-01-08T11:00:00.000Z',
    by: 'mentor',
    createdAt: '2026-11-01T10:00:00.000Z',
  },
});
const pendingToo = bookingFixture({ id: 'bkg_p2', mentorId: ME, ...data, start: '2099-01-05T12:00:00.000Z' });
const past = bookingFixture({
  id: 'bkg_past',
  status: 'no_show',
  menteeId: ME,
  mentorId: 'usr_mentor',
  ...data,
  start: '2020-01-05T10:00:00.000Z',
  end: '2020-01-05T11:00:00.000Z',
  refund: { status: 'succeeded', amount: 5000, currency: 'JPY' },
  noShow: {
    absent: 'mentor',
    disputed: false,
    reports: [{ by: 'mentee', actor: 'usr_x', absent: 'mentor', note: 'Χ', at: '2020-01-05T11:30:00.000Z' }],
  },
});
const review = {
  startInMentorTimezone: '2099-01-05T11:00:00+01:00',
  endInMentorTimezone: '2099-01-05T12:00:00+01:00',
  mentorTimezone: 'Asia/Tokyo',
  menteeTimezone: 'Asia/Tokyo',
  mentee: {
    id: pending.menteeId,
    name: 'Ω',
    photoUrl: null,
    history: {
      priorSessions: 2,
      totalSpend: { amount: 9000, currency: 'JPY' },
      averageRatingGiven: 2,
      reviewsGiven: 4,
      noShowReports: 1,
    },
  },
  redFlags: [{ code: 'no_show_reports' as const, detail: 'Δ', evidence: ['Λ'] }],
  conflicts: [{ source: 'greenlight', start: '2099-01-05T10:30:00.000Z', end: '2099-01-05T11:30:00.000Z' }],
  calendars: [],
};

function cache(): QueryClient {
  const queryClient = new QueryClient();
  const user = (id: string) => ({ id, name: 'Ω', email: 'x', photoUrl: null, timezone: 'Asia/Tokyo' });
  queryClient.setQueryData(keys.user(ME, ME), user(ME));
  queryClient.setQueryData(keys.user(ME, pending.menteeId), user(pending.menteeId));
  queryClient.setQueryData(keys.user(ME, 'usr_mentor'), user('usr_mentor'));
  queryClient.setQueryData(keys.bookingList(ME, 'past:90'), [
    {
      ...past,
      mentee: { id: ME, name: 'Ω', photoUrl: null },
      mentor: { id: 'usr_mentor', name: 'Ω', photoUrl: null },
    },
  ]);
  queryClient.setQueryData(keys.user(ME, 'usr_x'), user('usr_x'));
  queryClient.setQueryData(keys.unreadMessages(ME), {
    total: 2,
    bookings: [{ bookingId: pending.id, unread: 2, latestAt: '2026-11-01T10:00:00.000Z' }],
  });
  queryClient.setQueryData(keys.messages(ME, pending.id), {
    pages: [
      {
        data: [
          {
            id: 'msg_1',
            bookingId: pending.id,
            authorId: pending.menteeId,
            from: 'mentee',
            body: 'Φ',
            createdAt: '2026-11-01T10:00:00.000Z',
            readAt: null,
            redFlags: [{ code: 'rude_message', detail: 'Δ', evidence: ['Λ'] }],
          },
          {
            id: 'msg_2',
            bookingId: pending.id,
            authorId: 'usr_x',
            onBehalfOf: ME,
            from: 'mentor',
            body: 'Φ',
            createdAt: '2026-11-01T09:00:00.000Z',
            readAt: null,
          },
        ],
        nextCursor: 'more',
      },
    ],
    pageParams: [undefined],
  });
  queryClient.setQueryData(keys.delegates(ME), [
    { mentorId: ME, assistantId: 'usr_x', createdAt: '2026-11-01T10:00:00.000Z' },
  ]);
  const person = (id: string) => ({ id, name: 'Ω', photoUrl: null });
  queryClient.setQueryData(keys.bookingList(ME, 'pending'), [
    { ...pending, mentee: person(pending.menteeId) },
    { ...pendingToo, mentee: person(pendingToo.menteeId) },
  ]);
  queryClient.setQueryData(keys.booking(ME, pending.id), { ...pending, review });
  queryClient.setQueryData(keys.booking(ME, suggested.id), suggested);
  queryClient.setQueryData(keys.bookingList(ME, 'upcoming:20'), [
    { ...approved, mentee: person(approved.menteeId), mentor: person(ME) },
  ]);
  queryClient.setQueryData(keys.bookingList(ME, 'mine'), [{ ...suggested, mentor: person('usr_mentor') }]);
  queryClient.setQueryData([...keys.notifications(ME), 'unread-count'], 2);
  queryClient.setQueryData(keys.settings(ME), {
    autoApprove: false,
    autoApprovalRules: [
      {
        id: 'aar_1',
        name: 'Ψ',
        enabled: true,
        minNoticeHours: 48,
        minCompletedSessions: 2,
        sessionTypes: ['Ψ'],
        noRedFlags: ['rude_message'],
      },
    ],
    calendarFeedUrl: null,
    availability: [{ weekday: 1, start: '09:00', end: '17:00' }],
  });
  queryClient.setQueryData(keys.mentorStats(ME), {
    approvalRate: 0.5,
    badge: 'bronze',
    decided: 6,
    medianResponseMinutes: 90,
    answeredWithin24hRate: 1,
    searchBoost: 1,
  });
  return queryClient;
}

function render(ui: ReactNode): string {
  return renderToString(
    <GreenlightProvider client={client} userId={ME} queryClient={cache()} locale="ja-JP" messages={pseudo()}>
      {ui}
    </GreenlightProvider>,
  );
}

/** What a person reads or hears: text between tags, and the attributes that name things. */
function words(html: string): string {
  const named = [...html.matchAll(/(?:aria-label|alt|title)="([^"]*)"/g)].map((m) => m[1]);
  const text = html.replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, ' ');
  return [text, ...named].join(' ').replace(/«[\w.]+»/g, ' ');
}

describe('every visible string comes from the messages', () => {
  // Each with a message only its loaded state shows, so the check is not made on a loading line.
  const components: [string, ReactNode, string][] = [
    ['PendingBookings', <PendingBookings key="c" />, '«selectAll»'],
    ['BookingConversation', <BookingConversation key="c" bookingId={pending.id} />, '«characterCount»'],
    ['PastSessions', <PastSessions key="c" />, '«youAreRefunded»'],
    ['BookingReview', <BookingReview key="c" bookingId={pending.id} />, '«redFlagTitles.no_show_reports»'],
    ['UpcomingSessions', <UpcomingSessions key="c" />, '«join»'],
    ['MyBookings', <MyBookings key="c" />, '«groups.action»'],
    ['ProposalResponse', <ProposalResponse key="c" bookingId={suggested.id} />, '«accept»'],
    ['NotificationBell', <NotificationBell key="c" />, '«unreadCount»'],
    ['MentorSettings', <MentorSettings key="c" />, '«ruleWhen»'],
  ];
  for (const [name, ui, loaded] of components) {
    it(`${name} shows no word of its own`, () => {
      const html = render(ui);
      expect(html).toContain(loaded);
      const left = words(html);
      expect(left.match(/[A-Za-z]{2,}/g) ?? [], left).toEqual([]);
    });
  }
});
