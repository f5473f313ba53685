import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-react';
import { expectAccessible, photoUrl, renderAs, requestBooking, seedPair } from '../../test/browser';
import { Avatar } from './Avatar';
import { BookingReview } from './BookingReview';

describe('<Avatar>', () => {
  it('shows the photo when it loads', async () => {
    const screen = await render(<Avatar name="Max Mustermann" photoUrl={photoUrl()} alt="Photo of Max" />);
    const img = screen.getByRole('img', { name: 'Photo of Max' });
    await expect.poll(() => (img.element() as HTMLImageElement).naturalWidth).toBe(1);
    expect(screen.container.textContent).toBe('');
  });

  it('falls back to the initials when the photo answers 404', async () => {
    const screen = await render(
      <Avatar name="Max Mustermann" photoUrl={photoUrl(true)} alt="Photo of Max" />,
    );
    await expect.element(screen.getByText('MM')).toBeVisible();
    expect(screen.container.querySelector('img')).toBeNull();
  });

  it('tries a new photo after one failed', async () => {
    const screen = await render(
      <Avatar name="Max Mustermann" photoUrl={photoUrl(true)} alt="Photo of Max" />,
    );
    await expect.element(screen.getByText('MM')).toBeVisible();
    await screen.rerender(<Avatar name="Max Mustermann" photoUrl={photoUrl()} alt="Photo of Max" />);
    await expect.element(screen.getByRole('img', { name: 'Photo of Max' })).toBeVisible();
  });

  it('leaves no broken image in the review card of a mentee whose photo is gone', async () => {
    const pair = await seedPair({ mentee: { photoUrl: photoUrl(true) } });
    const booking = await requestBooking(pair);
    const screen = await renderAs(pair.mentor, <BookingReview bookingId={booking.id} />);
    await expect.element(screen.getByRole('heading', { name: /Max Mustermann/ })).toBeVisible();
    await expect.element(screen.getByText('MM', { exact: true })).toBeVisible();
    expect(screen.container.querySelector('img.gl-avatar')).toBeNull();
    await expectAccessible();
  });
});
