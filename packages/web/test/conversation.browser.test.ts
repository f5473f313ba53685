import { expect, it } from 'vitest';
import { assertAccessible, describeBrowser, useBrowser } from '../../../testing/browser';
import { MIA, NOAH } from './harness';
import { nextPoll, useApp, withClock } from './suite';

/** The two demo people, each in a browser context of their own, talking on a booking and then after it. */
describeBrowser('talking before the session, and reporting after it', () => {
  const browser = useBrowser();
  const app = useApp();

  it('Noah writes before Mia decides; she sees the unread badge, reads and answers from the card, and he gets the answer without a reload', async () => {
    const booking = await app().book({ daysAhead: 3, hourUtc: 8, sessionType: { name: 'Before deciding' } });
    const noah = await withClock(await browser.page());
    await noah.goto(await app().signInUrl(NOAH.id, `/bookings/${booking.id}`));
    await noah.getByRole('heading', { name: `Your booking with ${MIA.name}` }).waitFor();
    const composer = noah.getByRole('textbox', { name: `Message to ${MIA.name}` });
    await composer.fill('Could we focus on the ledger’s double-entry design?');
    await composer.press('Enter');
    await noah.locator('.gl-bubble__body', { hasText: 'double-entry design' }).waitFor();
    await assertAccessible(noah, 'the mentee’s booking page with a message sent');

    const mia = await withClock(await browser.page());
    await mia.goto(await app().signInUrl(MIA.id, '/pending'));
    const row = mia.locator('.split-list li', { hasText: 'Before deciding' });
    await row.getByText('1 new message').waitFor();
    await row.getByRole('button', { name: `Review the booking from ${NOAH.name}` }).click();
    const card = mia.locator('.split-detail');
    await card.getByText('Could we focus on the ledger’s double-entry design?').waitFor();
    // Seen (the thread on screen, at its end): read, and the badge goes. That it is not read while out of view
    // is the component test's.
    await card.getByRole('region', { name: `Conversation with ${NOAH.name}` }).scrollIntoViewIfNeeded();
    await expect.poll(async () => (await app().platform.as(MIA.id).messages.unread()).total).toBe(0);
    await row.getByText('1 new message').waitFor({ state: 'detached' });
    await card.getByRole('textbox', { name: `Message to ${NOAH.name}` }).fill('Yes: bring your schema.');
    await card.getByRole('button', { name: 'Send', exact: true }).click();
    await card.locator('.gl-bubble__body', { hasText: 'Yes: bring your schema.' }).waitFor();
    await assertAccessible(mia, 'the review card with the conversation');

    await nextPoll(noah);
    await noah.locator('.gl-bubble__body', { hasText: 'Yes: bring your schema.' }).waitFor();
    // A screen reader hears it once, with who wrote it.
    await noah.getByText(`${MIA.name}: Yes: bring your schema.`).waitFor({ state: 'attached' });
    expect(await noah.locator('.gl-bubble__body').allTextContents()).toEqual([
      'Could we focus on the ledger’s double-entry design?',
      'Yes: bring your schema.',
    ]);
    await expect.poll(async () => (await app().platform.as(NOAH.id).messages.unread()).total).toBe(0);
  });

  it('Noah reports that Mia did not come: refunded in full, said on his Past sessions, on her booking page and in the history', async () => {
    const booking = await app().book({ daysAhead: 4, hourUtc: 9, sessionType: { name: 'Missed' } });
    await app().platform.as(MIA.id).bookings.approve(booking.id);
    await app().endSession(booking.id);

    const noah = await browser.page();
    await noah.goto(await app().signInUrl(NOAH.id, '/past'));
    const item = noah.locator('li', { hasText: 'Missed' });
    await item.getByRole('button', { name: 'Report a no-show' }).click();
    const dialog = noah.getByRole('dialog', { name: 'Report a no-show' });
    await dialog.getByLabel(`${MIA.name} did not come`).check();
    await dialog
      .getByLabel('What happened (the other side reads this)')
      .fill('I waited 25 minutes; nobody joined.');
    await assertAccessible(noah, 'the no-show report');
    await dialog.getByRole('button', { name: 'Send the report' }).click();
    await item.getByText('You are refunded in full ($120.00).').waitFor();
    await item.getByText(`Reported: ${MIA.name} did not come to the session.`).waitFor();

    await app().drain();
    await expect
      .poll(async () => (await app().platform.bookings.get(booking.id)).refund)
      .toMatchObject({ status: 'succeeded', amount: 12_000 });

    const mia = await browser.page();
    await mia.goto(await app().signInUrl(MIA.id, `/bookings/${booking.id}`));
    await mia.getByText('The mentee is refunded in full ($120.00).').waitFor();
    await mia.getByText(`${NOAH.name} reported on the web that you did not come`).waitFor();
    // The 48-hour window is still open for her answer.
    await mia.getByRole('button', { name: 'Answer with your own report' }).waitFor();
    await assertAccessible(mia, 'the booking page after a mentor no-show');
  });
});
