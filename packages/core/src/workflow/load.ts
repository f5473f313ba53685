import type { Booking } from '../contract/bookings';
import type { User, UserSettings } from '../contract/users';
import { NotFoundError } from '../errors';
import type { StoreTx } from '../ports';
import type { Parties } from './notification-text';

/** What a user who never saved settings gets: auto-approval off, no calendar feed, always available. */
export const DEFAULT_SETTINGS: UserSettings = { autoApprove: false, calendarFeedUrl: null, availability: [] };

export async function loadBooking(tx: StoreTx, id: string): Promise<Booking> {
  const booking = await tx.getBooking(id);
  if (!booking) throw new NotFoundError('booking', id);
  return booking;
}

export async function loadUser(tx: StoreTx, id: string): Promise<User> {
  const user = await tx.getUser(id);
  if (!user) throw new NotFoundError('user', id);
  return user;
}

export async function partiesOf(tx: StoreTx, booking: Booking): Promise<Parties> {
  const [mentor, mentee] = await Promise.all([
    loadUser(tx, booking.mentorId),
    loadUser(tx, booking.menteeId),
  ]);
  return { mentor, mentee };
}

export async function settingsOf(tx: StoreTx, userId: string): Promise<UserSettings> {
  return (await tx.getSettings(userId)) ?? DEFAULT_SETTINGS;
}
