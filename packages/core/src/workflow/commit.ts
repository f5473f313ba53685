import type { Booking } from '../contract/bookings';
import type { Step } from '../machine/snapshot';
import type { IdGenerator, StoreTx } from '../ports';
import type { Parties } from './notification-text';
import { outboxFor } from './outbox';

/**
 * Saves a transition inside the caller's transaction: the booking (version + 1, or version 1 when new),
 * then the effects and notifications its actions asked for. Together they commit or roll back.
 */
export async function commitStep(
  tx: StoreTx,
  input: { before: Booking | null; step: Step; parties: Parties; ids: IdGenerator; now: string },
): Promise<Booking> {
  const { before, step, parties, ids, now } = input;
  const booking: Booking = { ...step.booking, version: (before?.version ?? 0) + 1, updatedAt: now };
  if (before) await tx.updateBooking(booking, before.version);
  else await tx.insertBooking(booking);
  const endpoints = step.effects.some((a) => a.type === 'emitWebhook') ? await tx.listWebhookEndpoints() : [];
  const out = outboxFor(step.effects, { booking, ...parties, endpoints, ids, now });
  if (out.effects.length > 0) await tx.enqueueEffects(out.effects);
  if (out.notifications.length > 0) await tx.insertNotifications(out.notifications);
  return booking;
}
