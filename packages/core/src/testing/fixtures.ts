import type { Booking } from '../contract/bookings';
import type { User } from '../contract/users';

/** A user as the store returns it; override what the test is about. */
export function userFixture(overrides: Partial<User> = {}): User {
  return {
    id: 'usr_mentee',
    name: 'Grace Hopper',
    email: 'grace@example.com',
    photoUrl: null,
    timezone: 'America/New_York',
    slackUserId: null,
    slackTeamId: null,
    slackDelivery: null,
    stats: { averageRatingGiven: null, reviewsGiven: 0, noShowReports: 0 },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A pending booking requested at `createdAt` for a one-hour session starting at `start`. */
export function bookingFixture(overrides: Partial<Booking> = {}): Booking {
  const createdAt = overrides.createdAt ?? '2026-11-01T10:00:00.000Z';
  const start = overrides.start ?? '2026-12-01T15:00:00.000Z';
  const created = Date.parse(createdAt);
  return {
    id: 'bkg_1',
    status: 'pending',
    mentorId: 'usr_mentor',
    menteeId: 'usr_mentee',
    start,
    end: iso(Date.parse(start) + HOUR),
    durationMinutes: 60,
    sessionType: null,
    price: { amount: 5000, currency: 'USD' },
    // One payment backs one booking: each fixture id gets its own.
    paymentRef: `pi_${overrides.id ?? 'bkg_1'}`,
    message: null,
    createdAt,
    updatedAt: createdAt,
    respondBy: iso(created + 24 * HOUR),
    expiresAt: iso(created + 7 * 24 * HOUR),
    decidedAt: null,
    remindedAt: null,
    version: 1,
    rejection: null,
    proposal: null,
    history: [{ at: createdAt, actor: 'usr_mentee', event: 'requested', to: 'pending' }],
    meeting: null,
    calendarLinks: null,
    refund: null,
    cancellation: null,
    metadata: {},
    ...overrides,
  };
}
