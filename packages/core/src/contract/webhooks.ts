import * as z from 'zod';
import { Booking } from './bookings';
import { SlackInstallationKey, SlackRevocation } from './integrations';
import { BookingMessage } from './messages';
import { Id, Timestamp } from './primitives';

export const WebhookEventType = z.enum([
  'booking.requested',
  'booking.approved',
  'booking.rejected',
  'booking.alternative_suggested',
  'booking.counter_proposed',
  'booking.declined',
  'booking.expired',
  'booking.cancelled',
  'booking.completed',
  'booking.meeting_ready',
  'booking.refunded',
  'booking.response_due',
  'booking.message_posted',
  'booking.no_show_reported',
  'booking.disputed',
  'slack.installation_revoked',
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** Every event about a booking: each carries the booking as the change left it. */
export const BookingWebhookEventType = WebhookEventType.exclude(['slack.installation_revoked']);
export type BookingWebhookEventType = z.infer<typeof BookingWebhookEventType>;

export const BookingWebhookEvent = z.object({
  id: Id,
  type: BookingWebhookEventType,
  createdAt: Timestamp,
  data: z.object({
    booking: Booking,
    /** `booking.message_posted`: the message, as the platform sees it (with the mentee's `redFlags`). */
    message: BookingMessage.optional(),
  }),
});
export type BookingWebhookEvent = z.infer<typeof BookingWebhookEvent>;

/**
 * The Slack app lost a workspace (or organization): uninstalled, or its tokens revoked. The platform sends it
 * when the installation is marked revoked, once per revocation; it names the installation and never carries a
 * token.
 */
export const SlackInstallationRevokedEvent = z.object({
  id: Id,
  type: z.literal('slack.installation_revoked'),
  createdAt: Timestamp,
  data: z.object({
    installation: z.object({
      key: SlackInstallationKey,
      teamId: z.string().nullable(),
      enterpriseId: z.string().nullable(),
      revocation: SlackRevocation,
    }),
  }),
});
export type SlackInstallationRevokedEvent = z.infer<typeof SlackInstallationRevokedEvent>;

/** A webhook delivery's body: tell the kinds apart by `type` (`isBookingEvent`). */
export const WebhookEvent = z.discriminatedUnion('type', [
  BookingWebhookEvent,
  SlackInstallationRevokedEvent,
]);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** Whether `event` is about a booking (`event.data.booking`), rather than about the Slack app's installations. */
export function isBookingEvent(event: WebhookEvent): event is BookingWebhookEvent {
  return event.type !== 'slack.installation_revoked';
}

export const WebhookEndpoint = z.object({
  id: Id,
  url: z.string(),
  events: z.array(WebhookEventType),
  /** Only returned when the endpoint is created. */
  secret: z.string().optional(),
  enabled: z.boolean(),
  /** Deliveries that failed in a row; the endpoint is disabled after too many. */
  consecutiveFailures: z.number().int().min(0),
  createdAt: Timestamp,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const CreateWebhookEndpointBody = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048),
  events: z.array(WebhookEventType).min(1, 'subscribe to at least one event'),
});
export type CreateWebhookEndpointBody = z.infer<typeof CreateWebhookEndpointBody>;

export const UpdateWebhookEndpointBody = z.strictObject({
  enabled: z.boolean().optional(),
  events: z.array(WebhookEventType).min(1).optional(),
});
export type UpdateWebhookEndpointBody = z.infer<typeof UpdateWebhookEndpointBody>;

/** Signature header name and the receiver's default tolerance for its timestamp. */
export const SIGNATURE_HEADER = 'Greenlight-Signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;
