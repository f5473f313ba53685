import { describe, expect, it } from 'vitest';
import {
  expectAccessible,
  platform,
  renderAs,
  requestBooking,
  seedPair,
  slot,
  textOf,
  watchRequests,
} from '../../test/browser';
import { UpcomingSessions } from './UpcomingSessions';

const HOUR = 3_600_000;

describe('<UpcomingSessions>', () => {
  it('lists approved sessions from now with the join link and every calendar link', async () => {
    const pair = await seedPair();
    const later = await requestBooking(pair, { start: slot(2), sessionType: { name: 'Later chat' } });
    const sooner = await requestBooking(pair, { start: slot(1), sessionType: { name: 'Sooner chat' } });
    await requestBooking(pair, { start: slot(3), sessionType: { name: 'Still pending' } });
    await platform.as(pair.mentor).bookings.approve(later.id);
    await platform.as(pair.mentor).bookings.approve(sooner.id);

    const screen = await renderAs(pair.mentor, <UpcomingSessions />);
    await expect.element(screen.getByText('Sooner chat with Max Mustermann')).toBeVisible();
    const items = screen.getByRole('listitem').filter({ hasText: /chat with/ });
    await expect
      .poll(() => items.elements().map((li) => /(Sooner|Later) chat/.exec(li.textContent ?? '')?.[0]))
      .toEqual(['Sooner chat', 'Later chat']);
    await expect.element(screen.getByText('Still pending')).not.toBeInTheDocument();

    const first = items.first();
    // The worker provisions the meeting right after the approval.
    await expect.element(first.getByRole('link', { name: 'Join the meeting' })).toBeVisible();
    for (const name of ['Google', 'Yahoo', 'Outlook.com', 'Office 365', 'Download .ics']) {
      await expect.element(first.getByRole('link', { name })).toBeVisible();
    }
    expect(first.getByRole('link', { name: 'Google' }).element().getAttribute('href')).toMatch(
      /^https:\/\/calendar\.google\.com/,
    );
    await expectAccessible();
  });

  for (const viewer of ['mentor', 'mentee'] as const) {
    it(`names the other side of each session from the list itself, for the ${viewer}`, async () => {
      const pair = await seedPair();
      const booking = await requestBooking(pair, { sessionType: { name: 'Named chat' } });
      await platform.as(pair.mentor).bookings.approve(booking.id);
      const requests = watchRequests();
      const screen = await renderAs(pair[viewer], <UpcomingSessions />);
      const other = viewer === 'mentor' ? 'Max Mustermann' : 'Ada Lovelace';
      await expect.element(screen.getByText(`Named chat with ${other}`)).toBeVisible();
      expect(requests.paths().filter((path) => path.startsWith('/v1/users/'))).toEqual([
        `/v1/users/${pair[viewer]}`,
      ]);
    });
  }

  it('cancels with a reason after saying the mentee is refunded in full', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair, { sessionType: { name: 'To be cancelled' } });
    await platform.as(pair.mentor).bookings.approve(booking.id);
    const screen = await renderAs(pair.mentor, <UpcomingSessions />);
    await screen.getByRole('button', { name: /^Cancel session/ }).click();
    const dialog = screen.getByRole('dialog', { name: 'Cancel this session' });
    await expect.element(dialog.getByText('The mentee is refunded in full ($50.00).')).toBeVisible();
    const reason = dialog.getByRole('textbox', { name: 'Reason, shown to the other side' });
    await expect.element(reason).toHaveFocus();
    await dialog.getByRole('button', { name: 'Cancel the session' }).click();
    await expect.element(reason).toHaveAccessibleDescription(/A reason is required/);
    await expectAccessible();

    await reason.fill('I am ill, sorry');
    await dialog.getByRole('button', { name: 'Cancel the session' }).click();
    await expect.element(screen.getByText('To be cancelled with Max Mustermann')).not.toBeInTheDocument();
    await expect.poll(() => textOf(screen.getByRole('status'))).toMatch('Cancelled.');
    await expect.element(screen.getByRole('heading', { name: 'Upcoming sessions' })).toHaveFocus();
    const cancelled = await platform.bookings.get(booking.id);
    expect(cancelled.cancellation).toMatchObject({ by: 'mentor', reason: 'I am ill, sorry' });
  });

  it('tells a mentee cancelling late that only part is refunded', async () => {
    const pair = await seedPair();
    const start = new Date(Math.ceil((Date.now() + 5 * HOUR) / HOUR) * HOUR);
    const booking = await requestBooking(pair, { start });
    await platform.as(pair.mentor).bookings.approve(booking.id);
    const screen = await renderAs(pair.mentee, <UpcomingSessions />);
    await screen.getByRole('button', { name: /^Cancel session/ }).click();
    await expect
      .element(screen.getByText('Less than 24 hours before the start, the mentee is refunded $25.00.'))
      .toBeVisible();
  });
});
