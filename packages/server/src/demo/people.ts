import { randomBytes } from 'node:crypto';
import { type Clock, SlotConflictError, ValidationError, type Workflow } from '@greenlight/core';
import type { Booking, CreateBookingBody, DemoUser, PutUserBody } from '@greenlight/core/contract';
import { mintUserToken } from '../http/auth';
import type { DemoSignIn } from '../routes/web-app';

/**
 * The demo mentor. Ids carry `demo` so that a demo sign-in can never be mistaken for a real account; no photos,
 * since a demo may run without internet access (the components show initials instead).
 */
export const DEMO_MENTOR = {
  id: 'usr_demo_mia',
  name: 'Mia Hoffmann',
  email: 'mia@example.com',
  timezone: 'Europe/Berlin',
} as const;

/** The demo mentee, whose review history should make the mentor look twice. */
export const DEMO_MENTEE = {
  id: 'usr_demo_noah',
  name: 'Noah Carter',
  email: 'noah@example.com',
  timezone: 'America/New_York',
  stats: { averageRatingGiven: 2.1, reviewsGiven: 9, noShowReports: 1 },
} as const;

export const DEMO_USERS: DemoUser[] = [
  { id: DEMO_MENTOR.id, name: DEMO_MENTOR.name, role: 'mentor' },
  { id: DEMO_MENTEE.id, name: DEMO_MENTEE.name, role: 'mentee' },
];

const platform = { kind: 'platform' } as const;

/** How long a demo sign-in lasts: long enough to try everything, short enough to see the session expire. */
export const DEMO_SESSION_SECONDS = 3600;

const REQUESTS: Array<Pick<CreateBookingBody, 'durationMinutes' | 'message' | 'sessionType' | 'price'>> = [
  {
    durationMinutes: 60,
    sessionType: { name: 'Mock system-design interview' },
    price: { amount: 12_000, currency: 'USD' },
    message:
      'Hi Mia! I have a staff-engineer loop next month and would love a mock system-design round on a payments ledger.',
  },
  {
    durationMinutes: 45,
    price: { amount: 9_000, currency: 'USD' },
    message: 'Could you review my iOS app’s SwiftUI architecture?',
  },
  {
    durationMinutes: 60,
    price: { amount: 12_000, currency: 'USD' },
    message: 'Follow-up: deep dive on idempotency keys and outbox patterns.',
  },
  {
    durationMinutes: 30,
    sessionType: { name: 'Career chat' },
    price: { amount: 5_000, currency: 'USD' },
    message: 'Quick chat about moving from backend to platform engineering?',
  },
];

export async function putDemoPeople(workflow: Workflow): Promise<void> {
  const { id: mentorId, ...mentor } = DEMO_MENTOR;
  const { id: menteeId, ...mentee } = DEMO_MENTEE;
  await workflow.users.put(platform, mentorId, mentor as PutUserBody);
  await workflow.users.put(platform, menteeId, mentee as PutUserBody);
}

/** The next whole hour, `days` from now at `hourUtc`. */
function slot(now: Date, days: number, hourUtc: number): Date {
  const at = new Date(now.getTime() + days * 86_400_000);
  at.setUTCHours(hourUtc, 0, 0, 0);
  return at;
}

/**
 * A booking request from the demo mentee to the demo mentor, paid as the platform would have it, at the first
 * free hour from `days` out at `hourUtc` on (another approved session there, or the mentor's availability,
 * moves it on by an hour).
 */
export async function requestDemoBooking(
  workflow: Workflow,
  now: Date,
  options: { days?: number; hourUtc?: number; request?: number } = {},
): Promise<Booking> {
  const template = REQUESTS[(options.request ?? Math.floor(now.getTime() / 1000)) % REQUESTS.length]!;
  const first = slot(now, options.days ?? 3, options.hourUtc ?? 15);
  for (let hour = 0; hour < 24 * 14; hour++) {
    const start = new Date(first.getTime() + hour * 3_600_000);
    try {
      return await workflow.bookings.request(platform, {
        ...template,
        mentorId: DEMO_MENTOR.id,
        menteeId: DEMO_MENTEE.id,
        start: start.toISOString(),
        paymentRef: `pi_demo_${randomBytes(8).toString('hex')}`,
      });
    } catch (error) {
      if (!(error instanceof SlotConflictError) && !(error instanceof ValidationError)) throw error;
    }
  }
  throw new Error('no free hour in the demo mentor’s next two weeks');
}

/**
 * Something to act on once a person signs in: while the demo mentor has no open booking, two new requests
 * for her and one where she suggested another time, for the mentee to answer.
 */
export async function seedDemoBookings(workflow: Workflow, clock: Clock): Promise<Booking[]> {
  const mentor = { kind: 'user', userId: DEMO_MENTOR.id } as const;
  for (const status of ['pending', 'alternative_suggested'] as const) {
    const open = await workflow.bookings.list(mentor, { role: 'mentor', status, limit: 1 });
    if (open.data.length > 0) return [];
  }
  const now = clock.now();
  const first = await requestDemoBooking(workflow, now, { days: 2, hourUtc: 16, request: 0 });
  const second = await requestDemoBooking(workflow, now, { days: 4, hourUtc: 13, request: 1 });
  const third = await requestDemoBooking(workflow, now, { days: 3, hourUtc: 9, request: 2 });
  const suggested = await workflow.bookings.suggest(mentor, third.id, {
    start: slot(now, 5, 15).toISOString(),
  });
  return [first, second, suggested];
}

/** The demo sign-in for `createApp`: tokens for the demo people only, and new requests on demand. */
export function demoSignIn(workflow: Workflow, jwtSecret: string, clock: Clock): DemoSignIn {
  return {
    users: DEMO_USERS,
    async mint(userId) {
      const now = clock.now();
      return {
        userId,
        token: await mintUserToken(jwtSecret, userId, DEMO_SESSION_SECONDS, now),
        expiresAt: new Date(now.getTime() + DEMO_SESSION_SECONDS * 1000).toISOString(),
      };
    },
    book: () => requestDemoBooking(workflow, clock.now()),
  };
}
