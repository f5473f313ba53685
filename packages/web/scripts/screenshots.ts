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

  mkdirSync(out, { recursive: true });
  const signIn = async (userId: string, path: string, ttl = 3600) =>
    `${server.url}/app${path}#token=${await mintUserToken(JWT_SECRET, userId, ttl)}`;

  // `pnpm screenshots pending sign-in` takes only those.
  const only = process.argv.slice(2);
  async function shoot(name: string, open: (page: Page) => Promise<void>) {
    if (only.length > 0 && !only.includes(name)) return;
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    const page = await context.newPage();
    await open(page);
    // Fonts and images settled, no spinner caught mid-way.
    await page.evaluate(() => document.fonts.ready);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(out, `${name}.png`) });
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
    await page.getByLabel(/Approve new bookings automatically/).waitFor();
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
  await shoot('session-expired', async (page) => {
    await page.goto(await signIn(DEMO_MENTOR.id, `/bookings/${first.id}`, -60));
    await page.getByRole('heading', { name: 'Your session has expired' }).waitFor();
  });
} finally {
  await browser.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(webAppDir, { recursive: true, force: true });
}
