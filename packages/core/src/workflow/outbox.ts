import type { Booking, Role } from '../contract/bookings';
import type { BookingMessage } from '../contract/messages';
import type { Notification, NotificationKind } from '../contract/notifications';
import type { BookingWebhookEventType, WebhookEvent } from '../contract/webhooks';
import { DEFAULT_MAX_ATTEMPTS, type NewEffect } from '../effects';
import type { EffectAction } from '../machine/snapshot';
import type { IdGenerator, WebhookEndpointRecord } from '../ports';
import { notificationText, type Parties } from './notification-text';

export interface OutboxInput extends Parties {
  /** The booking as saved, new version included. */
  booking: Booking;
  endpoints: WebhookEndpointRecord[];
  ids: IdGenerator;
  now: string;
}

export interface Outbox {
  effects: NewEffect[];
  notifications: Notification[];
}

function effect(
  input: Pick<OutboxInput, 'ids' | 'now'>,
  idempotencyKey: string,
  payload: NewEffect['payload'],
): NewEffect {
  return {
    id: input.ids.id('eff'),
    idempotencyKey,
    payload,
    runAt: input.now,
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
  };
}

/** Keyed by the meeting: it is deleted once, whether a cancellation or the worker notices it must go. */
export function deleteMeetingEffect(
  input: Pick<OutboxInput, 'ids' | 'now'>,
  bookingId: string,
  meeting: { provider: string; id: string },
): NewEffect {
  return effect(input, `delete_meeting:${bookingId}:${meeting.id}`, {
    kind: 'delete_meeting',
    bookingId,
    provider: meeting.provider,
    meetingId: meeting.id,
  });
}

/** An in-app notification row for one side of the booking. */
export function notificationFor(input: OutboxInput, kind: NotificationKind, role: Role): Notification {
  const recipient = role === 'mentor' ? input.mentor : input.mentee;
  return {
    id: input.ids.id('ntf'),
    userId: recipient.id,
    kind,
    bookingId: input.booking.id,
    ...notificationText(kind, input.booking, input, role),
    createdAt: input.now,
    readAt: null,
  };
}

/**
 * One delivery of `event` per endpoint subscribed to its type, all carrying the same event id. Disabled endpoints
 * get theirs too: delivery is at least once, so they wait until the endpoint is re-enabled, and go only if it is
 * deleted.
 */
export function eventDeliveries(
  input: Pick<OutboxInput, 'endpoints' | 'ids' | 'now'>,
  event: WebhookEvent,
): NewEffect[] {
  return input.endpoints
    .filter((e) => e.events.includes(event.type))
    .map((endpoint) =>
      effect(input, `webhook:${event.id}:${endpoint.id}`, {
        kind: 'deliver_webhook',
        endpointId: endpoint.id,
        event,
      }),
    );
}

/**
 * The booking event `type` for every endpoint subscribed to it (see `eventDeliveries`). `extra` adds to the event's
 * data beside the booking (the message of `booking.message_posted`).
 */
export function webhookEffects(
  input: OutboxInput,
  type: BookingWebhookEventType,
  extra: { message?: BookingMessage } = {},
): NewEffect[] {
  if (!input.endpoints.some((e) => e.events.includes(type))) return [];
  const event = {
    id: input.ids.id('evt'),
    type,
    createdAt: input.now,
    data: { booking: input.booking, ...extra },
  };
  return eventDeliveries(input, event);
}

/**
 * Turns the machine's effect actions into outbox rows and in-app notifications, written in the same
 * transaction as the booking. Idempotency keys are derived from the booking, so one decision can never
 * enqueue the same work twice: at most one meeting and one refund per booking, one email per version.
 */
export function outboxFor(actions: readonly EffectAction[], input: OutboxInput): Outbox {
  const { booking } = input;
  const out: Outbox = { effects: [], notifications: [] };
  for (const action of actions) {
    switch (action.type) {
      case 'notify': {
        const { kind, to, via } = action.params;
        for (const role of to === 'both' ? (['mentee', 'mentor'] as const) : [to]) {
          if (via.includes('in_app')) out.notifications.push(notificationFor(input, kind, role));
          if (via.includes('email')) {
            const recipientId = role === 'mentor' ? booking.mentorId : booking.menteeId;
            out.effects.push(
              effect(input, `email:${booking.id}:v${booking.version}:${kind}:${role}`, {
                kind: 'send_email',
                bookingId: booking.id,
                notification: kind,
                recipientId,
                role,
                booking,
              }),
            );
          }
        }
        break;
      }
      case 'createMeeting':
        out.effects.push(
          effect(input, `create_meeting:${booking.id}`, { kind: 'create_meeting', bookingId: booking.id }),
        );
        break;
      case 'deleteMeeting':
        // Still provisioning: the worker deletes the meeting if it gets created after all.
        if (booking.meeting?.id) {
          out.effects.push(
            deleteMeetingEffect(input, booking.id, {
              provider: booking.meeting.provider,
              id: booking.meeting.id,
            }),
          );
        }
        break;
      case 'refund':
        if (action.params.amount > 0) {
          out.effects.push(
            effect(input, `refund:${booking.id}`, {
              kind: 'refund',
              bookingId: booking.id,
              amount: { amount: action.params.amount, currency: booking.price.currency },
              reason: action.params.reason,
            }),
          );
        }
        break;
      case 'emitWebhook':
        out.effects.push(...webhookEffects(input, action.params.type));
        break;
    }
  }
  return out;
}
