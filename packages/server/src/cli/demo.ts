import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderEmail } from '@greenlight/adapters';
import type { Notifier, OutgoingNotification } from '@greenlight/core';
import type { Booking, BookingView, MentorStats, Notification, Problem } from '@greenlight/core/contract';
import { loadConfig } from '../config';
import { DEMO_MENTEE, DEMO_MENTOR, seedDemoBookings } from '../demo/people';
import { mintUserToken } from '../http/auth';
import { silentLogger } from '../http/logger';
import { type RunningServer, startServer } from '../runner';
import { type CliIo, paint } from './io';

const MENTOR = DEMO_MENTOR;
const MENTEE = DEMO_MENTEE;

interface Sent {
  to: string;
  subject: string;
  bookingId: string;
}

/**
 * Collects the emails the effect worker sends, rendered exactly as the SMTP notifier would; once the demo
 * serves the app, hands each one to `onSend` as it goes out instead.
 */
class DemoMailbox implements Notifier {
  readonly sent: Sent[] = [];
  onSend: ((email: Sent) => void) | undefined;
  async send(notification: OutgoingNotification): Promise<void> {
    const email = {
      to: notification.recipient.name,
      subject: renderEmail(notification).subject,
      bookingId: notification.booking.id,
    };
    if (this.onSend) this.onSend(email);
    else this.sent.push(email);
  }
  take(): Sent[] {
    return this.sent.splice(0);
  }
}

export interface DemoOptions {
  /**
   * After the walkthrough, keep the server running and serve the web app, where a person signs in as Mia or
   * Noah (default true; `greenlight demo --exit` only walks through).
   */
  serve?: boolean;
  /** While serving, resolves when the demo should stop (default: on SIGINT or SIGTERM). */
  until?: () => Promise<unknown>;
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
  }
}

function money(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 100);
}

function localTime(iso: string, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
  return `${text} (${timeZone})`;
}

/** A whole hour `days` from now at `hourUtc`: a deterministic-looking slot in the future. */
function slot(days: number, hourUtc: number): string {
  const at = new Date(Date.now() + days * 86_400_000);
  at.setUTCHours(hourUtc, 0, 0, 0);
  return at.toISOString();
}

/**
 * `greenlight demo`: the seed's flows on a fresh SQLite file in a temporary directory, through the real HTTP
 * API on a random port (or PORT); the effect worker is run between steps so meetings, emails and refunds show
 * up. Then, unless `serve` is false, the server stays up with fresh bookings and the web app's demo sign-in,
 * until `until` resolves.
 */
export async function runDemo(io: CliIo, options: DemoOptions = {}): Promise<number> {
  const { serve = true, until = untilSignal } = options;
  const started = Date.now();
  const p = paint(io.color);
  const out = (line = '') => io.stdout(`${line}\n`);
  const section = (title: string) => out(`\n${p.bold(p.cyan(`━━ ${title}`))}`);
  const row = (label: string, value: string) => out(`  ${p.dim(label.padEnd(18))} ${value}`);

  const dir = mkdtempSync(join(tmpdir(), 'greenlight-demo-'));
  const apiKey = `demo_${randomBytes(18).toString('base64url')}`;
  const jwtSecret = randomBytes(32).toString('base64url');
  const config = loadConfig({
    GREENLIGHT_DATABASE_URL: join(dir, 'demo.db'),
    GREENLIGHT_API_KEY: apiKey,
    GREENLIGHT_JWT_SECRET: jwtSecret,
    PORT: io.env.PORT || '0',
    GREENLIGHT_WORKER: 'false',
    GREENLIGHT_SCHEDULER: 'false',
    GREENLIGHT_DEMO: 'true',
  });
  const mailbox = new DemoMailbox();
  let server: RunningServer | undefined;
  try {
    server = await startServer(config, {
      logger: silentLogger,
      handleSignals: false,
      print: () => {},
      notifier: mailbox,
      cwd: dir,
      seedDemoBookings: false,
    });
    const running = server;
    const menteeToken = await mintUserToken(jwtSecret, MENTEE.id, 3600);

    /** The platform key, acting as `as` when given; or Noah's own JWT. */
    async function api<T>(
      method: string,
      path: string,
      body?: unknown,
      who: 'platform' | 'mentor' | 'mentee' = 'platform',
    ): Promise<T> {
      const headers: Record<string, string> = {
        authorization: `Bearer ${who === 'mentee' ? menteeToken : apiKey}`,
      };
      if (who === 'mentor') headers['greenlight-actor'] = MENTOR.id;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${running.url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const payload = await response.json();
      if (!response.ok) throw new ApiError(payload as Problem);
      return payload as T;
    }
    async function runWorker() {
      while ((await running.runtime.worker.runOnce()) > 0) {}
    }
    async function bell(who: 'mentor' | 'mentee'): Promise<Notification[]> {
      return (await api<{ data: Notification[] }>('GET', '/v1/notifications?limit=100', undefined, who)).data;
    }
    const seen = new Set<string>();
    const firstName = { mentor: MENTOR.name.split(' ')[0]!, mentee: MENTEE.name.split(' ')[0]! };
    /** Both sides' new in-app notifications in the order they were made, then the emails sent meanwhile. */
    async function printNotifications() {
      const fresh = [
        ...(await bell('mentee')).map((n) => ({ ...n, who: firstName.mentee })),
        ...(await bell('mentor')).map((n) => ({ ...n, who: firstName.mentor })),
      ]
        .filter((n) => !seen.has(n.id))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      for (const n of fresh) {
        seen.add(n.id);
        out(`  ${p.yellow('🔔')} ${n.who.padEnd(5)} ${p.bold(n.title)} — ${n.body}`);
      }
      for (const email of mailbox.take())
        out(`  ${p.yellow('✉')}  ${email.to.split(' ')[0]!.padEnd(5)} ${email.subject}`);
    }

    out(p.bold('Greenlight demo'));
    out(p.dim(`A fresh SQLite database in ${dir}; the API listens on ${running.url}.`));
    out(
      p.dim(
        'Every step below is an HTTP call with the platform API key (booking the sessions Noah paid for, ' +
          'or acting as Mia) or Noah’s own JWT.',
      ),
    );

    section('1. Two people');
    await api('PUT', `/v1/users/${MENTOR.id}`, { ...MENTOR, id: undefined });
    await api('PUT', `/v1/users/${MENTEE.id}`, { ...MENTEE, id: undefined });
    row('Mentor', `${MENTOR.name} (${MENTOR.timezone})`);
    row('Mentee', `${MENTEE.name} (${MENTEE.timezone})`);

    section('2. Noah books a paid session');
    const first = await api<Booking>('POST', '/v1/bookings', {
      mentorId: MENTOR.id,
      menteeId: MENTEE.id,
      start: slot(3, 16),
      durationMinutes: 60,
      sessionType: { name: 'Mock system-design interview' },
      price: { amount: 12_000, currency: 'USD' },
      paymentRef: 'pi_demo_first',
      message:
        'Hi Mia! I have a staff-engineer loop next month and would love a mock system-design round on a payments ledger.',
    });
    row('Status', p.yellow(first.status));
    row('Noah’s time', localTime(first.start, MENTEE.timezone));
    row(
      'Answer by',
      `${localTime(first.respondBy, MENTOR.timezone)} (expires ${localTime(first.expiresAt, MENTOR.timezone)})`,
    );
    await runWorker();
    await printNotifications();

    section('3. Mia’s pending view');
    const pending = await api<{ data: Booking[] }>(
      'GET',
      '/v1/bookings?status=pending&role=mentor',
      undefined,
      'mentor',
    );
    const unread = await api<{ count: number }>('GET', '/v1/notifications/unread-count', undefined, 'mentor');
    row('Pending bookings', `${pending.data.length}   ${p.dim(`(bell: ${unread.count} unread)`)}`);
    const view = await api<BookingView>('GET', `/v1/bookings/${first.id}`, undefined, 'mentor');
    const review = view.review!;
    row('Requested time', p.bold(review.startInMentorTimezone));
    row('Noah’s local time', localTime(view.start, review.menteeTimezone));
    row('Duration / type', `${view.durationMinutes} min, ${view.sessionType?.name ?? 'standard session'}`);
    row('Price paid', money(view.price.amount, view.price.currency));
    row('Message', `“${view.message}”`);
    row('Mentee', `${review.mentee.name}  ${p.dim(review.mentee.photoUrl ?? '')}`);
    const history = review.mentee.history;
    row(
      'History',
      `${history.priorSessions} prior sessions, ${money(history.totalSpend.amount, history.totalSpend.currency)} spent, ` +
        `average rating given ${history.averageRatingGiven ?? '—'} over ${history.reviewsGiven} reviews`,
    );
    if (review.redFlags.length === 0) row('Red flags', p.green('none'));
    for (const [i, flag] of review.redFlags.entries())
      row(i === 0 ? 'Red flags' : '', `${p.red('⚑')} ${flag.code}: ${flag.detail}`);
    row(
      'Conflicts',
      review.conflicts.length === 0
        ? p.green('none in her sessions or calendar')
        : review.conflicts.map((c) => `${c.source} ${c.start}`).join(', '),
    );

    section('4. Mia approves');
    const approved = await api<Booking>('POST', `/v1/bookings/${first.id}/approve`, {}, 'mentor');
    row('Status', p.green(approved.status));
    row(
      'Meeting',
      `${approved.meeting?.provider} ${approved.meeting?.status} ${p.dim('(created by the effect worker)')}`,
    );
    await runWorker();
    const ready = await api<Booking>('GET', `/v1/bookings/${first.id}`, undefined, 'mentee');
    row('Jitsi link', p.bold(ready.meeting?.joinUrl ?? '(not ready)'));
    row('Google Calendar', ready.calendarLinks?.google ?? '');
    row('Yahoo Calendar', ready.calendarLinks?.yahoo ?? '');
    const ics = ready.calendarLinks?.ics ?? '';
    row('.ics file', ics.startsWith('/') ? `${running.url}${ics}` : ics);
    const upcoming = await api<{ data: Booking[] }>(
      'GET',
      `/v1/bookings?status=approved&from=${encodeURIComponent(new Date().toISOString())}`,
      undefined,
      'mentor',
    );
    row(
      'Upcoming (Mia)',
      `${upcoming.data.length} session: ${upcoming.data.map((b) => localTime(b.start, MENTOR.timezone)).join(', ')}`,
    );
    out(p.dim('  Notifications and emails:'));
    await printNotifications();

    section('5. A second booking: rejected with a reason, refunded at once');
    const second = await api<Booking>('POST', '/v1/bookings', {
      mentorId: MENTOR.id,
      menteeId: MENTEE.id,
      start: slot(5, 14),
      durationMinutes: 45,
      price: { amount: 9_000, currency: 'USD' },
      paymentRef: 'pi_demo_second',
      message: 'Could you review my iOS app’s SwiftUI architecture?',
    });
    row(
      'Requested',
      `${localTime(second.start, MENTOR.timezone)}, ${money(second.price.amount, second.price.currency)}`,
    );
    try {
      await api('POST', `/v1/bookings/${second.id}/reject`, { reason: 'no' }, 'mentor');
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      row(
        'Reason "no"',
        `${p.red(`refused (${error.problem.status})`)}: ${error.problem.errors?.[0]?.message ?? error.problem.detail}`,
      );
    }
    const rejected = await api<Booking>(
      'POST',
      `/v1/bookings/${second.id}/reject`,
      {
        reason: 'Outside my expertise: I coach backend and distributed systems, not iOS.',
        category: 'outside_expertise',
      },
      'mentor',
    );
    row('Status', p.red(rejected.status));
    row('Shown to Noah', `“${rejected.rejection?.reason}”`);
    row(
      'Refund',
      `${rejected.refund?.status} ${money(rejected.refund?.amount ?? 0, rejected.price.currency)}`,
    );
    await runWorker();
    const refunded = await api<Booking>('GET', `/v1/bookings/${second.id}`, undefined, 'mentee');
    row(
      'Refund after worker',
      `${p.green(refunded.refund?.status ?? '')} ${p.dim(`(id ${refunded.refund?.id})`)}`,
    );
    await printNotifications();

    section('6. A third booking: suggest → counter → accept');
    const third = await api<Booking>('POST', '/v1/bookings', {
      mentorId: MENTOR.id,
      menteeId: MENTEE.id,
      start: slot(4, 7),
      durationMinutes: 60,
      price: { amount: 12_000, currency: 'USD' },
      paymentRef: 'pi_demo_third',
      message: 'Follow-up: deep dive on idempotency keys and outbox patterns.',
    });
    row('Noah asks for', localTime(third.start, MENTOR.timezone));
    await runWorker();
    const suggested = await api<Booking>(
      'POST',
      `/v1/bookings/${third.id}/suggest`,
      { start: slot(6, 15) },
      'mentor',
    );
    row(
      'Mia suggests',
      `${localTime(suggested.proposal!.start, MENTOR.timezone)}  → ${p.yellow(suggested.status)}`,
    );
    await runWorker();
    const countered = await api<Booking>(
      'POST',
      `/v1/bookings/${third.id}/counter`,
      { start: slot(6, 17) },
      'mentee',
    );
    row('Noah counters', `${localTime(countered.start, MENTEE.timezone)}  → ${p.yellow(countered.status)}`);
    await runWorker();
    const accepted = await api<Booking>('POST', `/v1/bookings/${third.id}/approve`, {}, 'mentor');
    row('Mia accepts', `${localTime(accepted.start, MENTOR.timezone)}  → ${p.green(accepted.status)}`);
    await runWorker();
    const confirmed = await api<Booking>('GET', `/v1/bookings/${third.id}`, undefined, 'mentee');
    row('Jitsi link', confirmed.meeting?.joinUrl ?? '(not ready)');
    out(p.dim('  History:'));
    for (const entry of confirmed.history) {
      out(
        `    ${p.dim(entry.at.slice(11, 19))} ${entry.actor.padEnd(8)} ${entry.event}${entry.start ? ` ${localTime(entry.start, MENTOR.timezone)}` : ''}`,
      );
    }
    await printNotifications();

    section('7. Mia’s response record');
    const stats = await api<MentorStats>('GET', `/v1/users/${MENTOR.id}/mentor-stats`);
    row(
      'Approval rate',
      stats.approvalRate === null
        ? '—'
        : `${Math.round(stats.approvalRate * 100)}% of ${stats.decided} decided`,
    );
    row('Badge', stats.badge);
    row(
      'Answered in 24h',
      stats.answeredWithin24hRate === null ? '—' : `${Math.round(stats.answeredWithin24hRate * 100)}%`,
    );
    row('Search boost', `×${stats.searchBoost}`);

    const took = ((Date.now() - started) / 1000).toFixed(1);
    if (!serve) {
      out(
        `\n${p.green('✔')} Demo finished in ${took} s. Run ${p.bold('pnpm start')} to serve the API yourself.`,
      );
      return 0;
    }

    // Fresh requests to decide by hand, the worker running as in production, each email printed as it goes.
    await seedDemoBookings(running.runtime.workflow, running.runtime.clock);
    mailbox.onSend = (email) =>
      out(
        `  ${p.yellow('✉')}  ${email.to.split(' ')[0]!.padEnd(5)} ${email.subject}  ${p.dim(`${running.url}/bookings/${email.bookingId}`)}`,
      );
    running.runtime.worker.start(250);
    section('Now you');
    out(`  Walkthrough finished in ${took} s. The server keeps running, with new bookings waiting for Mia.`);
    out(`  Open ${p.bold(`${running.url}/app/`)} and sign in as Mia (mentor) or Noah (mentee).`);
    out(
      p.dim(
        '  Emails print here as they are sent; their links open the booking page. Ctrl-C stops the demo.',
      ),
    );
    await until();
    return 0;
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
