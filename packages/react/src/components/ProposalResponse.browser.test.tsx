import { describe, expect, it } from 'vitest';
import {
  actingFrom,
  expectAccessible,
  platform,
  renderAs,
  requestBooking,
  seedPair,
  slot,
  textOf,
} from '../../test/browser';
import { ProposalResponse } from './ProposalResponse';

async function suggestedBooking(proposal = slot(5)) {
  const pair = await seedPair();
  const booking = await requestBooking(pair);
  await platform.as(pair.mentor).bookings.suggest(booking.id, { start: proposal });
  return { pair, booking };
}

describe('<ProposalResponse>', () => {
  it('shows the suggested time in the mentee’s zone next to the mentor’s, and accepts it', async () => {
    const proposal = new Date('2030-03-04T15:00:00Z');
    const { pair, booking } = await suggestedBooking(proposal);
    const screen = await renderAs(pair.mentee, <ProposalResponse bookingId={booking.id} />, {
      locale: 'en-US',
    });
    await expect
      .element(screen.getByRole('heading', { name: 'Ada Lovelace suggested another time' }))
      .toBeVisible();
    await expect.element(screen.getByText('Mar 4, 2030, 10:00 AM')).toBeVisible();
    await expect.element(screen.getByText('Mar 4, 2030, 4:00 PM')).toBeVisible();
    await expectAccessible();

    await screen.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => textOf(screen.getByRole('status'))).toBe('Accepted. The session is booked.');
    const accepted = await platform.bookings.get(booking.id);
    expect(accepted).toMatchObject({ status: 'approved', start: proposal.toISOString() });
  });

  it('declines with an optional reason', async () => {
    const { pair, booking } = await suggestedBooking();
    const screen = await renderAs(pair.mentee, <ProposalResponse bookingId={booking.id} />);
    await screen.getByRole('button', { name: 'Decline' }).click();
    const dialog = screen.getByRole('dialog', { name: 'Decline the new time' });
    await dialog.getByRole('textbox', { name: 'Reason (optional)' }).fill('That week is impossible for me');
    await dialog.getByRole('button', { name: 'Decline and get refunded' }).click();
    await expect.poll(() => textOf(screen.getByRole('status'))).toBe('Declined. You are refunded.');
    const declined = await platform.bookings.get(booking.id);
    expect(declined.status).toBe('declined');
    expect(declined.history.at(-1)).toMatchObject({
      event: 'proposal_declined',
      reason: 'That week is impossible for me',
    });
  });

  it('proposes another time picked in the mentee’s own zone', async () => {
    const { pair, booking } = await suggestedBooking();
    const screen = await renderAs(pair.mentee, <ProposalResponse bookingId={booking.id} />);
    const propose = screen.getByRole('button', { name: 'Propose another time' });
    await propose.click();
    const dialog = screen.getByRole('dialog', { name: 'Propose another time' });
    await dialog.getByLabelText('New start (America/New_York)').fill('2030-03-05T09:30');
    await dialog.getByRole('button', { name: 'Send proposal' }).click();
    await expect
      .poll(() => textOf(screen.getByRole('status')))
      .toBe('Sent. The mentor will answer your proposal.');
    await expect.element(propose).not.toBeInTheDocument();
    const countered = await platform.bookings.get(booking.id);
    expect(countered).toMatchObject({ status: 'pending', start: '2030-03-05T14:30:00.000Z' });
  });

  it('a new suggestion from the mentor while it is open is named, and blocks the stale buttons', async () => {
    const { pair, booking } = await suggestedBooking();
    const screen = await renderAs(pair.mentee, <ProposalResponse bookingId={booking.id} />);
    await expect.element(screen.getByRole('button', { name: 'Accept' })).toBeEnabled();
    await actingFrom(pair.mentor, 'slack').bookings.suggest(booking.id, { start: slot(7) });
    await expect
      .poll(() => textOf(screen.getByRole('alert')))
      .toMatch('Ada Lovelace already suggested another time for this on Slack.');
    await expect.element(screen.getByRole('button', { name: 'Accept' })).toBeDisabled();
    await screen.getByRole('button', { name: 'Show the latest' }).click();
    await expect.element(screen.getByRole('button', { name: 'Accept' })).toBeEnabled();
    await expectAccessible();
  });
});
