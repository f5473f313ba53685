import {
  type Booking,
  bookingFixture,
  type NewEffect,
  type Notification,
  type User,
  userFixture,
  type WebhookEndpointRecord,
} from '@greenlight/core';

/** Test data shaped like what the workflow writes: timestamps from `toISOString()`. */

export const iso = (at: string | number | Date): string => new Date(at).toISOString();

/** `base` plus `minutes`, as an ISO string. */
export const plusMinutes = (base: string, minutes: number): string =>
  new Date(new Date(base).getTime() + minutes * 60_000).toISOString();

export function user(id: string, overrides: Partial<User> = {}): User {
  return userFixture({
    id,
    name: `User ${id}`,
    email: `${id}@example.com`,
    timezone: 'Europe/Berlin',
    ...overrides,
  });
}

/** Core's booking fixture, requested on 2026-11-20 with a session type, a message and metadata to round-trip. */
export function booking(id: string, overrides: Partial<Booking> = {}): Booking {
  return bookingFixture({
    id,
    createdAt: '2026-11-20T09:00:00.000Z',
    sessionType: { name: 'Career chat' },
    message: 'Looking forward to it',
    metadata: { source: 'test' },
    ...overrides,
  });
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
