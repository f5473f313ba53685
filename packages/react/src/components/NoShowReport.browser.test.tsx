import { describe, expect, it } from 'vitest';
import {
  expectAccessible,
  moveSession,
  platform,
  renderAs,
  requestBooking,
  seedPair,
  textOf,
  watchRequests,
} from '../../test/browser';
import { BookingReview } from './BookingReview';
import { MyBookings } from './MyBookings';
import { PastSessions } from './PastSessions';

/** An approved session that ended an hour ago (completed). */
async function endedSession() {
  const pair = await seedPair();
  const booking = await requestBooking(pair);
  await platform.as(pair.mentor).bookings.approve(booking.id);
  await moveSession(booking.id, -60);
  return { pair, booking };
}

describe('after the session', () => {
  it('the mentee reports that the mentor did not come, from Past sessions: refunded in full, said plainly', async () => {
    const { pair, booking } = await endedSession();
    const requests = watchRequests();
    const screen = await renderAs(pair.mentee, <PastSessions />);
    await expect.element(screen.getByText(/· Completed$/)).toBeVisible();
    await expect.element(screen.getByText('Career chat with Ada Lovelace')).toBeVisible();
    // Both sides' names come with the list: the mentee's own profile (for his zone) is the only one asked for.
    expect(requests.paths().filter((path) => path.startsWith('/v1/users/'))).toEqual([
      `/v1/users/${pair.mentee}`,
    ]);
    await expect.element(screen.getByText(/You can report a no-show until/)).toBeVisible();
    await screen.getByRole('button', { name: 'Report a no-show' }).click();

    const dialog = screen.getByRole('dialog', { name: 'Report a no-show' });
    await expect.element(dialog.getByRole('radio', { name: 'Ada Lovelace did not come' })).toBeChecked();
    const note = dialog.getByRole('textbox', { name: 'What happened (the other side reads this)' });
    await dialog.getByRole('button', { name: 'Send the report' }).click();
    await expect.element(note).toHaveAccessibleDescription('A note is required: say what happened.');
    await expectAccessible();
    await note.fill('I waited 20 minutes in the meeting; nobody came.');
    await dialog.getByRole('button', { name: 'Send the report' }).click();

    await expect.element(dialog).not.toBeInTheDocument();
    await expect
      .poll(() => textOf(screen.getByRole('status')))
      .toBe('Reported. The other side has been told.');
    await expect
      .element(screen.getByText('Reported: Ada Lovelace did not come to the session.'))
      .toBeVisible();
    await expect.element(screen.getByText('You are refunded in full ($50.00).')).toBeVisible();
    await expect.element(screen.getByText(/· No-show$/)).toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'Report a no-show' })).not.toBeInTheDocument();
    const reported = await platform.bookings.get(booking.id);
    expect(reported).toMatchObject({
      status: 'no_show',
      noShow: { absent: 'mentor' },
      refund: { amount: 5000 },
    });
    await expectAccessible();
  });

  it('the mentor reports the mentee absent on the card: no refund, it counts in their history; the mentee’s contrary report is a dispute', async () => {
    const { pair, booking } = await endedSession();
    const screen = await renderAs(pair.mentor, <BookingReview bookingId={booking.id} />);
    await screen.getByRole('button', { name: 'Report a no-show' }).click();
    const dialog = screen.getByRole('dialog', { name: 'Report a no-show' });
    await expect.element(dialog.getByRole('radio', { name: 'Max Mustermann did not come' })).toBeChecked();
    await expect.element(dialog.getByRole('radio', { name: 'I could not come' })).not.toBeChecked();
    await dialog.getByRole('textbox').fill('Never joined, no message.');
    await dialog.getByRole('button', { name: 'Send the report' }).click();
    await expect
      .element(
        screen.getByText('Nothing is refunded, and it counts in Max Mustermann’s history with mentors.'),
      )
      .toBeVisible();
    expect((await platform.bookings.get(booking.id)).refund).toBeNull();

    await platform
      .as(pair.mentee)
      .bookings.reportNoShow(booking.id, { note: 'I was there; she never came.' });
    await expect.element(screen.getByText(/^Disputed: the reports disagree/)).toBeVisible();
    await expect.element(screen.getByText(/Max Mustermann said you did not come:/)).toBeVisible();
    await expect.element(screen.getByText(/You said Max Mustermann did not come:/)).toBeVisible();
    await expectAccessible();
  });

  it('offers no report before the session ends, nor 48 hours after it; a no-show is labelled in My bookings', async () => {
    const pair = await seedPair();
    const ahead = await requestBooking(pair);
    await platform.as(pair.mentor).bookings.approve(ahead.id);
    const late = await requestBooking(pair, { start: new Date(Date.parse(ahead.start) + 4 * 3_600_000) });
    await platform.as(pair.mentor).bookings.approve(late.id);
    await moveSession(late.id, -49 * 60);
    const screen = await renderAs(pair.mentee, <MyBookings />);
    await expect.element(screen.getByText(/· Approved$/)).toBeVisible();
    await expect.element(screen.getByText(/· Completed$/)).toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'Report a no-show' })).not.toBeInTheDocument();

    const reported = await requestBooking(pair, { start: new Date(Date.parse(ahead.start) + 8 * 3_600_000) });
    await platform.as(pair.mentor).bookings.approve(reported.id);
    await moveSession(reported.id, -60);
    await platform.as(pair.mentor).bookings.reportNoShow(reported.id, { note: 'Did not come.' });
    await expect.element(screen.getByText(/· No-show$/)).toBeVisible();
    await expect
      .element(screen.getByText('Nothing is refunded, and it counts in your history with mentors.'))
      .toBeVisible();
  });
});
