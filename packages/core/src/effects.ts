import type { Booking, Role } from './contract/bookings';
import type { NotificationKind } from './contract/notifications';
import type { Money } from './contract/primitives';
import type { WebhookEvent } from './contract/webhooks';

/**
 * Side effects are written to the outbox in the same transaction as the state change that caused them,
 * then run by the effect worker through the ports. Each has an idempotency key; the store refuses a second
 * effect with the same key, which is how "one refund per booking" holds even across retries and restarts.
 */
export type EffectPayload =
  | { kind: 'create_meeting'; bookingId: string }
  | { kind: 'delete_meeting'; bookingId: string; provider: string; meetingId: string }
  | {
      kind: 'send_email';
      bookingId: string;
      notification: NotificationKind;
      recipientId: string;
      role: Role;
      /**
       * The booking as the change that caused the email left it: the email describes that, not whatever the
       * booking became before the worker ran. Absent only on effects written by versions before it existed.
       */
      booking?: Booking;
    }
  | { kind: 'refund'; bookingId: string; amount: Money; reason: string }
  | {
      /**
       * One email about the unread messages for `recipientId` on a booking, sent a few minutes after the first
       * of them (`firstMessageId`) and only about those still unread then: none left, no email.
       */
      kind: 'send_message_digest';
      bookingId: string;
      recipientId: string;
      role: Role;
      firstMessageId: string;
    }
  | { kind: 'deliver_webhook'; endpointId: string; event: WebhookEvent };

export type EffectKind = EffectPayload['kind'];
export type EffectStatus = 'pending' | 'done' | 'dead';

/**
 * The kinds whose `done` effects the housekeeping purge deletes once they are older than the retention. A purged
 * effect takes its idempotency key with it, so each of these keys must never be enqueued again, or be harmless
 * to run twice:
 * - `create_meeting:<booking>` is written once, on the only transition into `approved`, which never repeats;
 * - `email:<booking>:v<version>:…` names a booking version, and each version commits once;
 * - `webhook:<event>:<endpoint>` names an event id that is new for every event;
 * - `delete_meeting:<booking>:<meeting>` could come again only for the same meeting, and deleting a meeting that
 *   is already gone succeeds;
 * - `message_digest:<booking>:<role>:<message>` names the oldest unread message no digest has claimed; once its
 *   digest ran, that message is claimed (or was read), so it is never that message again.
 * Refunds are not here: `refund:<booking>` is what holds a booking to one refund, so it stays for good. Nor are
 * kinds added later, until someone has made the same argument for them.
 */
export const PURGEABLE_EFFECT_KINDS: readonly EffectKind[] = [
  'create_meeting',
  'delete_meeting',
  'deliver_webhook',
  'send_email',
  'send_message_digest',
];

export interface NewEffect {
  id: string;
  payload: EffectPayload;
  /** Unique across the outbox; also sent to the provider (Stripe `Idempotency-Key`, Zoom, webhooks). */
  idempotencyKey: string;
  /** Not before this time. */
  runAt: string;
  maxAttempts: number;
}

export interface Effect extends NewEffect {
  bookingId: string | null;
  status: EffectStatus;
  attempts: number;
  /** While claimed by a worker, when that claim lapses (its worker renews it while the effect runs); null when not claimed. */
  lockedUntil: string | null;
  /**
   * The fencing token of the claim that holds the effect, fresh for every claim; null once an outcome is recorded.
   * A worker records an outcome only while the stored token is still its claim's, so the late outcome of a worker
   * whose lease lapsed can never overwrite that of the worker that claimed the effect after it.
   */
  leaseToken: string | null;
  /**
   * How many times workers claimed the effect. More claims than recorded attempts means a worker lost or gave up a
   * claim before recording what its port call did, which may have reached the provider all the same.
   */
  claims: number;
  lastError: string | null;
  result: unknown;
  createdAt: string;
  updatedAt: string;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
