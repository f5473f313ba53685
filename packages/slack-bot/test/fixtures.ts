import type { BookingView } from '@greenlight/core/contract';

/** A pending booking as its mentor sees it, 2026-12-01 15:00 UTC, mentor in Berlin, mentee in New York. */
export function bookingView(overrides: Partial<BookingView> = {}): BookingView {
  const base: BookingView = {
    id: 'bkg_01JF0000000000000000000001',
    status: 'pending',
    mentorId: 'usr_mentor',
    menteeId: 'usr_mentee',
    start: '2026-12-01T15:00:00.000Z',
    end: '2026-12-01T16:00:00.000Z',
    durationMinutes: 60,
    sessionType: { name: 'Career coaching' },
    price: { amount: 4500, currency: 'USD' },
    paymentRef: 'pay_1',
    message: 'Hi! I would love help with my portfolio review.',
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    respondBy: '2026-11-21T10:00:00.000Z',
    expiresAt: '2026-11-27T10:00:00.000Z',
    decidedAt: null,
    remindedAt: null,
    version: 1,
    rejection: null,
    proposal: null,
    history: [{ at: '2026-11-20T10:00:00.000Z', actor: 'usr_mentee', event: 'requested', to: 'pending' }],
    meeting: null,
    calendarLinks: null,
    refund: null,
    cancellation: null,
    metadata: {},
    review: {
      startInMentorTimezone: '2026-12-01T16:00:00+01:00',
      endInMentorTimezone: '2026-12-01T17:00:00+01:00',
      mentorTimezone: 'Europe/Berlin',
      menteeTimezone: 'America/New_York',
      mentee: {
        id: 'usr_mentee',
        name: 'Ana López',
        photoUrl: 'https://example.com/ana.png',
        history: {
          priorSessions: 3,
          totalSpend: { amount: 13500, currency: 'USD' },
          averageRatingGiven: 4.2,
          reviewsGiven: 5,
          noShowReports: 0,
          missedSessions: 0,
        },
      },
      redFlags: [],
      conflicts: [],
      calendars: [{ source: 'ical', status: 'ok' }],
    },
  };
  return { ...base, ...overrides };
}
