import { expect, it } from 'vitest';
import { assertAccessible, describeBrowser, useBrowser } from '../../../testing/browser';
import { MIA, NOAH } from './harness';
import { useApp, withClock } from './suite';

const RETURN_URL = 'https://mentorhub.example.com/greenlight/sign-in';

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
