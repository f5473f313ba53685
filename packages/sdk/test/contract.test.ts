/**
 * The SDK against the real server (`@greenlight/server`'s Node runner, in-memory store, effect worker on)
 * on a random port: the help article's flows, driven through the SDK only.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, mintUserToken, type RunningServer, silentLogger, startServer } from '@greenlight/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Booking,
  CalendarConflictError,
  Greenlight,
  InvalidTransitionError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  SlotConflictError,
  ValidationError,
  VersionConflictError,
} from '../src/index';
import { type FaultProxy, startFaultProxy } from './fault-proxy';

const API_KEY = 'sk_contract_test_0123456789';
const JWT_SECRET = 'contract-test-jwt-secret-0123456789abcdef';
const MENTOR = 'usr_mentor';
const MENTEE = 'usr_mentee';
const AUTO_MENTOR = 'usr_auto_mentor';

let server: RunningServer;
let platform: Greenlight;
let mentor: Greenlight;
let mentee: Greenlight;

/** Whole hours from a fixed point days ahead, so every booking gets its own slot. */
const DAY = 24 * 60 * 60 * 1000;
const base = Math.ceil((Date.now() + 3 * DAY) / 3_600_000) * 3_600_000;
let nextSlot = 0;
const slot = () => new Date(base + nextSlot++ * 2 * 3_600_000);

/** A paid session: the platform took the payment, so it books (only it may attach the paymentRef). */
async function requestBooking(message = 'I would like advice on moving into engineering management.') {
  return platform.bookings.create({
    mentorId: MENTOR,
    menteeId: MENTEE,
    start: slot(),
    durationMinutes: 60,
    sessionType: { name: 'Career chat' },
    price: { amount: 5000, currency: 'USD' },
    paymentRef: `pi_${nextSlot}`,
    message,
  });
}

/** Effects (meeting, refund) run in the worker after the response: poll the booking until they land. */
async function eventually(bookingId: string, until: (b: Booking) => boolean): Promise<Booking> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const booking = await platform.bookings.get(bookingId);
    if (until(booking)) return booking;
    if (Date.now() > deadline)
      throw new Error(`booking ${bookingId} never got there: ${JSON.stringify(booking)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  const config = loadConfig({
    GREENLIGHT_DATABASE_URL: 'memory:',
    HOST: '127.0.0.1',
    PORT: '0',
    GREENLIGHT_API_KEY: API_KEY,
    GREENLIGHT_JWT_SECRET: JWT_SECRET,
    // The calendar feed test serves the mentor's feed from loopback.
    GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS: 'true',
    LOG_LEVEL: 'error',
  });
  server = await startServer(config, {
    logger: silentLogger,
    print: () => {},
    handleSignals: false,
    workerIntervalMs: 25,
  });
  platform = new Greenlight({ baseUrl: server.url, apiKey: API_KEY });
  mentor = platform.as(MENTOR);
  mentee = new Greenlight({ baseUrl: server.url, token: await mintUserToken(JWT_SECRET, MENTEE, 3600) });

  await platform.users.put(MENTOR, {
    name: 'Ada Mentor',
    email: 'ada@example.com',
    timezone: 'Europe/Berlin',
  });
  await platform.users.put(MENTEE, {
    name: 'Max Mentee',
    email: 'max@example.com',
    timezone: 'America/New_York',
    slackUserId: 'U024BE7LH',
    stats: { averageRatingGiven: 4.5, reviewsGiven: 4, noShowReports: 0 },
  });
  await platform.users.put(AUTO_MENTOR, { name: 'Auto Mentor', email: 'auto@example.com', timezone: 'UTC' });
});

afterAll(async () => {
  await server?.stop();
});

describe('user tokens', () => {
  it('a token provider whose token expired is asked for a fresh one and the call goes through', async () => {
    const asked: boolean[] = [];
    const client = new Greenlight({
      baseUrl: server.url,
      token: async ({ refresh }) => {
        asked.push(refresh);
        return mintUserToken(JWT_SECRET, MENTOR, refresh ? 3600 : -60);
      },
    });
    await expect(client.users.settings.get(MENTOR)).resolves.toMatchObject({ autoApprove: false });
    expect(asked).toEqual([false, true]);
  });
});

describe('users', () => {
  it('finds a user by Slack id, and null for an unknown one', async () => {
    await expect(platform.users.findBySlackUserId('U024BE7LH')).resolves.toMatchObject({ id: MENTEE });
    await expect(platform.users.findBySlackUserId('U0NOBODY1')).resolves.toBeNull();
  });

  it('reads and changes settings and stats', async () => {
    await expect(mentor.users.settings.get(MENTOR)).resolves.toMatchObject({ autoApprove: false });
    await expect(mentor.users.mentorStats(MENTOR)).resolves.toHaveProperty('badge');
  });
});

describe('Slack installations', () => {
  it('stores, reads, replaces and forgets an installation; users keep their Slack workspace', async () => {
    const installation = {
      team: { id: 'T0CONTRACT', name: 'Acme' },
      isEnterpriseInstall: false,
      bot: { token: 'xoxb-first', userId: 'U0BOT', id: 'B0BOT', scopes: ['chat:write'] },
    };
    await expect(platform.slack.installations.get('T0CONTRACT')).resolves.toBeNull();
    await expect(platform.slack.installations.put('T0CONTRACT', installation)).resolves.toMatchObject({
      key: 'T0CONTRACT',
      teamId: 'T0CONTRACT',
      enterpriseId: null,
    });
    await platform.slack.installations.put('T0CONTRACT', {
      ...installation,
      bot: { ...installation.bot, token: 'xoxb-second' },
    });
    const read = await platform.slack.installations.get('T0CONTRACT');
    expect(read?.installation).toMatchObject({ bot: { token: 'xoxb-second' } });
    await expect(mentor.slack.installations.get('T0CONTRACT')).rejects.toBeInstanceOf(PermissionError);
    await expect(
      platform.slack.installations.put('T0OTHER', installation).catch((e: ValidationError) => e.errors),
    ).resolves.toEqual([
      { path: 'installation.team.id', message: 'must be the key in the path (T0OTHER), got T0CONTRACT' },
    ]);

    await platform.slack.installations.delete('T0CONTRACT');
    await platform.slack.installations.delete('T0CONTRACT');
    await expect(platform.slack.installations.get('T0CONTRACT')).resolves.toBeNull();

    const slacky = await platform.users.put('usr_slacky', {
      name: 'Slacky',
      email: 'slacky@example.com',
      timezone: 'UTC',
      slackUserId: 'U0SLACKY1',
      slackTeamId: 'T0CONTRACT',
    });
    expect(slacky.slackTeamId).toBe('T0CONTRACT');
    await expect(platform.users.findBySlackUserId('U0SLACKY1')).resolves.toMatchObject({
      slackTeamId: 'T0CONTRACT',
    });
    await expect(platform.users.get(MENTOR)).resolves.toMatchObject({ slackTeamId: null });
  });

  it('rotates a token under a refresh claim, revokes and reinstalls, and tracks an org’s workspaces', async () => {
    const installation = {
      team: { id: 'T0ROTATE', name: 'Acme' },
      isEnterpriseInstall: false,
      bot: { token: 'xoxe.xoxb-1', refreshToken: 'xoxe-1-one', expiresAt: 1_900_000_000, userId: 'U0BOT' },
    };
    const first = await platform.slack.installations.put('T0ROTATE', installation);
    expect(first).toMatchObject({
      version: 1,
      status: 'active',
      botTokenExpiresAt: '2030-03-17T17:46:40.000Z',
    });
    const claimed = await platform.slack.installations.claimRefresh('T0ROTATE', { expectedVersion: 1 });
    expect(claimed.refreshClaimedUntil).not.toBeNull();
    await expect(
      platform.slack.installations.claimRefresh('T0ROTATE', { expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(VersionConflictError);
    const rotated = {
      ...installation,
      bot: { ...installation.bot, token: 'xoxe.xoxb-2', refreshToken: 'xoxe-1-two' },
    };
    await expect(
      platform.slack.installations.put('T0ROTATE', rotated, { expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(VersionConflictError);
    await expect(
      platform.slack.installations.put('T0ROTATE', rotated, { expectedVersion: claimed.version }),
    ).resolves.toMatchObject({ version: 3, refreshClaimedUntil: null });

    const revoked = await platform.slack.installations.revoke('T0ROTATE', { reason: 'tokens_revoked' });
    expect(revoked).toMatchObject({ status: 'revoked', revocation: { reason: 'tokens_revoked' } });
    expect(JSON.stringify(revoked)).not.toContain('xoxe');
    await expect(
      platform.slack.installations.revoke('T0NEVER', { reason: 'tokens_revoked' }),
    ).resolves.toBeNull();
    await expect(platform.slack.installations.put('T0ROTATE', installation)).resolves.toMatchObject({
      status: 'active',
      revocation: null,
    });

    await platform.slack.installations.put('E0CONTRACT', {
      enterprise: { id: 'E0CONTRACT', name: 'Acme Org' },
      isEnterpriseInstall: true,
      bot: { token: 'xoxb-org' },
    });
    await platform.slack.installations.teamAccess('E0CONTRACT', {
      teamIds: ['T0ONE', 'T0TWO'],
      access: 'granted',
    });
    const org = await platform.slack.installations.teamAccess('E0CONTRACT', {
      teamIds: ['T0TWO'],
      access: 'revoked',
    });
    expect(org.teams.map((t) => [t.teamId, t.access])).toEqual([
      ['T0ONE', 'granted'],
      ['T0TWO', 'revoked'],
    ]);
  });

  it('records that Slack does not reach a user, shown to them and the platform, until it does again', async () => {
    const failing = await platform.users.setSlackDelivery(MENTOR, {
      status: 'failing',
      reason: 'user_not_found',
    });
    expect(failing.slackDelivery).toMatchObject({ reason: 'user_not_found', detail: expect.any(String) });
    await expect(mentor.users.get(MENTOR)).resolves.toMatchObject({
      slackDelivery: { reason: 'user_not_found' },
    });
    await expect(mentor.users.setSlackDelivery(MENTOR, { status: 'ok' })).rejects.toBeInstanceOf(
      PermissionError,
    );
    await expect(platform.users.setSlackDelivery(MENTOR, { status: 'ok' })).resolves.toMatchObject({
      slackDelivery: null,
    });
  });
});

describe('request and approve', () => {
  it('a request is pending, reaches the mentor’s list and bell, and approving creates the meeting', async () => {
    const booking = await requestBooking();
    expect(booking).toMatchObject({ status: 'pending', mentorId: MENTOR, menteeId: MENTEE });

    const pending = await mentor.bookings.list({ status: 'pending', role: 'mentor' }).toArray();
    expect(pending.map((b) => b.id)).toContain(booking.id);
    const bell = await mentor.notifications.list({ unread: true }).toArray();
    expect(bell.some((n) => n.bookingId === booking.id && n.kind === 'booking_requested')).toBe(true);

    const view = await mentor.bookings.get(booking.id);
    expect(view.review).toMatchObject({ mentorTimezone: 'Europe/Berlin', mentee: { name: 'Max Mentee' } });

    const approved = await mentor.bookings.approve(booking.id);
    expect(approved.status).toBe('approved');
    const ready = await eventually(booking.id, (b) => b.meeting?.status === 'ready');
    expect(ready.meeting?.joinUrl).toMatch(/^https:\/\//);
    expect(ready.calendarLinks?.google).toMatch(/^https:\/\/calendar\.google\.com/);

    const menteeBell = await mentee.notifications.list().toArray();
    expect(menteeBell.some((n) => n.bookingId === booking.id && n.kind === 'booking_approved')).toBe(true);
    const upcoming = await mentor.bookings
      .list({ status: 'approved', role: 'mentor', from: new Date() })
      .toArray();
    expect(upcoming.map((b) => b.id)).toContain(booking.id);
    await expect(mentee.bookings.calendarIcs(booking.id)).resolves.toMatch(/^BEGIN:VCALENDAR/);
  });

  it('a list carries the people it expands, and a mentee sees only the people on their own bookings', async () => {
    const booking = await requestBooking();
    const pending = await mentor.bookings
      .list({ status: 'pending', role: 'mentor', expand: ['mentee'], limit: 100 })
      .toArray();
    expect(pending.find((b) => b.id === booking.id)?.mentee).toEqual({
      id: MENTEE,
      name: 'Max Mentee',
      photoUrl: null,
    });
    const mine = await mentee.bookings.list({ expand: ['mentor', 'mentee'], limit: 100 }).toArray();
    const people = new Set(mine.flatMap((b) => [b.mentor.id, b.mentee.id]));
    expect([...people].sort()).toEqual([MENTEE, MENTOR].sort());
    expect(Object.keys(mine[0]!.mentor).sort()).toEqual(['id', 'name', 'photoUrl']);
  });

  it('a second approve is an InvalidTransitionError with the current status', async () => {
    const booking = await requestBooking();
    await mentor.bookings.approve(booking.id);
    const error = await mentor.bookings.approve(booking.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(error).toMatchObject({ status: 409, currentStatus: 'approved' });
    expect((error as InvalidTransitionError).requestId).toBeTruthy();
  });

  it('a mentee cannot approve, a stranger cannot see', async () => {
    const booking = await requestBooking();
    await expect(mentee.bookings.approve(booking.id)).rejects.toBeInstanceOf(PermissionError);
    await expect(platform.as(AUTO_MENTOR).bookings.get(booking.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a request over an approved session is a SlotConflictError', async () => {
    const first = await requestBooking();
    await mentor.bookings.approve(first.id);
    const error = await mentee.bookings
      .create({
        mentorId: MENTOR,
        start: first.start,
        durationMinutes: 30,
        price: { amount: 0, currency: 'USD' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlotConflictError);
    expect((error as SlotConflictError).conflicts[0]).toMatchObject({ start: first.start });
  });
});

describe('reject', () => {
  it('needs a real reason, shows it to the mentee and refunds at once', async () => {
    const booking = await requestBooking();
    await expect(mentor.bookings.reject(booking.id, { reason: 'no' })).rejects.toBeInstanceOf(
      ValidationError,
    );

    const rejected = await mentor.bookings.reject(booking.id, {
      reason: 'This is outside my expertise, sorry',
      category: 'outside_expertise',
    });
    expect(rejected).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'This is outside my expertise, sorry', category: 'outside_expertise' },
    });
    const refunded = await eventually(booking.id, (b) => b.refund?.status === 'succeeded');
    expect(refunded.refund?.amount).toBe(5000);
    const bell = await mentee.notifications.list().toArray();
    expect(bell.find((n) => n.bookingId === booking.id && n.kind === 'booking_rejected')?.body).toContain(
      'outside my expertise',
    );
  });
});

describe('suggest, counter, accept, decline', () => {
  it('suggest → counter → suggest → accept ends approved, each round in the history', async () => {
    const booking = await requestBooking();
    const firstIdea = slot();
    const suggested = await mentor.bookings.suggest(booking.id, { start: firstIdea });
    expect(suggested).toMatchObject({
      status: 'alternative_suggested',
      proposal: { start: firstIdea.toISOString(), by: 'mentor' },
    });

    const counterTime = slot();
    const countered = await mentee.bookings.counter(booking.id, { start: counterTime });
    expect(countered).toMatchObject({ status: 'pending', start: counterTime.toISOString() });

    const finalTime = slot();
    await mentor.bookings.suggest(booking.id, { start: finalTime });
    const accepted = await mentee.bookings.acceptProposal(booking.id);
    expect(accepted).toMatchObject({ status: 'approved', start: finalTime.toISOString() });
    const events = accepted.history.map((h) => h.event);
    expect(events.filter((e) => /suggest/.test(e))).toHaveLength(2);
    expect(events.filter((e) => /counter/.test(e))).toHaveLength(1);
  });

  it('declining the suggestion declines the booking and refunds', async () => {
    const booking = await requestBooking();
    await mentor.bookings.suggest(booking.id, { start: slot() });
    const declined = await mentee.bookings.declineProposal(booking.id, {
      reason: 'Only that day works for me',
    });
    expect(declined.status).toBe('declined');
    await eventually(booking.id, (b) => b.refund?.status === 'succeeded');
  });
});

describe('cancel', () => {
  it('either side cancels with a reason and the other side is told', async () => {
    const booking = await requestBooking();
    await mentor.bookings.approve(booking.id);
    const cancelled = await mentee.bookings.cancel(booking.id, { reason: 'I got sick, sorry' });
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancellation: { by: 'mentee', reason: 'I got sick, sorry' },
    });
    const bell = await mentor.notifications.list().toArray();
    expect(bell.some((n) => n.bookingId === booking.id && n.kind === 'booking_cancelled')).toBe(true);
    await expect(mentee.bookings.calendarIcs(booking.id)).resolves.toContain('METHOD:CANCEL');
  });
});

describe('notifications', () => {
  it('counts unread, marks one and then all read', async () => {
    await requestBooking();
    const before = await mentor.notifications.unreadCount();
    expect(before).toBeGreaterThan(0);
    const [first] = await mentor.notifications.list({ unread: true, limit: 1 }).toArray({ limit: 1 });
    const read = await mentor.notifications.markRead(first!.id);
    expect(read.readAt).not.toBeNull();
    await expect(mentor.notifications.unreadCount()).resolves.toBe(before - 1);
    await expect(mentor.notifications.markAllRead()).resolves.toBe(before - 1);
    await expect(mentor.notifications.unreadCount()).resolves.toBe(0);
  });

  it('pages through every notification', async () => {
    const all = await mentor.notifications.list().toArray();
    const paged: string[] = [];
    for await (const n of mentor.notifications.list({ limit: 2 })) paged.push(n.id);
    expect(paged).toEqual(all.map((n) => n.id));
    expect(paged.length).toBeGreaterThan(2);
  });
});

describe('auto-approval', () => {
  it('sends new bookings straight to approved, and can be switched off again', async () => {
    await platform.as(AUTO_MENTOR).users.settings.update(AUTO_MENTOR, { autoApprove: true });
    const request = { mentorId: AUTO_MENTOR, durationMinutes: 30, price: { amount: 2500, currency: 'USD' } };
    const booking = await mentee.bookings.create({ ...request, start: slot() });
    expect(booking.status).toBe('approved');
    await eventually(booking.id, (b) => b.meeting?.status === 'ready');

    await platform.users.settings.update(AUTO_MENTOR, { autoApprove: false });
    await expect(mentee.bookings.create({ ...request, start: slot() })).resolves.toMatchObject({
      status: 'pending',
    });
  });
});

describe('messages', () => {
  it('mentee and mentor talk before deciding: newest first, the mentor sees the tone check, read marks it', async () => {
    const booking = await requestBooking();
    const question = await mentee.messages.post(booking.id, { body: 'Do you know Kubernetes, you idiot?' });
    expect(question).toMatchObject({ from: 'mentee', authorId: MENTEE, readAt: null });
    expect(question.redFlags).toBeUndefined();
    const answer = await mentor.messages.post(booking.id, { body: 'I do. Happy to help.' });

    const seen = await mentor.messages.list(booking.id, { limit: 1 }).toArray();
    expect(seen.map((m) => m.id)).toEqual([answer.id, question.id]);
    expect(seen[1]?.redFlags?.map((f) => f.code)).toEqual(['rude_message']);
    await expect(mentor.messages.unread()).resolves.toMatchObject({
      bookings: expect.arrayContaining([{ bookingId: booking.id, unread: 1, latestAt: question.createdAt }]),
    });
    await expect(mentor.messages.markRead(booking.id, { upTo: question.id })).resolves.toEqual({
      marked: 1,
      unread: 0,
    });
    const asMentee = await mentee.messages.list(booking.id).toArray();
    expect(asMentee.find((m) => m.id === question.id)?.readAt).not.toBeNull();
  });

  it('a closed conversation is an InvalidTransitionError, a stranger’s a NotFoundError', async () => {
    const booking = await requestBooking();
    await mentor.bookings.reject(booking.id, { reason: 'Outside my expertise, sorry' });
    const closed = await mentee.messages.post(booking.id, { body: 'Why?' }).catch((e: unknown) => e);
    expect(closed).toBeInstanceOf(InvalidTransitionError);
    expect(closed).toMatchObject({ currentStatus: 'rejected' });
    await expect(platform.as(AUTO_MENTOR).messages.list(booking.id).firstPage()).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('past the rate limit, a RateLimitError says how long to wait', async () => {
    const booking = await requestBooking();
    for (let i = 0; i < 10; i++) await mentee.messages.post(booking.id, { body: `Question ${i}` });
    const limited = await mentee.messages
      .post(booking.id, { body: 'One more' }, { maxRetries: 0 })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfter).toBeGreaterThan(0);
  });
});

describe('auto-approval rules', () => {
  it('a rule set approves what it describes and is named in the history; the rest waits', async () => {
    const settings = await platform.as(AUTO_MENTOR).users.settings.update(AUTO_MENTOR, {
      autoApprovalRules: [{ id: 'typed', name: 'Career chats', sessionTypes: ['career chat'] }],
    });
    expect(settings).toMatchObject({
      autoApprove: false,
      autoApprovalRules: [{ id: 'typed', enabled: true }],
    });
    const request = { mentorId: AUTO_MENTOR, durationMinutes: 30, price: { amount: 2500, currency: 'USD' } };
    const typed = await mentee.bookings.create({
      ...request,
      start: slot(),
      sessionType: { name: 'Career chat' },
    });
    expect(typed.status).toBe('approved');
    expect(typed.history.find((e) => e.event === 'auto_approved')?.rule).toEqual({
      id: 'typed',
      name: 'Career chats',
    });
    await expect(mentee.bookings.create({ ...request, start: slot() })).resolves.toMatchObject({
      status: 'pending',
    });
    const bad = await platform.users.settings
      .update(
        AUTO_MENTOR,
        { autoApprovalRules: [{ name: 'Later', minNoticeHours: 9000 }] },
        { maxRetries: 0 },
      )
      .catch((e: unknown) => e);
    expect((bad as ValidationError).errors[0]?.path).toBe('autoApprovalRules[0].minNoticeHours');
    await platform.users.settings.update(AUTO_MENTOR, { autoApprovalRules: [] });
  });
});

describe('after the session', () => {
  /** The session moved an hour into the past, completed: the server's clock is the real one. */
  async function endedSession(): Promise<Booking> {
    const booking = await requestBooking();
    await mentor.bookings.approve(booking.id);
    return server.runtime.store.transaction(async (tx) => {
      const stored = (await tx.getBooking(booking.id))!;
      const end = new Date(Date.now() - 3_600_000);
      const moved = {
        ...stored,
        start: new Date(end.getTime() - 3_600_000).toISOString(),
        end: end.toISOString(),
        status: 'completed' as const,
        version: stored.version + 1,
      };
      await tx.updateBooking(moved, stored.version);
      return moved;
    });
  }

  it('a mentor no-show refunds the mentee; the mentor’s answer naming the mentee makes it a dispute', async () => {
    const stoodUp = await endedSession();
    const reported = await mentee.bookings.reportNoShow(stoodUp.id, { note: 'Nobody joined the call' });
    expect(reported).toMatchObject({ status: 'no_show', noShow: { absent: 'mentor', disputed: false } });
    await eventually(stoodUp.id, (b) => b.refund?.status === 'succeeded');

    const contested = await endedSession();
    await mentor.bookings.reportNoShow(contested.id, { note: 'They never came' });
    const disputed = await mentee.bookings.reportNoShow(contested.id, { note: 'I was there' });
    expect(disputed).toMatchObject({ noShow: { absent: null, disputed: true }, refund: null });
    const again = await mentee.bookings
      .reportNoShow(contested.id, { note: 'Again' })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(InvalidTransitionError);
  });

  it('before the session ends it is an InvalidTransitionError saying so', async () => {
    const booking = await requestBooking();
    await mentor.bookings.approve(booking.id);
    const early = await mentee.bookings.reportNoShow(booking.id, { note: 'x' }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(InvalidTransitionError);
    expect((early as InvalidTransitionError).detail).toMatch(/before the session has ended/);
  });
});

describe('assistants and batch decisions', () => {
  it('an assistant decides the mentor’s bookings in one batch, recorded as by them for the mentor; revoked, they see nothing', async () => {
    const ASSISTANT = 'usr_contract_assistant';
    await platform.users.put(ASSISTANT, { name: 'Pat Assistant', email: 'pat@example.com', timezone: 'UTC' });
    await mentor.users.delegates.grant(MENTOR, ASSISTANT);
    await expect(platform.as(ASSISTANT).users.delegates.assisting(ASSISTANT)).resolves.toMatchObject([
      { mentorId: MENTOR, assistantId: ASSISTANT },
    ]);
    const assistant = new Greenlight({
      baseUrl: server.url,
      token: await mintUserToken(JWT_SECRET, ASSISTANT, 3600),
      channel: 'web',
    });
    const [a, b] = [await requestBooking(), await requestBooking()];
    const outcome = await assistant.bookings.decideMany({
      decisions: [
        { bookingId: a.id, action: 'approve' },
        { bookingId: b.id, action: 'reject', reason: 'Outside my expertise, sorry' },
        { bookingId: 'bkg_not_there', action: 'approve' },
      ],
    });
    expect(outcome).toMatchObject({ succeeded: 2, failed: 1 });
    const [approved, rejected, missing] = outcome.results;
    expect(approved?.ok && approved.booking.history.at(-1)).toMatchObject({
      actor: ASSISTANT,
      onBehalfOf: MENTOR,
      channel: 'web',
    });
    expect(rejected?.ok && rejected.booking.status).toBe('rejected');
    expect(!missing?.ok && missing?.problem.code).toBe('not_found');

    await mentor.users.delegates.revoke(MENTOR, ASSISTANT);
    await expect(mentor.users.delegates.list(MENTOR)).resolves.toEqual([]);
    await expect(assistant.bookings.get(a.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('payments', () => {
  it('refuses a paymentRef from a mentee, and one that already backs a booking', async () => {
    const paid = await requestBooking();
    const again = { mentorId: MENTOR, durationMinutes: 60, price: { amount: 5000, currency: 'USD' } };
    const own = await mentee.bookings
      .create({ ...again, start: slot(), paymentRef: paid.paymentRef })
      .catch((e: unknown) => e);
    expect(own).toBeInstanceOf(PermissionError);
    expect((own as PermissionError).message).toMatch(/paymentRef/);

    const reused = await platform.bookings
      .create({ ...again, menteeId: MENTEE, start: slot(), paymentRef: paid.paymentRef })
      .catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(ValidationError);
    expect((reused as ValidationError).errors).toEqual([
      { path: 'paymentRef', message: expect.stringContaining(paid.id) },
    ]);
  });
});

describe('email action links', () => {
  it('the platform gets a recipient’s signed links; the page they open changes nothing until its form is posted', async () => {
    const booking = await requestBooking();
    const links = await platform.bookings.actionLinks(booking.id, { recipientId: MENTOR });
    expect(links).toMatchObject({ bookingId: booking.id, recipientId: MENTOR, role: 'mentor' });
    expect(links.data.map((l) => l.action)).toEqual(['approve', 'reject', 'suggest', 'cancel']);
    const approve = links.data[0]!;
    const page = await fetch(new URL(approve.url, server.url));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await platform.bookings.get(booking.id)).version).toBe(booking.version);
    await expect(mentor.bookings.actionLinks(booking.id, { recipientId: MENTOR })).rejects.toBeInstanceOf(
      PermissionError,
    );
    await expect(
      platform.bookings.actionLinks(booking.id, { recipientId: 'usr_nobody' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('metadata and webhook endpoints', () => {
  it('keeps integration references in metadata', async () => {
    const booking = await requestBooking();
    const updated = await platform.bookings.update(booking.id, {
      metadata: { slackChannel: 'C1', slackTs: '1.2' },
    });
    expect(updated.metadata).toEqual({ slackChannel: 'C1', slackTs: '1.2' });

    for (const user of [mentee, mentor]) {
      const error = await user.bookings
        .update(booking.id, { metadata: { slackChannel: 'C666' } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermissionError);
    }
    await expect(platform.bookings.get(booking.id)).resolves.toMatchObject({
      metadata: { slackChannel: 'C1', slackTs: '1.2' },
    });
  });

  it('writes metadata as a compare-and-set with expectedVersion: a stale one is a VersionConflictError', async () => {
    const booking = await requestBooking();
    const claimed = await platform.bookings.update(booking.id, {
      metadata: { slackTs: '1.1' },
      expectedVersion: booking.version,
    });
    expect(claimed.version).toBe(booking.version + 1);
    const stale = await platform.bookings
      .update(booking.id, { metadata: { slackTs: '2.2' }, expectedVersion: booking.version })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(VersionConflictError);
    expect(stale).toMatchObject({ status: 409, code: 'version_conflict' });
    await expect(platform.bookings.get(booking.id)).resolves.toMatchObject({
      metadata: { slackTs: '1.1' },
      version: claimed.version,
    });
  });

  it('creates, lists, updates and deletes an endpoint', async () => {
    const endpoint = await platform.webhookEndpoints.create({
      url: 'http://127.0.0.1:9/hooks',
      events: ['booking.approved'],
    });
    expect(endpoint.secret).toBeTruthy();
    await expect(platform.webhookEndpoints.list().toArray()).resolves.toEqual(
      expect.arrayContaining([expect.objectContaining({ id: endpoint.id })]),
    );
    await expect(
      platform.webhookEndpoints.update(endpoint.id, { events: ['booking.rejected'] }),
    ).resolves.toMatchObject({
      events: ['booking.rejected'],
    });
    await platform.webhookEndpoints.delete(endpoint.id);
    await expect(platform.webhookEndpoints.get(endpoint.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('a connection dropped after the server committed', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(server.url);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it('the retried approve (same idempotency key) replays the result instead of acting twice', async () => {
    const booking = await requestBooking();
    const viaProxy = new Greenlight({ baseUrl: proxy.url, apiKey: API_KEY }).as(MENTOR);
    proxy.dropResponseTo(/^POST \/v1\/bookings\/[^/]+\/approve /);

    const approved = await viaProxy.bookings.approve(booking.id);

    expect(proxy.dropped).toEqual([`POST /v1/bookings/${booking.id}/approve`]);
    expect(proxy.requests.filter((r) => r.endsWith('/approve'))).toHaveLength(2);
    expect(approved.status).toBe('approved');
    const after = await platform.bookings.get(booking.id);
    expect(after.history.filter((h) => h.to === 'approved')).toHaveLength(1);
    const bell = await mentee.notifications.list().toArray();
    expect(bell.filter((n) => n.bookingId === booking.id && n.kind === 'booking_approved')).toHaveLength(1);
  });

  it('without the SDK’s retry the caller would have seen the dropped connection', async () => {
    const booking = await requestBooking();
    const noRetry = new Greenlight({ baseUrl: proxy.url, apiKey: API_KEY, maxRetries: 0 }).as(MENTOR);
    proxy.dropResponseTo(/^POST \/v1\/bookings\/[^/]+\/approve /);
    await expect(noRetry.bookings.approve(booking.id)).rejects.toMatchObject({ code: 'connection_error' });
    // The server did commit: a second approve now finds it approved.
    await expect(mentor.bookings.approve(booking.id)).rejects.toBeInstanceOf(InvalidTransitionError);
  });
});

describe('the mentor’s calendar', () => {
  const BUSY_MENTOR = 'usr_busy_mentor';
  const busyStart = slot();
  let feed: Server;

  beforeAll(async () => {
    const stamp = (d: Date) =>
      d
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//greenlight sdk contract test//EN',
      'BEGIN:VEVENT',
      'UID:dentist@example.com',
      `DTSTAMP:${stamp(new Date())}`,
      `DTSTART:${stamp(busyStart)}`,
      `DTEND:${stamp(new Date(busyStart.getTime() + 3_600_000))}`,
      'SUMMARY:Dentist',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    feed = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/calendar' }).end(ics));
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    const { port } = feed.address() as AddressInfo;
    await platform.users.put(BUSY_MENTOR, {
      name: 'Busy Mentor',
      email: 'busy@example.com',
      timezone: 'UTC',
    });
    await platform.users.settings.update(BUSY_MENTOR, {
      calendarFeedUrl: `http://127.0.0.1:${port}/secret.ics`,
    });
  });
  afterAll(() => new Promise<void>((resolve) => feed?.close(() => resolve())));

  it('a busy calendar refuses a suggested time with CalendarConflictError until the mentor forces it', async () => {
    const busyMentor = platform.as(BUSY_MENTOR);
    const booking = await mentee.bookings.create({
      mentorId: BUSY_MENTOR,
      start: slot(),
      durationMinutes: 60,
      price: { amount: 1000, currency: 'USD' },
    });
    const error = await busyMentor.bookings
      .suggest(booking.id, { start: busyStart })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CalendarConflictError);
    expect((error as CalendarConflictError).conflicts).toEqual([
      expect.objectContaining({ source: 'ical', summary: 'Dentist' }),
    ]);

    const suggested = await busyMentor.bookings.suggest(booking.id, { start: busyStart, force: true });
    expect(suggested).toMatchObject({ status: 'alternative_suggested' });
    expect(suggested.proposal?.start).toBe(busyStart.toISOString());
    // Declined, so the approval below finds the hour free of other sessions.
    await mentee.bookings.declineProposal(booking.id);
  });

  it('a busy calendar refuses the approve with CalendarConflictError until the mentor forces it', async () => {
    const busyMentor = platform.as(BUSY_MENTOR);
    const booking = await mentee.bookings.create({
      mentorId: BUSY_MENTOR,
      start: busyStart,
      durationMinutes: 60,
      price: { amount: 1000, currency: 'USD' },
    });
    const view = await busyMentor.bookings.get(booking.id);
    expect(view.review?.conflicts).toEqual([expect.objectContaining({ source: 'ical', summary: 'Dentist' })]);

    const error = await busyMentor.bookings.approve(booking.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CalendarConflictError);
    expect((error as CalendarConflictError).conflicts).toEqual([expect.objectContaining({ source: 'ical' })]);

    await expect(busyMentor.bookings.approve(booking.id, { force: true })).resolves.toMatchObject({
      status: 'approved',
    });
  });
});
