import type { Effect } from '@greenlight/core';
import {
  ActionLinks,
  BatchDecisionsResult,
  Booking,
  BookingListItem,
  BookingMessage,
  BookingReview,
  BookingView,
  BookingWebhookEvent,
  Delegation,
  DelegationList,
  Id,
  MentorStats,
  MessagesRead,
  Notification,
  Problem,
  pageOf,
  SlackInstallation,
  SlackInstallationRevokedEvent,
  UnreadCount,
  UnreadMessages,
  User,
  UserSettings,
  UserSummary,
  WebhookEndpoint,
} from '@greenlight/core/contract';
import { z } from '@hono/zod-openapi';

/*
 * The contract's schemas, named for `components.schemas` of the OpenAPI document. `.meta({ id })` returns a
 * copy carrying the name (zod's own metadata, which zod-to-openapi reads; the `.openapi()` method exists only
 * on schemas created after @hono/zod-openapi loaded); fields and checks are the contract's own.
 */
export const BookingSchema = Booking.meta({ id: 'Booking' });
export const BookingViewSchema = BookingView.meta({ id: 'BookingView' });
export const BookingReviewSchema = BookingReview.meta({ id: 'BookingReview' });
export const UserSchema = User.meta({ id: 'User' });
export const UserSettingsSchema = UserSettings.meta({ id: 'UserSettings' });
export const MentorStatsSchema = MentorStats.meta({ id: 'MentorStats' });
export const NotificationSchema = Notification.meta({ id: 'Notification' });
export const UnreadCountSchema = UnreadCount.meta({ id: 'UnreadCount' });
export const WebhookEndpointSchema = WebhookEndpoint.meta({ id: 'WebhookEndpoint' });
export const ProblemSchema = Problem.meta({ id: 'Problem' });
export const SlackInstallationSchema = SlackInstallation.meta({ id: 'SlackInstallation' });
export const BookingWebhookEventSchema = BookingWebhookEvent.meta({ id: 'BookingWebhookEvent' });
export const SlackInstallationRevokedEventSchema = SlackInstallationRevokedEvent.meta({
  id: 'SlackInstallationRevokedEvent',
});
export const ActionLinksSchema = ActionLinks.meta({ id: 'ActionLinks' });

export const BookingMessageSchema = BookingMessage.meta({ id: 'BookingMessage' });
export const DelegationSchema = Delegation.meta({ id: 'Delegation' });
export const DelegationListSchema = DelegationList.meta({ id: 'DelegationList' });
export const BatchDecisionsResultSchema = BatchDecisionsResult.meta({ id: 'BatchDecisionsResult' });
export const MessagesReadSchema = MessagesRead.meta({ id: 'MessagesRead' });
export const UnreadMessagesSchema = UnreadMessages.meta({ id: 'UnreadMessages' });

export const UserSummarySchema = UserSummary.meta({ id: 'UserSummary' });
export const BookingListItemSchema = BookingListItem.extend({
  mentee: UserSummarySchema.optional(),
  mentor: UserSummarySchema.optional(),
}).meta({ id: 'BookingListItem' });

export const BookingPage = pageOf(BookingListItemSchema).meta({ id: 'BookingPage' });
export const MessagePage = pageOf(BookingMessage).meta({ id: 'MessagePage' });
export const NotificationPage = pageOf(Notification).meta({ id: 'NotificationPage' });
export const WebhookEndpointList = pageOf(WebhookEndpoint).meta({ id: 'WebhookEndpointList' });

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
    claims: z
      .number()
      .int()
      .describe(
        'How many times workers claimed the effect; more than attempts means a claim ended without an outcome recorded (a worker that lost its lease or stopped)',
      ),
    lastError: z.string().nullable(),
    result: z.unknown(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Effect' });

/** Compiles only while `Effect` fits `EffectSchema`. The lease token is the workers' own business. */
export function effectView(effect: Effect): z.infer<typeof EffectSchema> {
  const { leaseToken: _, ...view } = effect;
  return view;
}
export const EffectPage = pageOf(EffectSchema).meta({ id: 'EffectPage' });

/** `{ count }` of notifications marked read by `read-all`. */
export const MarkedCount = UnreadCount.meta({ id: 'MarkedCount' });

export const IdParams = z.object({
  id: Id,
});

export const HealthSchema = z.object({ ok: z.literal(true) }).meta({ id: 'Health' });
