import type { Booking } from '../contract/bookings';
import type { User, UserSettings } from '../contract/users';
import { NotFoundError } from '../errors';
import { approvesEveryBooking, everyBookingRule } from '../policy/auto-approval';
import type { StoreTx } from '../ports';
import type { Parties } from './notification-text';

/** What a user who never saved settings gets: auto-approval off, no calendar feed, always available. */
export const DEFAULT_SETTINGS: UserSettings = {
  autoApprove: false,
  autoApprovalRules: [],
  calendarFeedUrl: null,
  availability: [],
};

/**
 * Stored settings as the contract reads them now. Settings saved before rule sets existed hold only the switch:
 * `autoApprove: true` reads as one rule set without conditions ("Every booking"). `autoApprove` is always what
 * the rule sets say.
 */
export function currentSettings(stored: UserSettings): UserSettings {
  const rules =
    (stored as Partial<UserSettings>).autoApprovalRules ?? (stored.autoApprove ? [everyBookingRule()] : []);
  return { ...stored, autoApprovalRules: rules, autoApprove: approvesEveryBooking(rules) };
}

export async function loadBooking(tx: StoreTx, id: string): Promise<Booking> {
  const booking = await tx.getBooking(id);
  if (!booking) throw new NotFoundError('booking', id);
  return booking;
}

/** A stored profile as the contract reads it now: fields added since it was written get their defaults. */
export function currentUser(stored: User): User {
  return { ...stored, slackTeamId: stored.slackTeamId ?? null, slackDelivery: stored.slackDelivery ?? null };
}

export async function loadUser(tx: StoreTx, id: string): Promise<User> {
  const user = await tx.getUser(id);
  if (!user) throw new NotFoundError('user', id);
  return currentUser(user);
}

export async function partiesOf(tx: StoreTx, booking: Booking): Promise<Parties> {
  const [mentor, mentee] = await Promise.all([
    loadUser(tx, booking.mentorId),
    loadUser(tx, booking.menteeId),
  ]);
  return { mentor, mentee };
}

export async function settingsOf(tx: StoreTx, userId: string): Promise<UserSettings> {
  const stored = await tx.getSettings(userId);
  return stored ? currentSettings(stored) : DEFAULT_SETTINGS;
}
