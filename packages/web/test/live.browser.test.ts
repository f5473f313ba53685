import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { assertAccessible, describeBrowser, useBrowser } from '../../../testing/browser';
import { API_KEY, MIA, NOAH } from './harness';
import { nextPoll, useApp, withClock } from './suite';

/**
 * A decision made somewhere else while Mia has the card open: the card says so without a reload, and its
 * buttons no longer act on what she saw.
 */
describeBrowser('the web app keeps an open card current', () => {
  const browser = useBrowser();
  const app = useApp();

  async function openCard(bookingId: string): Promise<Page> {
    const page = await withClock(await browser.page());
    await page.goto(await app().signInUrl(MIA.id, `/pending/${bookingId}`));
    await page.getByRole('button', { name: 'Approve', exact: true }).waitFor();
    // Gone if the page reloads: the change must arrive in this same document.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    return page;
  }

  const sameDocument = (page: Page) =>
    page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument);

  /** The card no longer offers to decide what was decided: no enabled Approve or Reject. */
  async function decisionBlocked(page: Page) {
    const card = page.locator('.split-detail');
    for (const name of ['Approve', 'Reject']) {
      const button = card.getByRole('button', { name, exact: true });
      if ((await button.count()) > 0) expect(await button.isDisabled(), name).toBe(true);
    }
  }

  it('a decision in another tab shows up at once and blocks the stale Approve', async () => {
    const booking = await app().book({ daysAhead: 2, hourUtc: 10 });
    const stale = await openCard(booking.id);
    // Another tab of the same browser, signed in on its own (a session lives in one tab).
    const other = await stale.context().newPage();
    await other.goto(await app().signInUrl(MIA.id, `/pending/${booking.id}`));
    await other.getByRole('button', { name: 'Reject', exact: true }).click();
    const dialog = other.getByRole('dialog', { name: 'Reject this booking' });
    await dialog.getByLabel('Reason, shown to the mentee').fill('I will be travelling that week, sorry.');
    await dialog.getByRole('button', { name: 'Reject and refund' }).click();
    await other.getByText('Rejected. The mentee has been told why and is refunded.').waitFor();

    // The other tab announced it: no poll needed.
    await stale.getByText('You already rejected this on the web.').waitFor();
    await decisionBlocked(stale);
    expect(await sameDocument(stale)).toBe(true);
    await assertAccessible(stale, 'a card decided in another tab');
    expect((await app().platform.bookings.get(booking.id)).status).toBe('rejected');
  });

  it('a decision on Slack (the API with Greenlight-Channel: slack) refuses the stale Approve clicked before the card knew, and shows what happened', async () => {
    const booking = await app().book({ daysAhead: 2, hourUtc: 12 });
    const page = await openCard(booking.id);
    // What the Slack bot does when Mia rejects in Slack: the platform key acting as her.
    const response = await fetch(`${app().url}/v1/bookings/${booking.id}/reject`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${API_KEY}`,
        'greenlight-actor': MIA.id,
        'greenlight-channel': 'slack',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ reason: 'Outside my expertise, sorry.', category: 'outside_expertise' }),
    });
    expect(response.status).toBe(200);

    // Before the next poll the card still shows it pending; the click is refused by the server (409).
    await page.locator('.split-detail').getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByText('You already rejected this on Slack.').waitFor();
    await decisionBlocked(page);
    expect(await sameDocument(page)).toBe(true);
    expect((await app().platform.bookings.get(booking.id)).status).toBe('rejected');
  });

  it('a decision through the API shows up on the next poll, without a reload', async () => {
    const booking = await app().book({ daysAhead: 2, hourUtc: 18 });
    const page = await openCard(booking.id);
    await app().platform.as(MIA.id).bookings.approve(booking.id);

    await nextPoll(page);
    await page.getByText('You already approved this through the API.').waitFor();
    await decisionBlocked(page);
    expect(await sameDocument(page)).toBe(true);
  });

  it('the mentee cancelling through the SDK while the card is open shows up on the next poll', async () => {
    const booking = await app().book({ daysAhead: 3, hourUtc: 16 });
    const page = await openCard(booking.id);
    await app().platform.as(NOAH.id).bookings.cancel(booking.id, { reason: 'Something came up at work.' });

    await nextPoll(page);
    await page.getByText(`${NOAH.name} already cancelled this`).waitFor();
    await decisionBlocked(page);
    expect(await sameDocument(page)).toBe(true);
    expect((await app().platform.bookings.get(booking.id)).status).toBe('cancelled');
  });
});
