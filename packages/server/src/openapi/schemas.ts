import type { Effect } from '@greenlight/core';
import {
  Booking,
  BookingReview,
  BookingView,
  Id,
  MentorStats,
  Notification,
  Problem,
  pageOf,
  UnreadCount,
  User,
  UserSettings,
  WebhookEndpoint,
} from '@greenlight/core/contract';
import { z } from '@hono/zod-openapi';

/*
 * The contract's schemas, named for `components.schemas` of the OpenAPI document. `.openapi(name)` returns a
 * copy carrying the name; fields and checks are the contract's own.
 */
export const BookingSchema = Booking.openapi('Booking');
export const BookingViewSchema = BookingView.openapi('BookingView');
export const BookingReviewSchema = BookingReview.openapi('BookingReview');
export const UserSchema = User.openapi('User');
export const UserSettingsSchema = UserSettings.openapi('UserSettings');
export const MentorStatsSchema = MentorStats.openapi('MentorStats');
export const NotificationSchema = Notification.openapi('Notification');
export const UnreadCountSchema = UnreadCount.openapi('UnreadCount');
export const WebhookEndpointSchema = WebhookEndpoint.openapi('WebhookEndpoint');
export const ProblemSchema = Problem.openapi('Problem');

export const BookingPage = pageOf(Booking).openapi('BookingPage');
export const NotificationPage = pageOf(Notification).openapi('NotificationPage');
export const WebhookEndpointList = pageOf(WebhookEndpoint).openapi('WebhookEndpointList');

/**
 * An outbox effect as the dead-letter endpoints return it. The contract has no schema for effects (they are
 * an operator's view, not part of the booking API); `effectView` below keeps this in step with `Effect`.
 */
export const EffectSchema = z
  .object({
    id: z.string(),
    bookingId: z.string().nullable(),
    payload: z.object({ kind: z.string() }).catchall(z.unknown()),
    idempotencyKey: z.string(),
    status: z.enum(['pending', 'done', 'dead']),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    runAt: z.string(),
    lockedUntil: z.string().nullable(),
    lastError: z.string().nullable(),
    result: z.unknown(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Effect');

/** Compiles only while `Effect` fits `EffectSchema`. */
export function effectView(effect: Effect): z.infer<typeof EffectSchema> {
  return effect;
}
export const EffectPage = pageOf(EffectSchema).openapi('EffectPage');

/** `{ count }` of notifications marked read by `read-all`. */
export const MarkedCount = UnreadCount.openapi('MarkedCount');

export const IdParams = z.object({
  id: Id.openapi({ param: { name: 'id', in: 'path' } }),
});

export const HealthSchema = z.object({ ok: z.literal(true) }).openapi('Health');
