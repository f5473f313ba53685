import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertAccessible, describeBrowser, useBrowser } from '../../../testing/browser';
import { MIA, NOAH, SAM } from './harness';
import { useApp } from './suite';

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

describeBrowser('every page of the web app', () => {
  const browser = useBrowser();
  const app = useApp({ GREENLIGHT_DEMO: 'true' });
  beforeAll(async () => {
    await app().platform.users.delegates.grant(MIA.id, SAM.id);
  });

  describe.each([
    { name: 'sign-in (demo)', user: null, path: '/', ready: 'Sign in as Mia Hoffmann (mentor)' },
    { name: 'session expired', user: MIA.id, path: '/pending', ttl: -60, ready: 'Your session has expired' },
    { name: 'pending', user: MIA.id, path: '/pending', ready: 'Pending bookings' },
    { name: 'upcoming', user: MIA.id, path: '/upcoming', ready: 'Upcoming sessions' },
    { name: 'settings', user: MIA.id, path: '/settings', ready: 'Settings' },
    { name: 'my bookings', user: NOAH.id, path: '/my-bookings', ready: 'My bookings' },
    {
      name: 'booking (its mentor)',
      user: MIA.id,
      path: '/bookings/{booking}',
      ready: 'Booking request from',
    },
    { name: 'booking (its mentee)', user: NOAH.id, path: '/bookings/{booking}', ready: 'Booking' },
    { name: 'past sessions', user: NOAH.id, path: '/past', ready: 'Past sessions' },
    { name: 'assisting', user: SAM.id, path: '/assisting', ready: `Pending bookings of ${MIA.name}` },
    {
      name: 'assisting a mentor',
      user: SAM.id,
      path: `/assisting/${MIA.id}/{booking}`,
      ready: 'Booking request from',
    },
    {
      name: 'booking (the mentor’s assistant)',
      user: SAM.id,
      path: '/bookings/{booking}',
      ready: 'Booking request from',
    },
    { name: 'not found', user: MIA.id, path: '/nowhere', ready: 'Page not found' },
  ])('$name', ({ name, user, path, ttl, ready }) => {
    it('has no serious or critical axe-core violations and nothing blocked by its Content-Security-Policy', async () => {
      const booking = await app().book({ daysAhead: 5, hourUtc: 10 });
      const page = await browser.page();
      const violations = await watchCsp(page);
      const at = path.replace('{booking}', booking.id);
      await page.goto(user ? await app().signInUrl(user, at, ttl) : `${app().url}/app${at}`);
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
