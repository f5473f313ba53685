import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { assertAccessible, describeBrowser, useBrowser } from '../../../testing/browser';
import { MIA, NOAH } from './harness';
import { useApp, withClock } from './suite';

const RETURN_URL = 'https://mentorhub.example.com/greenlight/sign-in';

/** Records what the page's Content-Security-Policy blocked, from its first script on. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

describeBrowser('signing in to the web app', () => {
  const browser = useBrowser();
  const app = useApp({ GREENLIGHT_APP_RETURN_URL: RETURN_URL, GREENLIGHT_APP_PLATFORM_NAME: 'MentorHub' });

  it('a platform’s #token= link signs the person in; the token leaves the address bar and reaches no server', async () => {
    const page = await browser.page();
    const sent: string[] = [];
    page.on('request', (request) => sent.push(`${request.url()} ${request.headers().referer ?? ''}`));
    const link = await app().signInUrl(MIA.id, '/upcoming');
    const token = link.split('#token=')[1]!;
    await page.goto(link);

    await page.getByText(MIA.name).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/upcoming');
    expect(new URL(page.url()).hash).toBe('');
    expect(sent.length).toBeGreaterThan(3);
    for (const request of sent) expect(request).not.toContain(token);
  });

  it('keeps the session to its tab: another tab opens on the sign-in page', async () => {
    const page = await browser.page();
    await page.goto(await app().signInUrl(MIA.id, '/pending'));
    await page.getByText(MIA.name).waitFor();
    const other = await page.context().newPage();
    await other.goto(`${app().url}/app/pending`);
    await other.getByRole('heading', { name: 'Sign in to Greenlight' }).waitFor();
    expect(await other.getByRole('link', { name: 'Sign in on MentorHub' }).getAttribute('href')).toBe(
      `${RETURN_URL}?next=%2Fapp%2Fpending`,
    );
  });

  it('an expired token opens the session-expired page, whose link returns to the platform and then to this page', async () => {
    const booking = await app().book({ daysAhead: 2, hourUtc: 11 });
    const page = await browser.page();
    await page.goto(await app().signInUrl(MIA.id, `/bookings/${booking.id}`, -60));
    await page.getByRole('heading', { name: 'Your session has expired' }).waitFor();
    const back = page.getByRole('link', { name: 'Return to MentorHub' });
    expect(await back.getAttribute('href')).toBe(
      `${RETURN_URL}?next=${encodeURIComponent(`/app/bookings/${booking.id}`)}`,
    );
    await assertAccessible(page, 'the session-expired page');
  });

  it('a session that runs out while the page is open turns into the session-expired page', async () => {
    const page = await withClock(await browser.page());
    await page.goto(await app().signInUrl(MIA.id, '/pending', 120));
    await page.getByText(MIA.name).waitFor();
    await page.clock.fastForward(121_000);
    await page.getByRole('heading', { name: 'Your session has expired' }).waitFor();
  });

  it('signing out ends the session in this tab', async () => {
    const page = await browser.page();
    await page.goto(await app().signInUrl(MIA.id, '/pending'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'You have signed out' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Greenlight' }).waitFor();
  });
});

describeBrowser('the booking page that emails link to', () => {
  const browser = useBrowser();
  const app = useApp();

  it('the old email link /bookings/{id}?action=reject opens the booking page with Reject focused, nothing done', async () => {
    const booking = await app().book({ daysAhead: 2, hourUtc: 13 });
    const page = await browser.page();
    await page.goto(await app().signInUrl(MIA.id, '/pending'));
    await page.getByText(MIA.name).waitFor();
    await page.goto(`${app().url}/bookings/${booking.id}?action=reject`);

    expect(new URL(page.url()).pathname).toBe(`/app/bookings/${booking.id}`);
    await page.getByRole('heading', { name: `Booking request from ${NOAH.name}` }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Reject');
    expect((await app().platform.bookings.get(booking.id)).status).toBe('pending');
  });

  it('somebody who is neither side of the booking sees that it is not found', async () => {
    const booking = await app().book({ daysAhead: 2, hourUtc: 15 });
    await app().platform.users.put('usr_zoe', {
      name: 'Zoe Park',
      email: 'zoe@example.com',
      timezone: 'Asia/Seoul',
    });
    const page = await browser.page();
    await page.goto(await app().signInUrl('usr_zoe', `/bookings/${booking.id}`));
    await page.getByRole('heading', { name: 'Booking not found' }).waitFor();
  });
});

describeBrowser('every page of the web app', () => {
  const browser = useBrowser();
  const app = useApp({ GREENLIGHT_DEMO: 'true' });

  describe.each([
    { name: 'sign-in (demo)', user: null, path: '/', ready: 'Sign in as Mia Hoffmann (mentor)' },
    { name: 'session expired', user: MIA.id, path: '/pending', ttl: -60, ready: 'Your session has expired' },
    { name: 'pending', user: MIA.id, path: '/pending', ready: 'Pending bookings' },
    { name: 'upcoming', user: MIA.id, path: '/upcoming', ready: 'Upcoming sessions' },
    { name: 'settings', user: MIA.id, path: '/settings', ready: 'Settings' },
    { name: 'my bookings', user: NOAH.id, path: '/my-bookings', ready: 'My bookings' },
    { name: 'not found', user: MIA.id, path: '/nowhere', ready: 'Page not found' },
  ])('$name', ({ name, user, path, ttl, ready }) => {
    it('has no serious or critical axe-core violations and nothing blocked by its Content-Security-Policy', async () => {
      await app().book({ daysAhead: 5, hourUtc: 10 });
      const page = await browser.page();
      const violations = await watchCsp(page);
      await page.goto(user ? await app().signInUrl(user, path, ttl) : `${app().url}/app${path}`);
      await page.getByText(ready, { exact: false }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await assertAccessible(page, name);
      expect(await violations()).toEqual([]);
    });
  });

  it('on a demo server, a person signs in as the demo mentor from the sign-in page and lands on her pending bookings', async () => {
    const page = await browser.page();
    await page.goto(`${app().url}/app/`);
    await page.getByRole('button', { name: 'Sign in as Mia Hoffmann (mentor)' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/app/pending');
    await page
      .getByRole('button', { name: /Review the booking from Noah Carter/ })
      .first()
      .waitFor();
  });
});
