import { expect, it } from 'vitest';
import { describeBrowser, useBrowser } from '../../../testing/browser';
import { hourFromNow, MIA } from './harness';
import { useApp } from './suite';

const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true };

describeBrowser('the pages at work', () => {
  const browser = useBrowser();
  const app = useApp({ GREENLIGHT_WORKER: 'false' });

  it('after an approval the pending page says what happened, offers the next request, and says when none is left', async () => {
    await app().platform.users.put('usr_layout_ada', {
      name: 'Ada Byron',
      email: 'ada@example.com',
      timezone: 'Europe/London',
    });
    const first = await app().book({ start: hourFromNow(6, 9) });
    const second = await app().book({ menteeId: 'usr_layout_ada', start: hourFromNow(6, 11) });
    const page = await browser.page();
    await page.goto(await app().signInUrl(MIA.id, `/pending/${first.id}`));

    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Approved\./ })
      .waitFor();
    const next = page.getByRole('link', { name: 'Next: Ada Byron’s request →' });
    await next.click();
    expect(new URL(page.url()).pathname).toBe(`/app/pending/${second.id}`);
    await page.getByRole('heading', { name: 'Booking request from Ada Byron' }).waitFor();
    expect(await page.locator('li[aria-current="true"]').textContent()).toContain('Ada Byron');

    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByText('That was the last request waiting for you.').waitFor();
    await page.getByText('No bookings are waiting for you.').waitFor();
  });

  it('on a 375 px phone no page is wider than the screen, and an opened booking has the page to itself', async () => {
    const booking = await app().book({ start: hourFromNow(7, 9) });
    const page = await browser.page(PHONE);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

    await page.goto(await app().signInUrl(MIA.id, `/pending/${booking.id}`));
    await page.getByRole('button', { name: 'Approve', exact: true }).waitFor();
    expect(await overflow()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Pending bookings', level: 2 }).isVisible()).toBe(false);
    await page.getByRole('link', { name: '← All pending bookings' }).click();
    await page.getByRole('heading', { name: 'Pending bookings', level: 2 }).waitFor();
    expect(await page.getByRole('link', { name: '← All pending bookings' }).count()).toBe(0);

    for (const [path, ready] of [
      ['/upcoming', 'Upcoming sessions'],
      ['/settings', 'Settings'],
      ['/my-bookings', 'My bookings'],
    ] as const) {
      await page.getByRole('link', { name: ready === 'Upcoming sessions' ? 'Upcoming' : ready }).click();
      await page.getByRole('heading', { name: ready, level: 2 }).waitFor();
      expect(await overflow(), path).toBe(0);
    }
    // The bell stays in reach, and still says what it is.
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
  });
});
