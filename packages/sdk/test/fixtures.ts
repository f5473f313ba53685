import { bookingFixture, userFixture } from '@greenlight/core';
import type {
  Booking,
  BookingMessage,
  MentorStats,
  Notification,
  User,
  UserSettings,
  WebhookEndpoint,
} from '@greenlight/core/contract';

const T0 = '2026-12-01T10:00:00.000Z';

export function aBooking(overrides: Partial<Booking> = {}): Booking {
  return bookingFixture({
    start: '2026-12-10T15:00:00.000Z',
    sessionType: { name: 'Career chat' },
    message: 'Hello, I would like to talk about my career.',
    createdAt: T0,
    ...overrides,
  });
}

export function aUser(overrides: Partial<User> = {}): User {
  return userFixture({
    id: 'usr_mentor',
    name: 'Ada Mentor',
    email: 'ada@example.com',
    timezone: 'Europe/Berlin',
    slackUserId: 'U024BE7LH',
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  });
}

export function someSettings(overrides: Partial<UserSettings> = {}): UserSettings {
  return { autoApprove: false, autoApprovalRules: [], calendarFeedUrl: null, availability: [], ...overrides };
}

export function someMentorStats(): MentorStats {
  return {
    approvalRate: 0.75,
    badge: 'silver',
    decided: 8,
    medianResponseMinutes: 42,
    answeredWithin24hRate: 0.9,
    searchBoost: 1.2,
    completedSessions: 6,
    mentorNoShows: 0,
    menteeNoShows: 1,
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

export function aMessage(overrides: Partial<BookingMessage> = {}): BookingMessage {
  return {
    id: 'msg_1',
    bookingId: 'bkg_1',
    authorId: 'usr_mentee',
    from: 'mentee',
    body: 'Could we start with my portfolio?',
    createdAt: T0,
    readAt: null,
    ...overrides,
  };
}
