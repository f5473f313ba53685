/**
 * `pnpm --filter @greenlight/web screenshots`: PNGs of the app's main pages, from the real app (built from the
 * current sources) served by the real server in demo mode, in Debian's Chromium, into `docs/screenshots/`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Greenlight } from '@greenlight/sdk';
import {
  DEMO_MENTEE,
  DEMO_MENTOR,
  loadConfig,
  mintUserToken,
  silentLogger,
  startServer,
} from '@greenlight/server';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../../testing/browser';
import { buildApp } from '../test/build-app';

const API_KEY = 'screenshots-platform-key-0123456789';
const JWT_SECRET = 'screenshots-jwt-secret-0123456789-0123456789';
const out = new URL('../../../docs/screenshots/', import.meta.url).pathname;

function hourFromNow(days: number, hourUtc: number): string {
  const at = new Date(Date.now() + days * 86_400_000);
  at.setUTCHours(hourUtc, 0, 0, 0);
  return at.toISOString();
}

const webAppDir = await buildApp();
const dir = mkdtempSync(join(tmpdir(), 'gl-screenshots-'));
const server = await startServer(
  loadConfig({
    GREENLIGHT_DATABASE_URL: join(dir, 'greenlight.db'),
    GREENLIGHT_API_KEY: API_KEY,
    GREENLIGHT_JWT_SECRET: JWT_SECRET,
    GREENLIGHT_DEMO: 'true',
    GREENLIGHT_APP_RETURN_URL: 'https://mentorhub.example.com/greenlight/sign-in',
    GREENLIGHT_APP_PLATFORM_NAME: 'MentorHub',
    GREENLIGHT_SCHEDULER: 'false',
    PORT: '0',
  }),
  { logger: silentLogger, print: () => {}, handleSignals: false, workerIntervalMs: 50, webAppDir },
);
const browser = await launchChromium();
try {
  // The demo seeds two requests for Mia and a suggestion for Noah; one approved session fills Upcoming.
  const platform = new Greenlight({ baseUrl: server.url, apiKey: API_KEY });
  const mia = platform.as(DEMO_MENTOR.id);
  const approved = await platform.bookings.create({
    mentorId: DEMO_MENTOR.id,
    menteeId: DEMO_MENTEE.id,
    start: hourFromNow(1, 17),
    durationMinutes: 45,
    sessionType: { name: 'Portfolio review' },
    price: { amount: 9_000, currency: 'USD' },
    paymentRef: 'pi_screenshots_upcoming',
    message: 'Portfolio review before my interviews next week.',
  });
  await mia.bookings.approve(approved.id);
  for (let round = 0; round < 20 && (await server.runtime.worker.runOnce()) > 0; round++) {}
  const pending = await mia.bookings.list({ role: 'mentor', status: 'pending' }).toArray();
  const suggested = await mia.bookings.list({ role: 'mentor', status: 'alternative_suggested' }).toArray();
  const first = pending.sort((a, b) => a.respondBy.localeCompare(b.respondBy))[0]!;
  const noah = platform.as(DEMO_MENTEE.id);
  await noah.messages.post(first.id, {
    body: 'Hi Mia! Could we spend most of the hour on my system-design answers?',
  });
  await mia.messages.post(first.id, { body: 'Happy to. Bring the two designs you liked least.' });
  await noah.messages.post(first.id, { body: 'Will do, thank you!' });

  // A session that took place yesterday (the API books nothing in the past, so the store moves it), which Noah
  // reports Mia missed: his refund shows on Past sessions.
  const missed = await platform.bookings.create({
    mentorId: DEMO_MENTOR.id,
    menteeId: DEMO_MENTEE.id,
    start: hourFromNow(2, 9),
    durationMinutes: 60,
    sessionType: { name: 'Mock interview' },
    price: { amount: 12_000, currency: 'USD' },
    paymentRef: 'pi_screenshots_missed',
  });
  await mia.bookings.approve(missed.id);
  await server.runtime.store.transaction(async (tx) => {
    const booking = (await tx.getBooking(missed.id))!;
    const end = new Date(Date.now() - 20 * 3_600_000);
    const start = new Date(end.getTime() - booking.durationMinutes * 60_000);
    await tx.updateBooking(
      {
        ...booking,
        start: start.toISOString(),
        end: end.toISOString(),
        status: 'completed',
        version: booking.version + 1,
      },
      booking.version,
    );
  });
  await noah.bookings.reportNoShow(missed.id, { note: 'I waited 25 minutes in the meeting; nobody joined.' });

  // Rule sets and an assistant in Mia's settings.
  await mia.users.settings.update(DEMO_MENTOR.id, {
    autoApprovalRules: [
      { name: 'Returning mentees', minCompletedSessions: 2, noRedFlags: ['rude_message', 'missed_sessions'] },
      { name: 'Career chats well ahead', minNoticeHours: 72, sessionTypes: ['Career chat'], enabled: false },
    ],
  });
  const SAM = { id: 'usr_demo_sam', name: 'Sam Lee' };
  await platform.users.put(SAM.id, { name: SAM.name, email: 'sam@example.com', timezone: 'Europe/London' });
  await mia.users.delegates.grant(DEMO_MENTOR.id, SAM.id);
  for (let round = 0; round < 20 && (await server.runtime.worker.runOnce()) > 0; round++) {}

  mkdirSync(out, { recursive: true });
  const signIn = async (userId: string, path: string, ttl = 3600) =>
    `${server.url}/app${path}#token=${await mintUserToken(JWT_SECRET, userId, ttl)}`;

  // A request with the long name and message a layout has to survive, for its own shots.
  const LONG_NAME = 'Maximiliane Oyelaran-Vandenberg de la Cruz';
  await platform.users.put('usr_demo_long', {
    name: LONG_NAME,
    email: 'maximiliane@example.com',
    timezone: 'Asia/Kolkata',
    stats: { averageRatingGiven: 4.8, reviewsGiven: 12, noShowReports: 0 },
  });
  const long = await platform.bookings.create({
    mentorId: DEMO_MENTOR.id,
    menteeId: 'usr_demo_long',
    start: hourFromNow(4, 9),
    durationMinutes: 90,
    sessionType: { name: 'Career strategy deep-dive for engineering leadership roles' },
    price: { amount: 24_000, currency: 'USD' },
    paymentRef: 'pi_screenshots_long',
    message:
      'Hello Mia! I lead a platform team of nine and have been offered a director role at a scale-up. ' +
      'I would love to go through the offer, the first 90 days and how to keep writing code without becoming the ' +
      'bottleneck. I have prepared a one-page summary of the team and the org chart; happy to send it ahead.\n\n' +
      'Thank you!',
  });
  // Another request, for the email action pages (approving it leaves the rest of the demo as it was).
  const byEmail = await platform.bookings.create({
    mentorId: DEMO_MENTOR.id,
    menteeId: DEMO_MENTEE.id,
    start: hourFromNow(5, 14),
    durationMinutes: 30,
    sessionType: { name: 'Resume review' },
    price: { amount: 4_000, currency: 'USD' },
    paymentRef: 'pi_screenshots_email',
    message: 'Could you look over my resume before I apply?',
  });
  // A mentor with nothing waiting.
  await platform.users.put('usr_demo_quiet', {
    name: 'Quinn Idle',
    email: 'quinn@example.com',
    timezone: 'Europe/London',
  });

  // `pnpm screenshots pending sign-in` takes only those.
  const only = process.argv.slice(2);
  const DESKTOP = { width: 1280, height: 860 };
  /** A phone: the 375 px a layout must still work at. */
  const PHONE = { width: 375, height: 812 };
  async function shoot(
    name: string,
    open: (page: Page) => Promise<void>,
    { viewport = DESKTOP, fullPage = false } = {},
  ) {
    if (only.length > 0 && !only.includes(name)) return;
    const context = await browser.newContext({
      viewport,
      locale: 'en-US',
      ...(viewport === PHONE ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    const page = await context.newPage();
    await open(page);
    // Fonts and images settled, no spinner caught mid-way.
    await page.evaluate(() => document.fonts.ready);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(out, `${name}.png`), fullPage });
    await context.close();
    process.stdout.write(`docs/screenshots/${name}.png\n`);
  }

  await shoot('sign-in', async (page) => {
    await page.goto(`${server.url}/app/`);
    await page.getByRole('button', { name: /Sign in as Mia/ }).waitFor();
  });
  await shoot('pending', async (page) => {
    await page.goto(await signIn(DEMO_MENTOR.id, `/pending/${first.id}`));
    await page.getByRole('button', { name: 'Approve', exact: true }).waitFor();
  });
  await shoot('reject', async (page) => {
    await page.goto(await signIn(DEMO_MENTOR.id, `/pending/${first.id}`));
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    await page.getByRole('dialog').waitFor();
  });
  await shoot('upcoming', async (page) => {
    await page.goto(await signIn(DEMO_MENTOR.id, '/upcoming'));
    await page.getByText('Portfolio review').first().waitFor();
  });
  await shoot('settings', async (page) => {
    await page.goto(await signIn(DEMO_MENTOR.id, '/settings'));
    await page.getByLabel(/Approve every booking automatically/).waitFor();
  });
  await shoot('notifications', async (page) => {
    await page.goto(await signIn(DEMO_MENTOR.id, '/pending'));
    await page.getByRole('button', { name: /Notifications/ }).click();
    await page.getByRole('button', { name: 'Mark all read' }).waitFor();
  });
  await shoot('my-bookings', async (page) => {
    await page.goto(await signIn(DEMO_MENTEE.id, '/my-bookings'));
    await page.getByText('Needs your answer').waitFor();
  });
  await shoot('proposal', async (page) => {
    await page.goto(await signIn(DEMO_MENTEE.id, `/bookings/${suggested[0]!.id}`));
    await page.getByRole('button', { name: 'Accept', exact: true }).waitFor();
  });
  await shoot('conversation', async (page) => {
    await page.goto(await signIn(DEMO_MENTOR.id, `/pending/${first.id}`));
    const thread = page.getByRole('region', { name: /^Conversation with / });
    await thread.scrollIntoViewIfNeeded();
    await page.getByText('Will do, thank you!').waitFor();
  });
  await shoot('history', async (page) => {
    await page.goto(await signIn(DEMO_MENTEE.id, `/bookings/${missed.id}`));
    const history = page.getByRole('region', { name: 'History' });
    await history.scrollIntoViewIfNeeded();
    await history.getByText(/reported .* did not come/).waitFor();
  });
  await shoot('past-sessions', async (page) => {
    await page.goto(await signIn(DEMO_MENTEE.id, '/past'));
    await page.getByText(/You are refunded in full/).waitFor();
  });
  await shoot('rules', async (page) => {
    await page.goto(await signIn(DEMO_MENTOR.id, '/settings'));
    const rules = page.getByRole('heading', { name: 'Auto-approval rules' });
    await rules.scrollIntoViewIfNeeded();
    await page.getByText(/Approve automatically when the mentee has completed/).waitFor();
  });
  await shoot('assistant', async (page) => {
    await page.goto(await signIn(SAM.id, `/assisting/${DEMO_MENTOR.id}/${first.id}`));
    await page.getByRole('button', { name: 'Approve', exact: true }).waitFor();
  });
  await shoot('bulk', async (page) => {
    await page.goto(await signIn(DEMO_MENTOR.id, '/pending'));
    await page.getByRole('checkbox', { name: 'Select all' }).check();
    await page.getByRole('button', { name: /^Reject \d+$/ }).waitFor();
  });
  await shoot('session-expired', async (page) => {
    await page.goto(await signIn(DEMO_MENTOR.id, `/bookings/${first.id}`, -60));
    await page.getByRole('heading', { name: 'Your session has expired' }).waitFor();
  });
  await shoot(
    'pending-phone',
    async (page) => {
      await page.goto(await signIn(DEMO_MENTOR.id, `/pending/${first.id}`));
      await page.getByRole('button', { name: 'Approve', exact: true }).waitFor();
    },
    { viewport: PHONE, fullPage: true },
  );
  await shoot(
    'my-bookings-phone',
    async (page) => {
      await page.goto(await signIn(DEMO_MENTEE.id, '/my-bookings'));
      await page.getByText('Needs your answer').waitFor();
    },
    { viewport: PHONE, fullPage: true },
  );
  await shoot('pending-empty', async (page) => {
    await page.goto(await signIn('usr_demo_quiet', '/pending'));
    await page.getByText('No bookings are waiting for you.').waitFor();
  });
  await shoot(
    'long-content',
    async (page) => {
      await page.goto(await signIn(DEMO_MENTOR.id, `/pending/${long.id}`));
      await page.getByRole('button', { name: 'Approve', exact: true }).waitFor();
    },
    { fullPage: true },
  );
  // What the mentor sees once she has approved: last, since it changes the booking.
  await shoot(
    'approved',
    async (page) => {
      await page.goto(await signIn(DEMO_MENTOR.id, `/pending/${long.id}`));
      await page.getByRole('button', { name: 'Approve', exact: true }).click();
      await page.getByText(/^Approved\./).waitFor();
      await page.getByRole('link', { name: /^Next: / }).waitFor();
    },
    { fullPage: true },
  );

  // The one-click pages an email's buttons open, on a phone with no JavaScript, as a mail app shows them.
  const actions = server.runtime.emailActions;
  if (actions) {
    const link = async (action: 'approve' | 'reject') =>
      `${server.url}/actions/${await actions.tokens.sign({
        bookingId: byEmail.id,
        userId: DEMO_MENTOR.id,
        action,
        round: 1,
        expiresAt: new Date(Date.now() + 3_600_000),
      })}`;
    const mail = { viewport: PHONE, fullPage: true };
    await shoot('email-reject', async (page) => void (await page.goto(await link('reject'))), mail);
    await shoot('email-approve', async (page) => void (await page.goto(await link('approve'))), mail);
    await shoot(
      'email-approved',
      async (page) => {
        await page.goto(await link('approve'));
        await page.getByRole('button', { name: 'Approve' }).click();
        await page.getByRole('heading', { name: 'Approved' }).waitFor();
      },
      mail,
    );
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(webAppDir, { recursive: true, force: true });
}
