import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import {
  actingFrom,
  brokenFeed,
  busyFeed,
  expectAccessible,
  platform,
  renderAs,
  requestBooking,
  seedPair,
  slot,
  textOf,
} from '../../test/browser';
import { BookingReview } from './BookingReview';

const HOUR = 3_600_000;

describe('<BookingReview>', () => {
  it('shows everything the checklist asks about, the time in both zones, and the deadlines', async () => {
    const pair = await seedPair({
      mentee: {
        name: 'Max Mustermann',
        stats: { averageRatingGiven: 1.8, reviewsGiven: 6, noShowReports: 2 },
      },
    });
    await platform.users.settings.update(pair.mentor, { calendarFeedUrl: brokenFeed() });
    const start = new Date('2030-01-15T15:00:00Z');
    const booking = await requestBooking(pair, { start, message: 'Shut up and teach me Rust, idiot.' });
    const screen = await renderAs(pair.mentor, <BookingReview bookingId={booking.id} />, { locale: 'en-US' });

    await expect
      .element(screen.getByRole('heading', { name: 'Booking request from Max Mustermann' }))
      .toBeVisible();
    const card = screen.getByRole('region', { name: 'Booking request from Max Mustermann' });
    // Berlin 16:00 next to New York 10:00.
    await expect.element(card.getByText('Jan 15, 2030, 4:00 PM').first()).toBeVisible();
    await expect.element(card.getByText('Jan 15, 2030, 10:00 AM')).toBeVisible();
    await expect.element(card.getByText('Your time (Europe/Berlin)')).toBeVisible();
    await expect.element(card.getByText('Their time (America/New_York)')).toBeVisible();
    await expect.element(card.getByText('1 hour')).toBeVisible();
    await expect.element(card.getByText('Career chat')).toBeVisible();
    await expect.element(card.getByText('$50.00')).toBeVisible();
    await expect.element(card.getByText('Shut up and teach me Rust, idiot.')).toBeVisible();
    await expect.element(card.getByText('1.8 / 5')).toBeVisible();
    // Red flags, each with its evidence.
    await expect.element(card.getByText('Gives low ratings')).toBeVisible();
    await expect.element(card.getByText('reviews given: 6')).toBeVisible();
    await expect.element(card.getByText('Reported mentors for not showing up')).toBeVisible();
    await expect.element(card.getByText('2 mentor no-show reports')).toBeVisible();
    await expect.element(card.getByText('Message tone')).toBeVisible();
    // A calendar that could not be read is never taken as free.
    await expect.element(card.getByText(/Couldn't check your iCal calendar/)).toBeVisible();
    // Said once, not also as a conflict over the whole session.
    await expect.element(card.getByText(/Overlaps/)).not.toBeInTheDocument();
    // Respond within 24 hours; expires by the 7-day limit.
    await expect.element(card.getByText(/in (23|24) hours/)).toBeVisible();
    await expect.element(card.getByText(/in 7 days/)).toBeVisible();
    await expectAccessible();
  });

  it('approves at once; the success is announced and the buttons go', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    const screen = await renderAs(pair.mentor, <BookingReview bookingId={booking.id} />);
    await expect.element(screen.getByText('Approved', { exact: true })).not.toBeInTheDocument();
    await screen.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => textOf(screen.getByRole('status'))).toMatch(/^Approved\./);
    // Said at the top of the card too, beside the title, where the eye starts on a long card.
    await expect.element(screen.getByText('Approved', { exact: true })).toBeVisible();
    await expect.element(screen.getByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    await expect.poll(async () => (await platform.bookings.get(booking.id)).status).toBe('approved');
    // The card's own decision is not taken for one made elsewhere.
    await expect.element(screen.getByRole('alert')).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('a busy calendar answers 409: the conflict is shown and "Approve anyway" forces it', async () => {
    const pair = await seedPair();
    const start = slot(0);
    await platform.users.settings.update(pair.mentor, {
      calendarFeedUrl: busyFeed(start, new Date(start.getTime() + HOUR), 'Dentist'),
    });
    const booking = await requestBooking(pair, { start });
    const screen = await renderAs(pair.mentor, <BookingReview bookingId={booking.id} />);
    await expect
      .element(screen.getByText(/Overlaps a busy time in your iCal calendar \(Dentist\)/).first())
      .toBeVisible();

    await screen.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => textOf(screen.getByRole('alert'))).toMatch(/busy or could not be read/);
    await expect.element(screen.getByRole('button', { name: 'Approve anyway' })).toBeVisible();
    await expectAccessible();
    await screen.getByRole('button', { name: 'Approve anyway' }).click();
    await expect.poll(() => textOf(screen.getByRole('status'))).toMatch(/^Approved\./);
    const approved = await platform.bookings.get(booking.id);
    expect(approved.history.find((entry) => entry.event === 'approved')).toMatchObject({ force: true });
  });

  it('another approved session at the same time cannot be overridden', async () => {
    const pair = await seedPair();
    const first = await requestBooking(pair, { start: slot(0) });
    const second = await requestBooking(pair, { start: slot(0) });
    await platform.as(pair.mentor).bookings.approve(first.id);
    const screen = await renderAs(pair.mentor, <BookingReview bookingId={second.id} />);
    await expect.element(screen.getByText(/Overlaps another of your sessions/)).toBeVisible();
    await screen.getByRole('button', { name: 'Approve' }).click();
    await expect
      .poll(() => textOf(screen.getByRole('alert')))
      .toMatch('This time overlaps another approved session');
    await expect.element(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
  });

  it('refuses a one-word reason in the form, next to the field, then rejects with a real one', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    const screen = await renderAs(pair.mentor, <BookingReview bookingId={booking.id} />);
    const rejectButton = screen.getByRole('button', { name: 'Reject' });
    await rejectButton.click();
    const dialog = screen.getByRole('dialog', { name: 'Reject this booking' });
    await expect.element(dialog).toBeVisible();
    const reason = dialog.getByRole('textbox', { name: 'Reason, shown to the mentee' });
    // The first common reason is chosen and its words filled in.
    await expect.element(reason).toHaveValue('Schedule conflict');
    await expect.element(reason).toHaveFocus();

    await reason.fill('no');
    await dialog.getByRole('button', { name: 'Reject and refund' }).click();
    await expect.element(reason).toHaveAttribute('aria-invalid', 'true');
    await expect.element(reason).toHaveAccessibleDescription(/The reason is too short: a reason is required/);
    await expect.element(reason).toHaveFocus();
    await expectAccessible();
    expect((await platform.bookings.get(booking.id)).status).toBe('pending');

    await dialog.getByRole('radio', { name: 'Outside my expertise' }).click();
    await reason.fill('This is outside my expertise, sorry: try a data engineer.');
    await dialog.getByRole('button', { name: 'Reject and refund' }).click();
    await expect.element(dialog).not.toBeInTheDocument();
    await expect.poll(() => textOf(screen.getByRole('status'))).toMatch(/^Rejected\./);
    const rejected = await platform.bookings.get(booking.id);
    expect(rejected.rejection).toEqual({
      reason: 'This is outside my expertise, sorry: try a data engineer.',
      category: 'outside_expertise',
    });
  });

  it('the reject dialog closes on Escape and gives the focus back to its button', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    const screen = await renderAs(pair.mentor, <BookingReview bookingId={booking.id} />);
    const rejectButton = screen.getByRole('button', { name: 'Reject' });
    await rejectButton.click();
    await expect.element(screen.getByRole('dialog', { name: 'Reject this booking' })).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect.element(screen.getByRole('dialog')).not.toBeInTheDocument();
    await expect.element(rejectButton).toHaveFocus();
  });

  it('suggests a time picked in the mentor’s zone; a busy one warns and "Suggest anyway" sends it', async () => {
    const pair = await seedPair();
    const busy = new Date('2030-02-01T09:00:00Z'); // 10:00 in Berlin
    await platform.users.settings.update(pair.mentor, {
      calendarFeedUrl: busyFeed(busy, new Date(busy.getTime() + HOUR), 'Board meeting'),
    });
    const booking = await requestBooking(pair, { start: new Date('2030-01-31T09:00:00Z') });
    const screen = await renderAs(pair.mentor, <BookingReview bookingId={booking.id} />);
    const suggestButton = screen.getByRole('button', { name: 'Suggest another time' });
    await suggestButton.click();
    const dialog = screen.getByRole('dialog', { name: 'Suggest another time' });
    const picker = dialog.getByLabelText('New start (Europe/Berlin)');
    await expect.element(picker).toHaveValue('2030-01-31T10:00');
    await expect.element(picker).toHaveFocus();
    await picker.fill('2030-02-01T10:00');
    await dialog.getByRole('button', { name: 'Send suggestion' }).click();
    await expect.poll(() => textOf(dialog.getByRole('alert'))).toMatch(/Board meeting/);
    await expectAccessible();
    await dialog.getByRole('button', { name: 'Suggest anyway' }).click();
    await expect.element(dialog).not.toBeInTheDocument();
    await expect.poll(() => textOf(screen.getByRole('status'))).toMatch(/^Suggested\./);
    await expect.element(suggestButton).toHaveFocus();
    const suggested = await platform.bookings.get(booking.id);
    expect(suggested).toMatchObject({
      status: 'alternative_suggested',
      proposal: { start: busy.toISOString() },
    });
    expect(suggested.history.at(-1)).toMatchObject({ event: 'alternative_suggested', force: true });
  });

  it('a decision made elsewhere while the card is open shows up without a reload and blocks the buttons', async () => {
    const pair = await seedPair({ mentee: { name: 'Max Mustermann' } });
    const booking = await requestBooking(pair);
    const screen = await renderAs(pair.mentor, <BookingReview bookingId={booking.id} />);
    await expect.element(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();

    await actingFrom(pair.mentee, 'api').bookings.cancel(booking.id, { reason: 'Found another mentor' });
    await expect
      .poll(() => textOf(screen.getByRole('alert')))
      .toBe('Max Mustermann already cancelled this through the API.Show the latest');
    await expect.element(screen.getByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    await expectAccessible();
  });

  it('an approve that loses the race is rolled back and names who decided first', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    // Polling slowed right down, so the card still shows the booking as pending when Approve is clicked.
    const screen = await renderAs(pair.mentor, <BookingReview bookingId={booking.id} />, {
      pollIntervalMs: 600_000,
    });
    const approve = screen.getByRole('button', { name: 'Approve' });
    await expect.element(approve).toBeEnabled();
    await actingFrom(pair.mentor, 'slack').bookings.reject(booking.id, {
      reason: 'Schedule conflict, sorry',
    });

    await approve.click();
    await expect
      .poll(() => textOf(screen.getByRole('alert')))
      .toMatch(/^You already rejected this on Slack\./);
    await expect.poll(() => textOf(screen.getByRole('status'))).not.toMatch(/Approved/);
    expect((await platform.bookings.get(booking.id)).status).toBe('rejected');
  });

  it('a stale card lets the mentor catch up: a counter-proposal can be decided once seen', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair);
    await platform.as(pair.mentor).bookings.suggest(booking.id, { start: slot(3) });
    const screen = await renderAs(pair.mentor, <BookingReview bookingId={booking.id} />);
    await expect.element(screen.getByRole('button', { name: 'Suggest another time' })).toBeEnabled();
    await expect.element(screen.getByRole('button', { name: 'Approve' })).not.toBeInTheDocument();

    await platform.as(pair.mentee).bookings.counter(booking.id, { start: slot(4) });
    await expect
      .poll(() => textOf(screen.getByRole('alert')))
      .toMatch('Max Mustermann already proposed another time for this through the API.');
    await expect.element(screen.getByRole('button', { name: 'Suggest another time' })).toBeDisabled();
    await screen.getByRole('button', { name: 'Show the latest' }).click();
    await expect.element(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
  });
});
