import * as z from 'zod';
import { Booking } from './bookings';
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
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

export const WebhookEvent = z.object({
  id: Id,
  type: WebhookEventType,
  createdAt: Timestamp,
  data: z.object({ booking: Booking }),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

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
