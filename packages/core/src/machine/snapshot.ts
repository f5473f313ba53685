import { type SnapshotFrom, transition } from 'xstate';
import type { Booking, BookingStatus } from '../contract/bookings';
import { InvalidTransitionError } from '../errors';
import { bookingMachine, type NotifyParams, type RefundParams, type WebhookParams } from './booking-machine';
import type { BookingEvent } from './events';

export type BookingSnapshot = SnapshotFrom<typeof bookingMachine>;
export type BookingStateValue =
  | 'new'
  | Exclude<BookingStatus, 'approved'>
  | { approved: 'provisioning' | 'ready' | 'provisioning_failed' };

/** The machine state a stored booking is in: its status, and for approved ones the meeting's progress. */
export function stateValueOf(booking: Pick<Booking, 'status' | 'meeting'>): BookingStateValue {
  if (booking.status !== 'approved') return booking.status;
  const meeting = booking.meeting?.status;
  return {
    approved: meeting === 'ready' ? 'ready' : meeting === 'failed' ? 'provisioning_failed' : 'provisioning',
  };
}

/** The booking status of a machine state (`new` is a draft that becomes pending on REQUEST). */
export function statusOf(value: BookingStateValue): BookingStatus {
  if (typeof value === 'object') return 'approved';
  return value === 'new' ? 'pending' : value;
}

/** Rebuilds the snapshot of a stored booking, or of a draft not yet requested. */
export function snapshotOf(booking: Booking, draft = false): BookingSnapshot {
  return bookingMachine.resolveState({ value: draft ? 'new' : stateValueOf(booking), context: booking });
}

export type EffectAction =
  | { type: 'notify'; params: NotifyParams }
  | { type: 'createMeeting'; params?: undefined }
  | { type: 'deleteMeeting'; params?: undefined }
  | { type: 'refund'; params: RefundParams }
  | { type: 'emitWebhook'; params: WebhookParams };

const EFFECT_ACTIONS = new Set(['notify', 'createMeeting', 'deleteMeeting', 'refund', 'emitWebhook']);

export interface Step {
  /** The booking after the event, version unchanged (the store write bumps it). */
  booking: Booking;
  effects: EffectAction[];
}

/**
 * The booking's snapshot, if the machine accepts `event` in its state; otherwise throws
 * `InvalidTransitionError` naming `action` and the booking's current status. Computes no transition.
 */
export function assertAllowed(
  booking: Booking,
  event: BookingEvent,
  action: string,
  options: { draft?: boolean } = {},
): BookingSnapshot {
  const snapshot = snapshotOf(booking, options.draft);
  if (!snapshot.can(event)) throw new InvalidTransitionError(action, booking.status);
  return snapshot;
}

/**
 * Applies `event` to the stored booking with xstate's pure `transition()`. Refused events throw
 * `InvalidTransitionError` naming `action` and the booking's current status.
 */
export function step(
  booking: Booking,
  event: BookingEvent,
  action: string,
  options: { draft?: boolean } = {},
): Step {
  const snapshot = assertAllowed(booking, event, action, options);
  const [next, actions] = transition(bookingMachine, snapshot, event);
  const effects = actions
    .filter((a) => EFFECT_ACTIONS.has(a.type))
    .map((a) => ({ type: a.type, params: a.params }) as EffectAction);
  return { booking: { ...next.context, status: statusOf(next.value as BookingStateValue) }, effects };
}
