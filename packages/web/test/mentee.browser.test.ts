import { expect, it } from 'vitest';
import { assertAccessible, describeBrowser, useBrowser } from '../../../testing/browser';
import { hourFromNow, MIA, NOAH } from './harness';
import { nextPoll, useApp, wallClock, withClock } from './suite';

describeBrowser('the mentee in the web app', () => {
  const browser = useBrowser();
  const app = useApp();

  /** A booking Mia answered with another time, through the SDK as the Slack bot or her own page would. */
  async function suggested(daysAhead: number, suggestDays: number) {
    const booking = await app().book({ daysAhead, hourUtc: 15 });
    const start = hourFromNow(suggestDays, 16);
    await app().platform.as(MIA.id).bookings.suggest(booking.id, { start });
    return { booking, start };
  }

  it('accepts one suggested time and proposes another time for a second one', async () => {
    const first = await suggested(2, 3);
    const second = await suggested(4, 5);
    const page = await browser.page();
    await page.goto(await app().signInUrl(NOAH.id, '/my-bookings'));
    await page.getByText('Needs your answer').waitFor();
    await assertAccessible(page, 'my bookings with two suggestions to answer');

    // The first: answer it from its booking page, accept.
    await page.goto(await app().signInUrl(NOAH.id, `/bookings/${first.booking.id}`));
    await page.getByRole('heading', { name: `${MIA.name} suggested another time` }).waitFor();
    await assertAccessible(page, 'the booking page with a suggested time to answer');
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.getByText('Accepted. The session is booked.').waitFor();
    const accepted = await app().platform.bookings.get(first.booking.id);
    expect(accepted.status).toBe('approved');
    expect(accepted.start).toBe(first.start);

    // The second: from My bookings, propose yet another time in his own zone.
    await page.getByRole('link', { name: 'My bookings' }).first().click();
    await page.getByRole('button', { name: 'Answer' }).first().click();
    await expect.poll(() => page.url()).toContain(`/app/bookings/${second.booking.id}`);
    await page.getByRole('button', { name: 'Propose another time' }).click();
    const dialog = page.getByRole('dialog', { name: 'Propose another time' });
    const counter = hourFromNow(6, 14);
    await dialog.getByLabel(`New start (${NOAH.timezone})`).fill(wallClock(counter, NOAH.timezone));
    await dialog.getByRole('button', { name: 'Send proposal' }).click();
    await page.getByText('Sent. The mentor will answer your proposal.').waitFor();
    const countered = await app().platform.bookings.get(second.booking.id);
    expect(countered.status).toBe('pending');
    expect(countered.start).toBe(counter);
  });

  it('the bell counts his new notifications, opens them, and clears them with Mark all read', async () => {
    const page = await withClock(await browser.page());
    await page.goto(await app().signInUrl(NOAH.id, '/my-bookings'));
    const bell = page.getByRole('button', { name: 'Notifications', exact: true });
    await bell.waitFor();
    await app().platform.as(NOAH.id).notifications.markAllRead();
    await nextPoll(page);
    await expect
      .poll(() => page.locator('.gl-bell [aria-live]').textContent())
      .toBe('No unread notifications');

    // Mia suggests new times for two of his bookings: two notifications for Noah.
    await suggested(7, 8);
    await suggested(9, 10);
    await nextPoll(page);
    await expect.poll(() => page.locator('.gl-bell [aria-live]').textContent()).toBe('2 unread');
    expect(await page.locator('.gl-bell__badge').textContent()).toBe('2');

    await bell.click();
    const panel = page.getByRole('dialog', { name: 'Notifications' });
    await panel.getByRole('button', { name: 'Mark all read' }).waitFor();
    await assertAccessible(page, 'the open notification bell');
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await expect
      .poll(() => page.locator('.gl-bell [aria-live]').textContent())
      .toBe('No unread notifications');
    expect(await page.locator('.gl-bell__badge').count()).toBe(0);
    expect(await app().platform.as(NOAH.id).notifications.unreadCount()).toBe(0);
  });
});
