import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import {
  expectAccessible,
  platform,
  renderAs,
  requestBooking,
  seedPair,
  slot,
  textOf,
} from '../../test/browser';
import { NotificationBell, type NotificationBellProps } from './NotificationBell';

/** Where a bell usually sits: the right end of a header, which its popover opens under. */
function Header(props: NotificationBellProps) {
  return (
    <header style={{ display: 'flex', justifyContent: 'flex-end' }}>
      <NotificationBell {...props} />
    </header>
  );
}

describe('<NotificationBell>', () => {
  it('counts unread notifications, lists them, and clears one and then all', async () => {
    const pair = await seedPair();
    const first = await requestBooking(pair);
    await requestBooking(pair, { start: slot(1) });
    const opened: string[] = [];
    const screen = await renderAs(pair.mentor, <Header onOpenBooking={(id) => opened.push(id)} />);

    const bell = screen.getByRole('button', { name: 'Notifications' });
    await expect.poll(() => textOf(screen.getByText(/unread$/))).toBe('2 unread');
    await expect.element(bell).toHaveAccessibleDescription('2 unread');
    await expect.element(bell).toHaveAttribute('aria-expanded', 'false');
    await expectAccessible();

    await bell.click();
    const panel = screen.getByRole('dialog', { name: 'Notifications' });
    await expect.element(panel).toBeVisible();
    await expect.element(panel).toHaveFocus();
    await expect.element(panel.getByRole('listitem')).toHaveLength(2);
    await expectAccessible();

    await panel
      .getByRole('button', { name: /^Mark read/ })
      .first()
      .click();
    await expect.poll(() => textOf(screen.getByText(/unread$/))).toBe('1 unread');
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await expect.poll(() => textOf(screen.getByText(/unread/))).toBe('No unread notifications');
    await expect.poll(async () => platform.as(pair.mentor).notifications.unreadCount()).toBe(0);

    // A request made now rings the bell again without a reload.
    await requestBooking(pair, { start: slot(2) });
    await expect.poll(() => textOf(screen.getByText(/unread$/))).toBe('1 unread');

    await panel
      .getByRole('button', { name: /^Open booking/ })
      .last()
      .click();
    expect(opened).toEqual([first.id]);
    await expect.element(screen.getByRole('dialog')).not.toBeInTheDocument();
  });

  it('closes on Escape and gives the focus back to the bell', async () => {
    const pair = await seedPair();
    await requestBooking(pair);
    const screen = await renderAs(pair.mentor, <Header />);
    const bell = screen.getByRole('button', { name: 'Notifications' });
    await bell.click();
    await expect.element(screen.getByRole('dialog', { name: 'Notifications' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    await expect.element(screen.getByRole('dialog')).not.toBeInTheDocument();
    await expect.element(bell).toHaveFocus();
    await expect.element(bell).toHaveAttribute('aria-expanded', 'false');
  });
});
