import { expect, it } from 'vitest';
import { assertAccessible, describeBrowser, useBrowser } from '../../../testing/browser';
import { MIA, NOAH, SAM } from './harness';
import { useApp } from './suite';

describeBrowser('the mentor’s rules, assistant and bulk decisions in the web app', () => {
  const browser = useBrowser();
  const app = useApp();

  it('Mia adds a rule set in Settings and the next booking far enough ahead is approved by it, as both of them read', async () => {
    const page = await browser.page();
    await page.goto(await app().signInUrl(MIA.id, '/settings'));
    await page.getByRole('button', { name: 'Add a rule set' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Two days ahead');
    await page.getByText('Approve automatically when the session is at least 48 h away.').waitFor();
    await assertAccessible(page, 'settings with a rule set');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Saved.').first().waitFor();
    try {
      const booking = await app().book({ daysAhead: 3, hourUtc: 11 });
      expect(booking.status).toBe('approved');
      const noah = await browser.page();
      await noah.goto(await app().signInUrl(NOAH.id, `/bookings/${booking.id}`));
      await noah.getByText('Approved automatically by the rule “Two days ahead”').waitFor();
      // A booking sooner than that still waits for her.
      expect((await app().book({ daysAhead: 1, hourUtc: 20 })).status).toBe('pending');
    } finally {
      await app().platform.users.settings.update(MIA.id, { autoApprovalRules: [] });
    }
  });

  it('Mia makes Sam her assistant; Sam approves from her pending list, and both read “Sam for Mia”', async () => {
    const booking = await app().book({ daysAhead: 5, hourUtc: 12, sessionType: { name: 'For Sam' } });
    const mia = await browser.page();
    await mia.goto(await app().signInUrl(MIA.id, '/settings'));
    await mia.getByRole('textbox', { name: 'Assistant’s user id' }).fill(SAM.id);
    await mia.getByRole('button', { name: 'Add assistant' }).click();
    await mia.getByText(`${SAM.name} can now decide for you.`).waitFor();

    try {
      const sam = await browser.page();
      await sam.goto(await app().signInUrl(SAM.id, '/'));
      await expect.poll(() => new URL(sam.url()).pathname).toBe('/app/assisting');
      await sam.getByRole('link', { name: `Pending bookings of ${MIA.name}` }).click();
      await sam.getByRole('heading', { name: `Pending bookings of ${MIA.name}` }).waitFor();
      const row = sam.locator('.split-list li', { hasText: 'For Sam' });
      await row.getByRole('button', { name: `Review the booking from ${NOAH.name}` }).click();
      await expect.poll(() => new URL(sam.url()).pathname).toBe(`/app/assisting/${MIA.id}/${booking.id}`);
      await assertAccessible(sam, 'the assistant’s view of the mentor’s pending list');
      await sam.locator('.split-detail').getByRole('button', { name: 'Approve', exact: true }).click();
      await sam.getByText(`You for ${MIA.name} approved it on the web`).waitFor();

      const approved = await app().platform.bookings.get(booking.id);
      expect(approved.history.find((entry) => entry.event === 'approved')).toMatchObject({
        actor: SAM.id,
        onBehalfOf: MIA.id,
        channel: 'web',
      });
      await mia.goto(await app().signInUrl(MIA.id, `/bookings/${booking.id}`));
      await mia.getByText(`${SAM.name} for you approved it on the web`).waitFor();
      const noah = await browser.page();
      await noah.goto(await app().signInUrl(NOAH.id, `/bookings/${booking.id}`));
      await noah.getByText(`${SAM.name} for ${MIA.name} approved it on the web`).waitFor();
    } finally {
      await app().platform.users.delegates.revoke(MIA.id, SAM.id);
    }
  });

  it('Mia approves three requests in one go; one overlaps another she just approved and is refused, said under it, with a summary', async () => {
    const first = await app().book({ daysAhead: 6, hourUtc: 10, sessionType: { name: 'Bulk first' } });
    const clash = await app().book({ daysAhead: 6, hourUtc: 10, sessionType: { name: 'Bulk clash' } });
    const third = await app().book({ daysAhead: 6, hourUtc: 14, sessionType: { name: 'Bulk third' } });
    const page = await browser.page();
    await page.goto(await app().signInUrl(MIA.id, '/pending'));
    const row = (type: string) => page.locator('.split-list li', { hasText: type });
    for (const type of ['Bulk first', 'Bulk clash', 'Bulk third']) {
      await row(type)
        .getByRole('checkbox', { name: `Select the booking from ${NOAH.name}` })
        .check();
    }
    await page.getByText('3 selected').waitFor();
    await page.getByRole('button', { name: 'Approve 3' }).click();
    await page.getByText('2 done, 1 not: see each booking below.').waitFor();
    await row('Bulk first').getByText('Approved.').waitFor();
    await row('Bulk third').getByText('Approved.').waitFor();
    await row('Bulk clash')
      .getByText('This time overlaps another approved session; pick another time.')
      .waitFor();
    await assertAccessible(page, 'the pending page after a bulk approval');
    const statuses = await Promise.all(
      [first, clash, third].map(async (b) => (await app().platform.bookings.get(b.id)).status),
    );
    expect(statuses).toEqual(['approved', 'pending', 'approved']);
  });
});
