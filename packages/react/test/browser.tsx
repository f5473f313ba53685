/**
 * Helpers for the component tests in Chromium: seed users and bookings through the SDK with the platform key,
 * mint user JWTs with the server's secret, render inside a provider that signs in with them, run axe.
 */
import {
  type Booking,
  type ClientChannel,
  type CreateBookingParams,
  Greenlight,
  type PutUserParams,
} from '@greenlight/sdk';
import axe from 'axe-core';
import { SignJWT } from 'jose';
import type { ReactNode } from 'react';
import { expect, inject } from 'vitest';
import type { Locator } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { GreenlightProvider, type GreenlightProviderProps } from '../src/index';
import '../src/styles.css';

const { apiKey, jwtSecret, feedBase } = inject('greenlight');
export const baseUrl = window.location.origin;
export const platform = new Greenlight({ baseUrl, apiKey });
/** The second server, which refuses calendar feeds on private addresses as production does. */
export const strictBaseUrl = `${baseUrl}/strict`;
export const strictPlatform = new Greenlight({ baseUrl: strictBaseUrl, apiKey });

/** The platform acting as `userId` from `channel`, the way the Slack bot decides (`Greenlight-Channel`). */
export function actingFrom(userId: string, channel: ClientChannel): Greenlight {
  return new Greenlight({ baseUrl, apiKey, channel }).as(userId);
}

/** `userId` signed in with their own token, as the web app or components are, from `channel`. */
export function signedIn(userId: string, channel: ClientChannel = 'web'): Greenlight {
  return new Greenlight({ baseUrl, token: () => mintToken(userId), channel });
}

export function mintToken(userId: string, ttlSeconds = 3600): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(new TextEncoder().encode(jwtSecret));
}

let sequence = 0;
/** An id no other test (or earlier run against the same server) uses. */
export const uniqueId = (prefix: string) =>
  `${prefix}_${Date.now().toString(36)}${(sequence++).toString(36)}`;

export interface Pair {
  mentor: string;
  mentee: string;
}

/** A mentor and a mentee of their own, so tests never see each other's bookings. */
export async function seedPair(
  options: { mentor?: Partial<PutUserParams>; mentee?: Partial<PutUserParams>; on?: Greenlight } = {},
): Promise<Pair> {
  const pair = { mentor: uniqueId('usr_mentor'), mentee: uniqueId('usr_mentee') };
  const on = options.on ?? platform;
  await on.users.put(pair.mentor, {
    name: 'Ada Lovelace',
    email: `${pair.mentor}@example.com`,
    timezone: 'Europe/Berlin',
    ...options.mentor,
  });
  await on.users.put(pair.mentee, {
    name: 'Max Mustermann',
    email: `${pair.mentee}@example.com`,
    timezone: 'America/New_York',
    stats: { averageRatingGiven: 4.5, reviewsGiven: 3, noShowReports: 0 },
    ...options.mentee,
  });
  return pair;
}

/** A feed URL (served by the global setup) whose calendar is busy from `start` to `end`. */
export function busyFeed(start: Date, end: Date, summary = 'Dentist'): string {
  const part = (value: string) => encodeURIComponent(value);
  return `${feedBase}/busy/${part(start.toISOString())}/${part(end.toISOString())}/${part(summary)}.ics`;
}

/** A profile photo that loads (a 1×1 PNG), or, with `missing`, one that answers 404. */
export const photoUrl = (missing = false) =>
  `${feedBase}/photos/${missing ? `gone-${uniqueId('photo')}` : 'ok'}.png`;

/** A feed URL that answers 500: a calendar that cannot be read. */
export const brokenFeed = () => `${feedBase}/broken.ics?${uniqueId('feed')}`;

const HOUR = 3_600_000;
/** Whole hours a few days ahead: `slot(n)` is the n-th two-hour slot. */
export function slot(n: number): Date {
  return new Date(Math.ceil((Date.now() + 3 * 24 * HOUR) / HOUR) * HOUR + n * 2 * HOUR);
}

/** A paid request, booked by the platform for the mentee. */
export function requestBooking(pair: Pair, overrides: Partial<CreateBookingParams> = {}): Promise<Booking> {
  return platform.bookings.create({
    mentorId: pair.mentor,
    menteeId: pair.mentee,
    start: slot(0),
    durationMinutes: 60,
    sessionType: { name: 'Career chat' },
    price: { amount: 5000, currency: 'USD' },
    paymentRef: uniqueId('pi'),
    message: 'I would like advice on moving into engineering management.',
    ...overrides,
  });
}

/**
 * Moves a booking's session to end `endsInMinutes` from now, as if time had passed (the API books nothing in the
 * past): -60 is a session that took place an hour ago (completed), 30 one that is under way.
 */
export async function moveSession(bookingId: string, endsInMinutes: number): Promise<void> {
  const response = await fetch(`/__test/move-session/${bookingId}?endsInMinutes=${endsInMinutes}`, {
    method: 'POST',
  });
  if (response.status !== 204) throw new Error(`could not move the session: ${await response.text()}`);
}

type ProviderOptions = Omit<Partial<GreenlightProviderProps>, 'client' | 'getToken' | 'children'>;

/** Render `ui` signed in as `userId` with a freshly minted JWT, polling fast so changes show within a second. */
export function renderAs(userId: string, ui: ReactNode, options: ProviderOptions = {}) {
  return render(
    <GreenlightProvider
      baseUrl={options.baseUrl ?? baseUrl}
      getToken={() => mintToken(userId)}
      userId={userId}
      pollIntervalMs={400}
      {...options}
    >
      {ui}
    </GreenlightProvider>,
  );
}

/**
 * Counts the page's requests from now on: `paths()` lists the API paths fetched since (from the browser's
 * resource timing, so whatever client sent them).
 */
export function watchRequests(): { paths(): string[] } {
  performance.setResourceTimingBufferSize(100_000);
  const since = performance.now();
  return {
    paths: () =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => entry.startTime >= since)
        .map((entry) => new URL(entry.name).pathname),
  };
}

/** The text of what `locator` finds now, '' when it finds nothing: for `expect.poll(() => textOf(…))`. */
export function textOf(locator: Locator): string {
  return locator.query()?.textContent ?? '';
}

/** axe-core on what is rendered now: no serious or critical violation. */
export async function expectAccessible(context: Element = document.body): Promise<void> {
  const result = await axe.run(context, { resultTypes: ['violations'] });
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious).toEqual([]);
}
