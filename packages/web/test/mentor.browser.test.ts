import { expect, it } from 'vitest';
import { assertAccessible, describeBrowser, useBrowser } from '../../../testing/browser';
import { calendarFeed, hourFromNow, MIA, NOAH } from './harness';
import { useApp, wallClock } from './suite';

describeBrowser('the mentor in the web app', () => {
  const browser = useBrowser();
  const app = useApp();

  it('approves a booking from the pending page: it leaves the list and is approved', async () => {
    const booking = await app().book({ daysAhead: 2, hourUtc: 14 });
    const page = await browser.page();
    await page.goto(await app().signInUrl(MIA.id, '/pending'));

    const list = page.locator('.split-list');
    await expect.poll(() => list.getByText(NOAH.name).count()).toBeGreaterThan(0);
    await list
      .getByRole('button', { name: `Review the booking from ${NOAH.name}` })
      .first()
      .click();
    await expect.poll(() => page.url()).toContain(`/app/pending/${booking.id}`);

    const card = page.locator('.split-detail');
    await card.getByRole('heading', { name: `Booking request from ${NOAH.name}` }).waitFor();
    await assertAccessible(page, 'the pending page with a review card');
    await card.getByRole('button', { name: 'Approve', exact: true }).click();

    await card.getByText('Approved. The meeting link and calendar invitations are on their way').waitFor();
    expect((await app().platform.bookings.get(booking.id)).status).toBe('approved');
    // It was the only booking waiting for her.
    await list.getByText('No bookings are waiting for you.').waitFor();
  });

  it('rejects with a reason: a one-word reason is refused in the form, next to the field, and nothing is sent', async () => {
    const booking = await app().book({ daysAhead: 3, hourUtc: 9 });
    const page = await browser.page();
    await page.goto(await app().signInUrl(MIA.id, `/pending/${booking.id}`));
    const card = page.locator('.split-detail');
    await card.getByRole('button', { name: 'Reject', exact: true }).click();

    const dialog = page.getByRole('dialog', { name: 'Reject this booking' });
    await dialog.getByLabel('Outside my expertise').check();
    const reason = dialog.getByLabel('Reason, shown to the mentee');
    await reason.fill('no');
    await dialog.getByRole('button', { name: 'Reject and refund' }).click();

    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    const problem = await dialog.getByText(/The reason is too short/).textContent();
    expect(problem).toMatch(/too short/);
    await assertAccessible(page, 'the reject dialog with a refused reason');
    expect((await app().platform.bookings.get(booking.id)).status).toBe('pending');

    await reason.fill('Outside my expertise: I coach backend systems, not iOS.');
    await dialog.getByRole('button', { name: 'Reject and refund' }).click();
    await card.getByText('Rejected. The mentee has been told why and is refunded.').waitFor();
    const rejected = await app().platform.bookings.get(booking.id);
    expect(rejected.status).toBe('rejected');
    expect(rejected.rejection).toEqual({
      reason: 'Outside my expertise: I coach backend systems, not iOS.',
      category: 'outside_expertise',
    });
  });

  it('suggests a time her calendar shows busy, sees the conflict, and then suggests anyway', async () => {
    const busy = { start: hourFromNow(6, 13), end: hourFromNow(6, 15) };
    const feed = await calendarFeed(busy);
    try {
      await app().platform.users.settings.update(MIA.id, { calendarFeedUrl: feed.url });
      const booking = await app().book({ daysAhead: 4, hourUtc: 10 });
      const page = await browser.page();
      await page.goto(await app().signInUrl(MIA.id, `/pending/${booking.id}`));
      await page.locator('.split-detail').getByRole('button', { name: 'Suggest another time' }).click();

      const dialog = page.getByRole('dialog', { name: 'Suggest another time' });
      const wanted = hourFromNow(6, 14);
      await dialog.getByLabel(`New start (${MIA.timezone})`).fill(wallClock(wanted, MIA.timezone));
      await dialog.getByRole('button', { name: 'Send suggestion' }).click();

      await dialog.getByText('Your calendar shows this time as busy or could not be read').waitFor();
      await assertAccessible(page, 'the suggest dialog with a calendar conflict');
      expect((await app().platform.bookings.get(booking.id)).status).toBe('pending');

      await dialog.getByRole('button', { name: 'Suggest anyway' }).click();
      await page
        .getByText('Suggested. The mentee can accept it, decline it or propose another time.')
        .waitFor();
      const suggested = await app().platform.bookings.get(booking.id);
      expect(suggested.status).toBe('alternative_suggested');
      expect(suggested.proposal).toMatchObject({ start: wanted, by: 'mentor' });
    } finally {
      await app().platform.users.settings.update(MIA.id, { calendarFeedUrl: null });
      await feed.close();
    }
  });
});
