import type { Booking, NewEffect, Notification, User, WebhookEndpointRecord } from '@greenlight/core';

/** Test data shaped like what the workflow writes: timestamps from `toISOString()`. */

export const iso = (at: string | number | Date): string => new Date(at).toISOString();

/** `base` plus `minutes`, as an ISO string. */
export const plusMinutes = (base: string, minutes: number): string =>
  new Date(new Date(base).getTime() + minutes * 60_000).toISOString();

export function user(id: string, overrides: Partial<User> = {}): User {
  return {
    id,
    name: `User ${id}`,
    email: `${id}@example.com`,
    photoUrl: null,
    timezone: 'Europe/Berlin',
    slackUserId: null,
    slackTeamId: null,
    stats: { averageRatingGiven: null, reviewsGiven: 0, noShowReports: 0 },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function booking(id: string, overrides: Partial<Booking> = {}): Booking {
  const start = overrides.start ?? '2026-12-01T15:00:00.000Z';
  const createdAt = overrides.createdAt ?? '2026-11-20T09:00:00.000Z';
  return {
    id,
    status: 'pending',
    mentorId: 'usr_mentor',
    menteeId: 'usr_mentee',
    start,
    end: plusMinutes(start, 60),
    durationMinutes: 60,
    sessionType: { name: 'Career chat' },
    price: { amount: 5000, currency: 'USD' },
    // Each payment backs one booking (a unique index in the SQL stores).
    paymentRef: `pi_${id}`,
    message: 'Looking forward to it',
    createdAt,
    updatedAt: createdAt,
    respondBy: plusMinutes(createdAt, 24 * 60),
    expiresAt: plusMinutes(createdAt, 7 * 24 * 60),
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
    metadata: { source: 'test' },
    ...overrides,
  };
}

/** The mentor's suggestion of an hour from `start`. */
export function proposal(start: string): NonNullable<Booking['proposal']> {
  return { start, end: plusMinutes(start, 60), by: 'mentor', createdAt: '2026-11-21T09:00:00.000Z' };
}

export function effect(id: string, overrides: Partial<NewEffect> = {}): NewEffect {
  return {
    id,
    payload: { kind: 'create_meeting', bookingId: 'bkg_1' },
    idempotencyKey: `key:${id}`,
    runAt: '2026-11-20T09:00:00.000Z',
    maxAttempts: 8,
    ...overrides,
  };
}

export function notification(id: string, overrides: Partial<Notification> = {}): Notification {
  return {
    id,
    userId: 'usr_mentor',
    kind: 'booking_requested',
    bookingId: 'bkg_1',
    title: 'New booking request',
    body: 'Someone wants a session',
    createdAt: '2026-11-20T09:00:00.000Z',
    readAt: null,
    ...overrides,
  };
}

export function endpoint(id: string, overrides: Partial<WebhookEndpointRecord> = {}): WebhookEndpointRecord {
  return {
    id,
    url: `https://hooks.example.com/${id}`,
    events: ['booking.approved'],
    secret: `whsec_${id}`,
    enabled: true,
    consecutiveFailures: 0,
    createdAt: '2026-11-20T09:00:00.000Z',
    ...overrides,
  };
}
