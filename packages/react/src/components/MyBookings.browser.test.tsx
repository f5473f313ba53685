import { describe, expect, it } from 'vitest';
import {
  expectAccessible,
  platform,
  renderAs,
  requestBooking,
  seedPair,
  slot,
  textOf,
  uniqueId,
  watchRequests,
} from '../../test/browser';
import { MyBookings } from './MyBookings';

describe('<MyBookings>', () => {
  it('groups the mentee’s bookings by where they stand', async () => {
    const pair = await seedPair();
    const mentor = platform.as(pair.mentor);
    await requestBooking(pair, { start: slot(1), sessionType: { name: 'Waiting one' } });
    const suggested = await requestBooking(pair, { start: slot(2), sessionType: { name: 'Suggested one' } });
    await mentor.bookings.suggest(suggested.id, { start: slot(6) });
    const approved = await requestBooking(pair, { start: slot(3), sessionType: { name: 'Approved one' } });
    await mentor.bookings.approve(approved.id);
    const rejected = await requestBooking(pair, { start: slot(4), sessionType: { name: 'Rejected one' } });
    await mentor.bookings.reject(rejected.id, {
      reason: 'Outside my expertise, sorry',
      category: 'outside_expertise',
    });

    const screen = await renderAs(pair.mentee, <MyBookings />);
    const group = (name: string) => screen.getByRole('region', { name });
    await expect.element(group('Needs your answer').getByText(/Suggested one/)).toBeVisible();
    await expect.element(group('Waiting for the mentor').getByText(/Waiting one/)).toBeVisible();
    await expect.element(group('Upcoming').getByText(/Approved one/)).toBeVisible();
    await expect.element(group('Past').getByText(/Rejected one/)).toBeVisible();
    await expect.element(group('Past').getByText('Outside my expertise, sorry')).toBeVisible();
    await expect
      .element(group('Needs your answer').getByText(/Ada Lovelace · New time suggested/))
      .toBeVisible();
    await expectAccessible();

    await group('Needs your answer')
      .getByRole('button', { name: /^Answer/ })
      .click();
    await expect
      .element(screen.getByRole('heading', { name: 'Ada Lovelace suggested another time' }))
      .toBeVisible();
    await expectAccessible();
  });

  it('names the mentors from the list itself, without a request per mentor', async () => {
    const pair = await seedPair();
    await requestBooking(pair);
    const other = uniqueId('usr_mentor');
    await platform.users.put(other, { name: 'Grace Hopper', email: `${other}@example.com`, timezone: 'UTC' });
    await requestBooking({ ...pair, mentor: other }, { start: slot(1) });
    const requests = watchRequests();
    const screen = await renderAs(pair.mentee, <MyBookings />);
    await expect.element(screen.getByText(/^Grace Hopper · /)).toBeVisible();
    await expect.element(screen.getByText(/^Ada Lovelace · /)).toBeVisible();
    expect(requests.paths().filter((path) => path.startsWith('/v1/users/'))).toEqual([
      `/v1/users/${pair.mentee}`,
    ]);
  });

  it('cancels a pending request, refunded in full', async () => {
    const pair = await seedPair();
    const booking = await requestBooking(pair, { sessionType: { name: 'Changed my mind' } });
    const screen = await renderAs(pair.mentee, <MyBookings />);
    await screen.getByRole('button', { name: /^Cancel session/ }).click();
    const dialog = screen.getByRole('dialog', { name: 'Cancel this session' });
    await expect.element(dialog.getByText('The mentee is refunded in full ($50.00).')).toBeVisible();
    await dialog.getByRole('textbox').fill('Found the answer myself');
    await dialog.getByRole('button', { name: 'Cancel the session' }).click();
    await expect
      .element(screen.getByRole('region', { name: 'Past' }).getByText(/Changed my mind/))
      .toBeVisible();
    await expect
      .poll(() => textOf(screen.getByRole('status')))
      .toBe('Cancelled. The other side has been told.');
    expect((await platform.bookings.get(booking.id)).status).toBe('cancelled');
  });
});
