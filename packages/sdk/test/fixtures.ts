import type {
  Booking,
  MentorStats,
  Notification,
  User,
  UserSettings,
  WebhookEndpoint,
} from '@greenlight/core/contract';

const T0 = '2026-12-01T10:00:00.000Z';

export function aBooking(overrides: Partial<Booking> = {}): Booking {
  return {
    id: 'bkg_1',
    status: 'pending',
    mentorId: 'usr_mentor',
    menteeId: 'usr_mentee',
    start: '2026-12-10T15:00:00.000Z',
    end: '2026-12-10T16:00:00.000Z',
    durationMinutes: 60,
    sessionType: { name: 'Career chat' },
    price: { amount: 5000, currency: 'USD' },
    paymentRef: 'pi_1',
    message: 'Hello, I would like to talk about my career.',
    createdAt: T0,
    updatedAt: T0,
    respondBy: '2026-12-02T10:00:00.000Z',
    expiresAt: '2026-12-08T10:00:00.000Z',
    decidedAt: null,
    remindedAt: null,
    version: 1,
    rejection: null,
    proposal: null,
    history: [{ at: T0, actor: 'usr_mentee', event: 'requested', to: 'pending' }],
    meeting: null,
    calendarLinks: null,
    refund: null,
    cancellation: null,
    metadata: {},
    ...overrides,
  };
}

export function aUser(overrides: Partial<User> = {}): User {
  return {
    id: 'usr_mentor',
    name: 'Ada Mentor',
    email: 'ada@example.com',
    photoUrl: null,
    timezone: 'Europe/Berlin',
    slackUserId: 'U024BE7LH',
    stats: { averageRatingGiven: null, reviewsGiven: 0, noShowReports: 0 },
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function someSettings(overrides: Partial<UserSettings> = {}): UserSettings {
  return { autoApprove: false, calendarFeedUrl: null, availability: [], ...overrides };
}

export function someMentorStats(): MentorStats {
  return {
    approvalRate: 0.75,
    badge: 'silver',
    decided: 8,
    medianResponseMinutes: 42,
    answeredWithin24hRate: 0.9,
    searchBoost: 1.2,
  };
}

export function aNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'ntf_1',
    userId: 'usr_mentor',
    kind: 'booking_requested',
    bookingId: 'bkg_1',
    title: 'New booking request',
    body: 'Mentee asked for a session',
    createdAt: T0,
    readAt: null,
    ...overrides,
  };
}

export function aWebhookEndpoint(overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id: 'whe_1',
    url: 'https://hooks.example.com/greenlight',
    events: ['booking.requested'],
    enabled: true,
    consecutiveFailures: 0,
    createdAt: T0,
    ...overrides,
  };
}
