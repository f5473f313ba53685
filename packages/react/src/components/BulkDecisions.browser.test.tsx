import { describe, expect, it } from 'vitest';
import {
  actingFrom,
  expectAccessible,
  platform,
  renderAs,
  requestBooking,
  seedPair,
  signedIn,
  slot,
  textOf,
  uniqueId,
} from '../../test/browser';
import { BookingReview } from './BookingReview';
import { PendingBookings } from './PendingBookings';

async function assistantOf(mentor: string): Promise<string> {
  const id = uniqueId('usr_assistant');
  await platform.users.put(id, { name: 'Sam Lee', email: `${id}@example.com`, timezone: 'Europe/London' });
  await platform.users.delegates.grant(mentor, id);
  return id;
}

describe('decisions in bulk, assistants, and the history', () => {
  it('approves several at once and reports each: one refused as it overlaps another just approved, with a summary', async () => {
    const pair = await seedPair();
    const first = await requestBooking(pair, { start: slot(0), sessionType: { name: 'First' } });
    const overlapping = await requestBooking(pair, { start: slot(0), sessionType: { name: 'Overlapping' } });
    const other = await requestBooking(pair, { start: slot(1), sessionType: { name: 'Other' } });
    const screen = await renderAs(pair.mentor, <PendingBookings onOpen={() => {}} />);
    await expect.element(screen.getByText('3 bookings waiting')).toBeVisible();
    await expectAccessible();
    await screen.getByRole('checkbox', { name: 'Select all' }).click();
    await expect.element(screen.getByText('3 selected')).toBeVisible();
    await screen.getByRole('button', { name: 'Approve 3' }).click();

    await expect
      .poll(() => textOf(screen.getByRole('status').nth(1)))
      .toBe('2 done, 1 not: see each booking below.');
    const row = (type: string) => screen.getByRole('listitem').filter({ hasText: type });
    await expect.element(row('First').getByText('Approved.')).toBeVisible();
    await expect.element(row('Other').getByText('Approved.')).toBeVisible();
    await expect
      .element(
        row('Overlapping').getByText('This time overlaps another approved session; pick another time.'),
      )
      .toBeVisible();
    const statuses = await Promise.all(
      [first, overlapping, other].map(async (b) => (await platform.bookings.get(b.id)).status),
    );
    expect(statuses).toEqual(['approved', 'pending', 'approved']);
    await expectAccessible();
  });

  it('rejects the selected ones with one reason and category for all', async () => {
    const pair = await seedPair();
    const a = await requestBooking(pair, { start: slot(0) });
    const b = await requestBooking(pair, { start: slot(1) });
    const kept = await requestBooking(pair, { start: slot(2), sessionType: { name: 'Kept' } });
    const screen = await renderAs(pair.mentor, <PendingBookings onOpen={() => {}} />);
    const boxes = screen.getByRole('checkbox', { name: 'Select the booking from Max Mustermann' });
    await boxes.nth(0).click();
    await boxes.nth(1).click();
    await screen.getByRole('button', { name: 'Reject 2' }).click();
    const dialog = screen.getByRole('dialog', { name: 'Reject 2 bookings' });
    await dialog.getByRole('radio', { name: 'Outside my expertise' }).click();
    await dialog.getByRole('textbox').fill('Outside my expertise: I only coach backend engineers.');
    await dialog.getByRole('button', { name: 'Reject and refund' }).click();
    await expect.poll(() => textOf(screen.getByRole('status').nth(1))).toBe('Done: all 2.');
    for (const booking of [a, b]) {
      expect((await platform.bookings.get(booking.id)).rejection).toEqual({
        reason: 'Outside my expertise: I only coach backend engineers.',
        category: 'outside_expertise',
      });
    }
    expect((await platform.bookings.get(kept.id)).status).toBe('pending');
  });

  it('an assistant works the mentor’s pending list: it names the mentor, and the decision reads “by Sam for Ada”', async () => {
    const pair = await seedPair();
    const assistant = await assistantOf(pair.mentor);
    const booking = await requestBooking(pair);
    const screen = await renderAs(
      assistant,
      <PendingBookings mentorId={pair.mentor} renderReview={(id) => <BookingReview bookingId={id} />} />,
    );
    await expect
      .element(screen.getByRole('heading', { name: 'Pending bookings of Ada Lovelace' }))
      .toBeVisible();
    await screen.getByRole('button', { name: 'Review the booking from Max Mustermann' }).click();
    await screen.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.element(screen.getByText('You for Ada Lovelace approved it on the web')).toBeVisible();
    const approved = await platform.bookings.get(booking.id);
    expect(approved.history.find((entry) => entry.event === 'approved')).toMatchObject({
      actor: assistant,
      onBehalfOf: pair.mentor,
      channel: 'web',
    });
    await expectAccessible();
  });

  it('the card shows the history as a timeline: who, where, for whom', async () => {
    const pair = await seedPair();
    const assistant = await assistantOf(pair.mentor);
    const booking = await requestBooking(pair);
    await actingFrom(pair.mentor, 'slack').bookings.suggest(booking.id, { start: slot(4) });
    await actingFrom(pair.mentee, 'api').bookings.counter(booking.id, { start: slot(5) });
    const card = await renderAs(pair.mentor, <BookingReview bookingId={booking.id} />);
    const history = card.getByRole('region', { name: 'History' });
    await expect
      .element(history.getByText('The platform requested the session through the API'))
      .toBeVisible();
    await expect.element(history.getByText(/^You suggested another time on Slack: /)).toBeVisible();
    await expect
      .element(history.getByText(/^Max Mustermann proposed another time through the API: /))
      .toBeVisible();
    // The assistant, signed in as themselves, on the web.
    await signedIn(assistant).bookings.approve(booking.id);
    await expect.element(history.getByText('Sam Lee for you approved it on the web')).toBeVisible();
    await expectAccessible();
  });
});
