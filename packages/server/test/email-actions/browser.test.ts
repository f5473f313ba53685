import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Booking } from '@greenlight/core/contract';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  assertAccessible,
  type BrowserContext,
  type BrowserSession,
  describeBrowser,
  type Page,
  seriousViolations,
  useBrowser,
} from '../../../../testing/browser';
import { book, type Harness, hoursFromNow, localPeer, pair } from '../harness';
import { useHarness } from '../suite';
import { linkIn, pathOf, smtpEnv, startSmtpServer } from './fixtures';

const smtp = await startSmtpServer();
const PUBLIC_URL = 'https://greenlight.test';
/** GREENLIGHT_SCREENSHOTS=<dir> keeps a phone and a desktop screenshot of every page state the tests visit. */
const SHOTS = process.env.GREENLIGHT_SCREENSHOTS;

beforeAll(() => {
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await smtp.close();
});

/** A phone in a mail app: small screen, no JavaScript. */
function phone(browser: BrowserSession): Promise<BrowserContext> {
  return browser.context({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled: false,
  });
}

/** axe-core on the page as it is (the shared helper): no serious or critical violation. */
async function expectAccessible(browser: BrowserSession, page: Page, state: string): Promise<void> {
  await assertAccessible(page, state);
  if (SHOTS) {
    await page.screenshot({ path: join(SHOTS, `${state}.png`), fullPage: true });
    // The same page on a desktop screen: a copy, since a page a form post led to cannot be fetched again.
    const desktop = await (await browser.context({ javaScriptEnabled: false })).newPage();
    await desktop.setContent(await page.content());
    await desktop.screenshot({ path: join(SHOTS, `${state}-desktop.png`), fullPage: true });
  }
}

/** Opens an email's link on this server, as tapping it in the mail app would. */
async function tap(h: Harness, page: Page, url: string): Promise<number> {
  const response = await page.goto(`${h.url}${pathOf(url)}`);
  return response?.status() ?? 0;
}

/** The status of the page a form post led to. */
async function submitting(page: Page, click: () => Promise<void>): Promise<number> {
  const [response] = await Promise.all([
    page.waitForEvent('response', (r) => r.request().method() === 'POST'),
    click(),
  ]);
  await page.waitForLoadState();
  return response.status();
}

/** An iCalendar feed with one busy hour. */
function busyFeed(start: string, summary: string) {
  const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace('.000', '');
  const end = new Date(Date.parse(start) + 60 * 60_000).toISOString();
  return localPeer(() => ({
    status: 200,
    headers: { 'content-type': 'text/calendar' },
    body: [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      `UID:${summary}@test`,
      'DTSTAMP:20260101T000000Z',
      `DTSTART:${stamp(start)}`,
      `DTEND:${stamp(end)}`,
      `SUMMARY:${summary}`,
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  }));
}

describeBrowser('email actions in a real browser, from captured emails', () => {
  const browser = useBrowser();
  const { test } = useHarness('sqlite', { ...smtpEnv(smtp), GREENLIGHT_PUBLIC_URL: PUBLIC_URL });
  const when = (name: string, fn: (h: Harness) => Promise<void>) => test(name, fn, 60_000);

  test('the accessibility check reads a page that runs no script, its inline styles included', async () => {
    const page = await (await phone(browser)).newPage();
    await page.setContent(
      '<!doctype html><html lang="en"><head><title>Low contrast</title><style>p { color: #d8d8d8 }</style></head>' +
        '<body><main><h1>Approve?</h1><p>Hard to read</p></main></body></html>',
    );
    const violations = await seriousViolations(page);
    expect(violations.map((v) => v.id)).toEqual(['color-contrast']);
  });

  when('approve: the page shows the request, one tap approves, the link is then spent', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids, { message: 'Could we look at my portfolio together?' });
    await h.drain();
    const approve = linkIn(smtp, booking.id, 'booking_requested', 'Approve');
    const context = await phone(browser);
    const page = await context.newPage();

    expect(await tap(h, page, approve)).toBe(200);
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/^Approve .+’s session\?$/);
    expect(await page.locator('.facts').textContent()).toContain('60 minutes');
    expect(await page.locator('blockquote').textContent()).toBe('Could we look at my portfolio together?');
    await expectAccessible(browser, page, 'approve-form');

    expect(await submitting(page, () => page.getByRole('button', { name: 'Approve' }).click())).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Approved');
    await expectAccessible(browser, page, 'approve-done');
    const after = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body;
    expect(after.status).toBe('approved');
    expect(after.history.at(-1)).toMatchObject({ event: 'approved', actor: ids.mentorId, channel: 'email' });

    expect(await tap(h, page, approve)).toBe(410);
    expect(await page.locator('h1').textContent()).toBe('You already used this link');
    await expectAccessible(browser, page, 'approve-used');

    // The reject link of the same email: decided meanwhile (from this email, but another of its links).
    expect(await tap(h, page, linkIn(smtp, booking.id, 'booking_requested', 'Reject'))).toBe(409);
    expect(await page.locator('.lead').first().textContent()).toMatch(
      /^You approved this from an email link just now\./,
    );
    await expectAccessible(browser, page, 'reject-stale');
    await context.close();
  });

  when('reject with a reason: a one-word reason is refused on the field, the typed text kept', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    await h.drain();
    const context = await phone(browser);
    const page = await context.newPage();
    expect(await tap(h, page, linkIn(smtp, booking.id, 'booking_requested', 'Reject'))).toBe(200);
    await expectAccessible(browser, page, 'reject-form');

    await page.getByLabel('Outside my expertise').check();
    await page.getByLabel(/Your reason, shown to/).fill('no');
    expect(
      await submitting(page, () => page.getByRole('button', { name: 'Reject and refund' }).click()),
    ).toBe(422);
    const reason = page.getByLabel(/Your reason, shown to/);
    expect(await reason.inputValue()).toBe('no');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#reason-error').textContent()).toMatch(
      /^A reason is required and is shown to the mentee/,
    );
    expect(await page.getByLabel('Outside my expertise').isChecked()).toBe(true);
    await expectAccessible(browser, page, 'reject-error');
    expect((await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body.status).toBe('pending');

    await reason.fill('This is outside my expertise; try a data engineering mentor.');
    expect(
      await submitting(page, () => page.getByRole('button', { name: 'Reject and refund' }).click()),
    ).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Rejected');
    expect(await page.locator('.lead').textContent()).toContain('$50.00');
    await expectAccessible(browser, page, 'reject-done');
    const after = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body;
    expect(after.rejection).toEqual({
      reason: 'This is outside my expertise; try a data engineering mentor.',
      category: 'outside_expertise',
    });
    await context.close();
  });

  when(
    'suggest: a busy time shows the conflict in the mentor’s zone, “Suggest anyway” sends it',
    async (h) => {
      const ids = await pair(h);
      const busyAt = hoursFromNow(24 * 4);
      const feed = await busyFeed(busyAt, 'Dentist');
      try {
        await h.call(
          'PATCH',
          `/v1/users/${ids.mentorId}/settings`,
          { calendarFeedUrl: `${feed.url}/cal.ics` },
          { as: ids.mentorId },
        );
        const booking = await book(h, ids);
        await h.drain();
        const context = await phone(browser);
        const page = await context.newPage();
        expect(
          await tap(h, page, linkIn(smtp, booking.id, 'booking_requested', 'Suggest another time')),
        ).toBe(200);
        await expectAccessible(browser, page, 'suggest-form');

        // The mentor is in Europe/Berlin: the picker takes Berlin wall time.
        const berlin = new Intl.DateTimeFormat('sv-SE', {
          timeZone: 'Europe/Berlin',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        })
          .format(new Date(busyAt))
          .replace(' ', 'T');
        await page.getByLabel('New time').fill(berlin);
        expect(
          await submitting(page, () => page.getByRole('button', { name: 'Send suggestion' }).click()),
        ).toBe(409);
        expect(await page.locator('.alert').textContent()).toContain('Busy in your iCal calendar (Dentist)');
        expect(await page.getByLabel('New time').inputValue()).toBe(berlin);
        await expectAccessible(browser, page, 'suggest-conflict');

        expect(
          await submitting(page, () => page.getByRole('button', { name: 'Suggest anyway' }).click()),
        ).toBe(200);
        expect(await page.locator('h1').textContent()).toBe('Suggestion sent');
        await expectAccessible(browser, page, 'suggest-done');
        const after = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body;
        expect(after).toMatchObject({
          status: 'alternative_suggested',
          proposal: { start: busyAt, by: 'mentor' },
        });
        expect(after.history.at(-1)).toMatchObject({ channel: 'email', actor: ids.mentorId, force: true });
        await context.close();
      } finally {
        await feed.close();
      }
    },
  );

  when(
    'the other page states are accessible too: tampered, expired, wrong recipient, the mentee’s answers',
    async (h) => {
      const ids = await pair(h);
      const booking = await book(h, ids);
      await h.drain();
      const approve = linkIn(smtp, booking.id, 'booking_requested', 'Approve');
      const context = await phone(browser);
      const page = await context.newPage();

      const token = pathOf(approve).split('/').at(-1)!;
      const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
      const tampered = `/actions/${flipped}`;
      expect(await tap(h, page, tampered)).toBe(400);
      await expectAccessible(browser, page, 'tampered');

      const actions = h.server.runtime.emailActions!;
      const expired = await actions.tokens.sign({
        bookingId: booking.id,
        userId: ids.mentorId,
        action: 'approve',
        round: 1,
        expiresAt: new Date(Date.now() - 60_000),
      });
      expect(await tap(h, page, `/actions/${expired}`)).toBe(410);
      await expectAccessible(browser, page, 'expired');

      const notTheirs = await actions.tokens.sign({
        bookingId: booking.id,
        userId: ids.menteeId,
        action: 'approve',
        round: 1,
        expiresAt: new Date(Date.now() + 3_600_000),
      });
      expect(await tap(h, page, `/actions/${notTheirs}`)).toBe(403);
      await expectAccessible(browser, page, 'wrong-recipient');

      await h.call(
        'POST',
        `/v1/bookings/${booking.id}/suggest`,
        { start: hoursFromNow(24 * 5) },
        { as: ids.mentorId },
      );
      await h.drain();
      for (const [label, state] of [
        ['Accept this time', 'accept-form'],
        ['Propose another time', 'counter-form'],
        ['Decline', 'decline-form'],
      ] as const) {
        expect(await tap(h, page, linkIn(smtp, booking.id, 'alternative_suggested', label))).toBe(200);
        await expectAccessible(browser, page, state);
      }
      expect(await tap(h, page, linkIn(smtp, booking.id, 'alternative_suggested', 'Accept this time'))).toBe(
        200,
      );
      expect(
        await submitting(page, () => page.getByRole('button', { name: 'Accept this time' }).click()),
      ).toBe(200);
      await expectAccessible(browser, page, 'accept-done');
      await h.drain();
      expect(
        await tap(h, page, linkIn(smtp, booking.id, 'booking_approved', 'Cancel this session', undefined)),
      ).toBe(200);
      await expectAccessible(browser, page, 'cancel-form');
      await context.close();
    },
  );
});
