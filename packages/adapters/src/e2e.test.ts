import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Actor,
  type BookingWebhookEvent,
  CalendarConflictError,
  createEffectWorker,
  createWorkflow,
  type EffectWorker,
  InMemoryStore,
  isBookingEvent,
  ManualClock,
  verifyWebhook,
  type Workflow,
} from '@greenlight/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../test/fixtures/smtp';
import { ICalFeedBusyTimes } from './calendars';
import { SmtpEmailNotifier } from './email';
import { ZoomMeetings } from './meetings';
import { StripeRefunds } from './refunds';
import { HttpWebhookSender } from './webhooks';

/**
 * Every real adapter wired into core's workflow and effect worker: Zoom and Stripe answer through msw, the
 * mentor's iCal feed and the webhook receiver are local HTTP servers, email goes to an in-process SMTP server.
 */

const ZOOM_OAUTH = 'https://zoom.test/oauth/token';
const ZOOM_API = 'https://api.zoom.test/v2';
const STRIPE_API = 'https://stripe.test';

const platform: Actor = { kind: 'platform' };
const mentorActor: Actor = { kind: 'user', userId: 'usr_mentor' };
const menteeActor: Actor = { kind: 'user', userId: 'usr_mentee' };

const clock = new ManualClock('2026-11-20T10:00:00.000Z');

// Zoom: records meetings created and deleted.
const zoomCreated: Array<{ body: Record<string, unknown>; auth: string | null }> = [];
const zoomDeleted: string[] = [];
let zoomTokens = 0;
// Stripe: replays the first refund made for an Idempotency-Key, as Stripe does; can be told to fail once.
const stripeCalls: Array<{ key: string; form: URLSearchParams }> = [];
const stripeRefunds = new Map<string, { id: string; status: string; amount: number }>();
const stripeFailOnce = new Set<string>();

const msw = setupServer(
  http.post(ZOOM_OAUTH, () => {
    zoomTokens += 1;
    return HttpResponse.json({
      access_token: `zoom-token-${zoomTokens}`,
      token_type: 'bearer',
      expires_in: 3599,
    });
  }),
  http.post(`${ZOOM_API}/users/me/meetings`, async ({ request }) => {
    const body = (await request.json()) as Record<string, unknown>;
    zoomCreated.push({ body, auth: request.headers.get('authorization') });
    const id = 90000000000 + zoomCreated.length;
    return HttpResponse.json(
      { id, join_url: `https://zoom.us/j/${id}?pwd=e2e`, start_time: body.start_time },
      { status: 201 },
    );
  }),
  http.delete(`${ZOOM_API}/meetings/:id`, ({ params }) => {
    zoomDeleted.push(String(params.id));
    return new HttpResponse(null, { status: 204 });
  }),
  http.post(`${STRIPE_API}/v1/refunds`, async ({ request }) => {
    const key = request.headers.get('idempotency-key') ?? '';
    const form = new URLSearchParams(await request.text());
    stripeCalls.push({ key, form });
    const bookingId = form.get('metadata[booking_id]') ?? '';
    if (stripeFailOnce.delete(bookingId)) {
      return HttpResponse.json(
        { error: { type: 'api_error', message: 'Something went wrong on our end.' } },
        { status: 500 },
      );
    }
    let refund = stripeRefunds.get(key);
    if (!refund) {
      refund = {
        id: `re_${stripeRefunds.size + 1}`,
        status: 'succeeded',
        amount: Number(form.get('amount')),
      };
      stripeRefunds.set(key, refund);
    }
    return HttpResponse.json({
      object: 'refund',
      ...refund,
      currency: 'usd',
      metadata: { booking_id: bookingId },
    });
  }),
);

interface Delivery {
  headers: IncomingMessage['headers'];
  body: string;
}

async function listen(
  handler: (req: IncomingMessage, body: string) => [number, string, Record<string, string>?],
) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [status, body, headers] = handler(req, Buffer.concat(chunks).toString('utf8'));
      res.writeHead(status, headers).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const FEED = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//E2E//EN',
  'BEGIN:VEVENT',
  'UID:workshop@example.com',
  'DTSTAMP:20261101T000000Z',
  'DTSTART;TZID=Europe/Berlin:20261203T093000',
  'DTEND;TZID=Europe/Berlin:20261203T113000',
  'SUMMARY:Workshop',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

let smtp: TestSmtpServer;
let feed: { server: Server; url: string };
let receiver: { server: Server; url: string };
const deliveries: Delivery[] = [];
let notifier: SmtpEmailNotifier;
let workflow: Workflow;
let worker: EffectWorker;
let secret: string;
const warnings: string[] = [];

beforeAll(async () => {
  msw.listen({
    // Local peers (the feed, the webhook receiver) are real servers; anything else must be mocked.
    onUnhandledFrame({ frame, defaults }) {
      const request = (frame.data as { request?: Request }).request;
      if (request && new URL(request.url).hostname === '127.0.0.1') return;
      defaults.error();
    },
  });
  smtp = await startSmtpServer();
  feed = await listen(() => [200, FEED, { 'content-type': 'text/calendar', etag: '"feed-1"' }]);
  receiver = await listen((req, body) => {
    deliveries.push({ headers: req.headers, body });
    return [204, ''];
  });

  const store = new InMemoryStore({ clock });
  workflow = createWorkflow({
    store,
    clock,
    // The feed is served from loopback, which a mentor-supplied URL may reach only when allowed.
    busyTimes: [new ICalFeedBusyTimes({ clock, allowPrivateNetworks: true })],
    meetingProvider: 'zoom',
    publicUrl: 'https://api.greenlight.example',
  });
  notifier = new SmtpEmailNotifier({
    smtpUrl: smtp.url,
    from: 'Greenlight <bookings@greenlight.example>',
    publicUrl: 'https://app.greenlight.example',
    review: (n) => workflow.bookings.review(platform, n.booking.id),
  });
  worker = createEffectWorker({
    store,
    clock,
    random: () => 0.5,
    logger: { warn: (m) => void warnings.push(m), error: (m) => void warnings.push(m) },
    ports: {
      meetings: new ZoomMeetings({
        accountId: 'acc',
        clientId: 'cid',
        clientSecret: 'cs',
        oauthUrl: ZOOM_OAUTH,
        apiUrl: ZOOM_API,
        clock,
      }),
      refunds: new StripeRefunds({ secretKey: 'sk_test_e2e', apiUrl: STRIPE_API, clock }),
      notifier,
      webhooks: new HttpWebhookSender({ clock }),
    },
  });

  await workflow.users.put(platform, 'usr_mentor', {
    name: 'Ada Mentor',
    email: 'ada@example.com',
    timezone: 'Europe/Berlin',
  });
  await workflow.users.put(platform, 'usr_mentee', {
    name: 'Max Mentee',
    email: 'max@example.com',
    timezone: 'America/New_York',
    photoUrl: 'https://img.example.com/max.png',
    stats: { averageRatingGiven: 2.5, reviewsGiven: 4, noShowReports: 1 },
  });
  await workflow.users.updateSettings(platform, 'usr_mentor', {
    calendarFeedUrl: `${feed.url}/private-abc/basic.ics`,
  });
  const endpoint = await workflow.webhookEndpoints.create(platform, {
    url: `${receiver.url}/hooks`,
    events: [
      'booking.requested',
      'booking.approved',
      'booking.meeting_ready',
      'booking.cancelled',
      'booking.rejected',
      'booking.refunded',
    ],
  });
  secret = endpoint.secret!;
});

afterAll(async () => {
  msw.close();
  notifier.close();
  await smtp.close();
  for (const { server } of [feed, receiver]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Runs the outbox until nothing is due now. */
async function drain(): Promise<void> {
  for (let round = 0; round < 50; round++) if ((await worker.runOnce()) === 0) return;
  throw new Error('the outbox did not drain');
}

/** The platform books, as it took the payment: only it may attach one. */
const request = (start: string, paymentRef: string) =>
  workflow.bookings.request(platform, {
    mentorId: 'usr_mentor',
    menteeId: 'usr_mentee',
    start,
    durationMinutes: 60,
    sessionType: { name: 'Career chat' },
    price: { amount: 5000, currency: 'USD' },
    paymentRef,
    message: 'Could we go over my <system design> notes?',
  });

const mailsFor = (bookingId: string, kind: string) =>
  smtp.received.filter(
    (m) =>
      m.parsed.headers.get('x-greenlight-booking') === bookingId &&
      m.parsed.headers.get('x-greenlight-notification') === kind,
  );

async function webhooksFor(bookingId: string): Promise<BookingWebhookEvent[]> {
  const events: BookingWebhookEvent[] = [];
  for (const delivery of deliveries) {
    const event = await verifyWebhook(
      delivery.body,
      delivery.headers['greenlight-signature'] as string,
      secret,
      { now: clock.now() },
    );
    if (isBookingEvent(event) && event.data.booking.id === bookingId) events.push(event);
  }
  return events;
}

describe('the adapters end to end', () => {
  it('approve, then cancel: a Zoom meeting is made and removed, the mentee refunded once, everyone told', async () => {
    const booking = await request('2026-12-01T15:00:00Z', 'pi_A');
    await drain();

    const [requestMail] = mailsFor(booking.id, 'booking_requested');
    expect(requestMail?.envelope.to).toEqual(['ada@example.com']);
    expect(requestMail?.parsed.subject).toBe(
      'New booking request from Max Mentee: Tue 1 Dec 2026, 16:00 CET (Europe/Berlin)',
    );
    expect(requestMail?.parsed.text).toMatch(/Prior sessions:\s+0/);
    expect(requestMail?.parsed.text).toContain('Has reported a mentor no-show once before.');
    expect(requestMail?.parsed.text).toContain('No conflicts found');
    expect(requestMail?.parsed.html).toContain('&lt;system design&gt;');
    expect(requestMail?.parsed.text).toContain(
      `https://app.greenlight.example/bookings/${booking.id}?action=approve`,
    );

    await workflow.bookings.approve(mentorActor, booking.id, {});
    await drain();

    expect(zoomCreated).toHaveLength(1);
    expect(zoomCreated[0]!.auth).toBe('Bearer zoom-token-1');
    expect(zoomCreated[0]!.body).toMatchObject({
      type: 2,
      start_time: '2026-12-01T15:00:00Z',
      duration: 60,
      timezone: 'Europe/Berlin',
      topic: 'Career chat: Ada Mentor & Max Mentee',
    });
    const approved = await workflow.bookings.get(mentorActor, booking.id);
    expect(approved.meeting).toMatchObject({
      provider: 'zoom',
      status: 'ready',
      joinUrl: 'https://zoom.us/j/90000000001?pwd=e2e',
    });

    const approvalMails = mailsFor(booking.id, 'booking_approved');
    expect(approvalMails.map((m) => m.envelope.to[0]).sort()).toEqual(['ada@example.com', 'max@example.com']);
    const toMentee = approvalMails.find((m) => m.envelope.to[0] === 'max@example.com')!;
    expect(toMentee.parsed.subject).toBe(
      'Confirmed: Career chat with Ada Mentor, Tue 1 Dec 2026, 10:00 EST (America/New_York)',
    );
    expect(toMentee.parsed.text).toContain('Join the meeting: https://zoom.us/j/90000000001?pwd=e2e');
    expect(toMentee.parsed.text).toContain('https://calendar.google.com/');
    const invite = toMentee.parsed.attachments.find((a) => a.filename === 'invite.ics');
    expect(invite?.content.toString('utf8')).toContain('URL:https://zoom.us/j/90000000001?pwd=e2e');

    await workflow.bookings.cancel(menteeActor, booking.id, { reason: 'My plans changed, sorry' });
    await drain();

    expect(zoomDeleted).toEqual(['90000000001']);
    const refunds = stripeCalls.filter((c) => c.form.get('metadata[booking_id]') === booking.id);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.form.get('payment_intent')).toBe('pi_A');
    expect(refunds[0]!.form.get('amount')).toBe('5000');
    const cancelled = await workflow.bookings.get(mentorActor, booking.id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.refund).toMatchObject({ status: 'succeeded', amount: 5000, id: 're_1' });

    const [cancelMail] = mailsFor(booking.id, 'booking_cancelled');
    expect(cancelMail?.envelope.to).toEqual(['ada@example.com']);
    expect(cancelMail?.parsed.text).toContain('> My plans changed, sorry');
    expect(cancelMail?.parsed.attachments[0]?.content.toString('utf8')).toContain('METHOD:CANCEL');

    expect((await webhooksFor(booking.id)).map((e) => e.type)).toEqual([
      'booking.requested',
      'booking.approved',
      'booking.meeting_ready',
      'booking.cancelled',
      'booking.refunded',
    ]);
  });

  it('reject: the reason reaches the mentee and a refund that failed once is retried with the same key, refunding once', async () => {
    const booking = await request('2026-12-02T15:00:00Z', 'ch_B');
    await drain();
    stripeFailOnce.add(booking.id);
    await workflow.bookings.reject(mentorActor, booking.id, {
      reason: 'I am travelling that week and cannot prepare',
      category: 'schedule_conflict',
    });
    await drain();

    const firstTry = stripeCalls.filter((c) => c.form.get('metadata[booking_id]') === booking.id);
    expect(firstTry).toHaveLength(1);
    expect((await workflow.bookings.get(mentorActor, booking.id)).refund?.status).toBe('pending');

    clock.advance(60_000);
    await drain();

    const calls = stripeCalls.filter((c) => c.form.get('metadata[booking_id]') === booking.id);
    expect(calls).toHaveLength(2);
    expect(new Set(calls.map((c) => c.key)).size).toBe(1);
    expect(calls[0]!.form.get('charge')).toBe('ch_B');
    expect([...stripeRefunds.keys()].filter((k) => k === calls[0]!.key)).toHaveLength(1);
    const rejected = await workflow.bookings.get(mentorActor, booking.id);
    expect(rejected.status).toBe('rejected');
    expect(rejected.refund).toMatchObject({ status: 'succeeded', amount: 5000 });

    const [rejection] = mailsFor(booking.id, 'booking_rejected');
    expect(rejection?.envelope.to).toEqual(['max@example.com']);
    expect(rejection?.parsed.text).toContain('> I am travelling that week and cannot prepare');
    expect(rejection?.parsed.text).toContain('Schedule conflict');
    expect(rejection?.parsed.text).toContain('$50.00 is being refunded');

    expect((await webhooksFor(booking.id)).map((e) => e.type)).toEqual([
      'booking.requested',
      'booking.rejected',
      'booking.refunded',
    ]);
    expect(zoomCreated).toHaveLength(1);
  });

  it("refuses to approve over the mentor's iCal calendar unless forced, and shows the conflict in the request email", async () => {
    const booking = await request('2026-12-03T09:00:00Z', 'pi_C');
    await drain();
    expect(mailsFor(booking.id, 'booking_requested')[0]?.parsed.text).toContain(
      'Busy in your ical calendar (Workshop): Thu 3 Dec 2026, 09:30 CET (Europe/Berlin)',
    );

    await expect(workflow.bookings.approve(mentorActor, booking.id, {})).rejects.toBeInstanceOf(
      CalendarConflictError,
    );
    await workflow.bookings.approve(mentorActor, booking.id, { force: true });
    await drain();
    expect(zoomCreated).toHaveLength(2);
    expect(zoomTokens).toBe(1);
    expect(warnings).toEqual([]);
  });
});
