import { type Booking, type BookingView, Greenlight, type Notification } from '@greenlight/sdk';

export interface QuickstartOptions {
  /** Where the Greenlight API runs, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** The platform API key: it may do everything, and act as any user with `.as(userId)`. */
  apiKey: string;
  log?: (line: string) => void;
  /** How long to wait for the effect worker to create the meeting and pay the refund (15 s). */
  waitMs?: number;
}

export interface QuickstartResult {
  mentorId: string;
  menteeId: string;
  /** The approved booking once its meeting is ready. */
  approved: BookingView;
  /** The rejected booking once its refund went through. */
  rejected: BookingView;
  /** What the mentee found in their in-app inbox after both decisions. */
  menteeNotifications: Notification[];
}

/** A whole hour `days` from now at `hourUtc`, so the sessions lie in the future whenever this runs. */
function slot(days: number, hourUtc: number): Date {
  const at = new Date(Date.now() + days * 86_400_000);
  at.setUTCHours(hourUtc, 0, 0, 0);
  return at;
}

function money(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100);
}

/**
 * Meetings and refunds are effects: the server's worker carries them out just after the decision is
 * committed, so the booking is read again until they have landed.
 */
async function waitFor(
  client: Greenlight,
  bookingId: string,
  what: string,
  done: (booking: BookingView) => boolean,
  waitMs: number,
): Promise<BookingView> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const booking = await client.bookings.get(bookingId);
    if (done(booking)) return booking;
    if (Date.now() > deadline) {
      throw new Error(
        `${what} for ${bookingId} did not happen within ${waitMs} ms; is the server's effect worker running (GREENLIGHT_WORKER)?`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The SDK's happy paths: the platform books a mentee's paid session, the mentor reviews and approves it and the meeting
 * link appears; a second booking is rejected with a reason and refunded.
 */
export async function run(options: QuickstartOptions): Promise<QuickstartResult> {
  const { log = console.log, waitMs = 15_000 } = options;
  const greenlight = new Greenlight({ baseUrl: options.baseUrl, apiKey: options.apiKey });

  // Fresh ids on every run: the server keeps earlier runs, whose approved sessions would hold the same slots.
  const run = Date.now().toString(36);
  const mentorId = `usr_mia_${run}`;
  const menteeId = `usr_noah_${run}`;
  await greenlight.users.put(mentorId, {
    name: 'Mia Hoffmann',
    email: 'mia@example.com',
    timezone: 'Europe/Berlin',
  });
  await greenlight.users.put(menteeId, {
    name: 'Noah Carter',
    email: 'noah@example.com',
    timezone: 'America/New_York',
  });
  log(`Created mentor ${mentorId} (Berlin) and mentee ${menteeId} (New York).`);

  // The platform key acting as each user: the server authorizes every call exactly as that user.
  const mentor = greenlight.as(mentorId);
  const mentee = greenlight.as(menteeId);

  // Paid sessions are booked by the platform itself (no .as()): it took the payment, and only it may attach
  // the paymentRef that refunds are paid against.
  log('\n1. The mentee pays and the platform books their session');
  const booking = await greenlight.bookings.create({
    mentorId,
    menteeId,
    start: slot(3, 15),
    durationMinutes: 60,
    sessionType: { name: 'Mock system-design interview' },
    price: { amount: 12_000, currency: 'USD' },
    paymentRef: `pi_quickstart_${run}_1`,
    message: 'I have a staff-engineer loop next month; could we do a mock system-design round?',
  });
  log(`   ${booking.id} is ${booking.status}; the mentor should answer by ${booking.respondBy}`);

  log('\n2. The mentor looks at their pending requests');
  const pending: Booking[] = await mentor.bookings.list({ status: 'pending', role: 'mentor' }).toArray();
  log(`   ${pending.length} pending: ${pending.map((b) => b.id).join(', ')}`);
  const { review } = await mentor.bookings.get(booking.id);
  if (review) {
    const history = review.mentee.history;
    log(`   requested time (mentor's zone) ${review.startInMentorTimezone}`);
    log(
      `   mentee ${review.mentee.name}: ${history.priorSessions} prior sessions, ` +
        `${money(history.totalSpend.amount, history.totalSpend.currency)} spent`,
    );
    log(`   red flags: ${review.redFlags.map((f) => f.code).join(', ') || 'none'}`);
    log(`   calendar conflicts: ${review.conflicts.length}`);
  }

  log('\n3. The mentor approves');
  const approving = await mentor.bookings.approve(booking.id);
  log(`   ${approving.status}; meeting ${approving.meeting?.status ?? 'not requested'}`);
  const approved = await waitFor(
    mentee,
    booking.id,
    'the meeting link',
    (b) => b.meeting?.status === 'ready',
    waitMs,
  );
  log(`   join URL        ${approved.meeting?.joinUrl}`);
  log(`   Google Calendar ${approved.calendarLinks?.google}`);
  log(`   Yahoo Calendar  ${approved.calendarLinks?.yahoo}`);
  log(`   Outlook.com     ${approved.calendarLinks?.outlook}`);
  log(`   .ics file       ${approved.calendarLinks?.ics}`);

  log('\n4. A second booking, rejected with a reason');
  const second = await greenlight.bookings.create({
    mentorId,
    menteeId,
    start: slot(5, 14),
    durationMinutes: 45,
    price: { amount: 9_000, currency: 'USD' },
    paymentRef: `pi_quickstart_${run}_2`,
    message: 'Could you review my iOS app’s SwiftUI architecture?',
  });
  const rejecting = await mentor.bookings.reject(second.id, {
    reason: 'Outside my expertise: I coach backend and distributed systems, not iOS.',
    category: 'outside_expertise',
  });
  log(`   ${rejecting.id} is ${rejecting.status}: “${rejecting.rejection?.reason}”`);
  const rejected = await waitFor(
    mentee,
    second.id,
    'the refund',
    (b) => b.refund?.status === 'succeeded',
    waitMs,
  );
  log(`   refund ${rejected.refund?.status}: ${money(rejected.refund!.amount, rejected.refund!.currency)}`);

  log('\n5. The mentee’s notifications');
  const menteeNotifications = await mentee.notifications.list().toArray({ limit: 20 });
  for (const n of menteeNotifications) log(`   🔔 ${n.title} — ${n.body}`);

  return { mentorId, menteeId, approved, rejected, menteeNotifications };
}
