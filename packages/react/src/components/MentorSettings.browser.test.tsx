import { describe, expect, it } from 'vitest';
import {
  expectAccessible,
  platform,
  renderAs,
  requestBooking,
  seedPair,
  strictBaseUrl,
  strictPlatform,
  textOf,
} from '../../test/browser';
import { MentorSettings } from './MentorSettings';

describe('<MentorSettings>', () => {
  it('switches auto-approval on, and new bookings are then approved at once', async () => {
    const pair = await seedPair();
    const screen = await renderAs(pair.mentor, <MentorSettings />);
    const toggle = screen.getByRole('switch', { name: 'Approve new bookings automatically' });
    await expect.element(toggle).not.toBeChecked();
    await expectAccessible();
    await toggle.click();
    await expect.element(toggle).toBeChecked();
    await expect.poll(async () => (await platform.users.settings.get(pair.mentor)).autoApprove).toBe(true);
    await expect.poll(async () => (await requestBooking(pair)).status, { timeout: 5_000 }).toBe('approved');
    await toggle.click();
    await expect.poll(async () => (await platform.users.settings.get(pair.mentor)).autoApprove).toBe(false);
  });

  it('shows the server’s 422 on the calendar feed field, tied to it', async () => {
    const pair = await seedPair({ on: strictPlatform });
    const screen = await renderAs(pair.mentor, <MentorSettings showStats={false} />, {
      baseUrl: strictBaseUrl,
    });
    const feed = screen.getByRole('textbox', { name: 'Calendar feed URL (iCal)' });
    await feed.fill('http://127.0.0.1:9/private.ics');
    await screen.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.element(feed).toHaveAttribute('aria-invalid', 'true');
    await expect.element(feed).toHaveAccessibleDescription(/loopback|private/i);
    await expectAccessible();
    expect((await strictPlatform.users.settings.get(pair.mentor)).calendarFeedUrl).toBeNull();

    await feed.fill('https://calendar.example.com/secret.ics');
    await screen.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(async () => (await strictPlatform.users.settings.get(pair.mentor)).calendarFeedUrl)
      .toBe('https://calendar.example.com/secret.ics');
    await expect.element(feed).not.toHaveAttribute('aria-invalid');
  });

  it('edits the weekly availability, with the contract’s error on the window it is about', async () => {
    const pair = await seedPair();
    const screen = await renderAs(pair.mentor, <MentorSettings showStats={false} />);
    await expect.element(screen.getByText('Any time: no hours set.')).toBeVisible();
    await screen.getByRole('button', { name: 'Add hours' }).click();
    await screen.getByRole('combobox', { name: 'Day' }).selectOptions('Tuesday');
    await screen.getByLabelText('From').fill('18:00');
    await screen.getByLabelText('To').fill('10:00');
    await screen.getByRole('button', { name: 'Save availability' }).click();
    await expect.element(screen.getByLabelText('To')).toHaveAccessibleDescription(/end must be after start/);
    await expectAccessible();

    await screen.getByLabelText('From').fill('09:00');
    await screen.getByRole('button', { name: 'Save availability' }).click();
    await expect
      .poll(async () => (await platform.users.settings.get(pair.mentor)).availability)
      .toEqual([{ weekday: 2, start: '09:00', end: '10:00' }]);
    await expect.poll(() => document.body.textContent).toContain('Saved.');
  });

  it('shows the mentor’s stats read-only', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    await platform.as(pair.mentor).bookings.approve(booking.id);
    const screen = await renderAs(pair.mentor, <MentorSettings />);
    const stats = screen.getByRole('region', { name: 'Your stats' });
    await expect.element(stats.getByText('Approval rate')).toBeVisible();
    await expect.poll(() => textOf(stats.getByRole('definition').first())).toBe('100%');
    await expect.element(stats.getByText('New')).toBeVisible();
    await expectAccessible();
  });
});
