import * as z from 'zod';
import { CursorParam, Id, LimitParam, Timestamp } from './primitives';

export const NotificationKind = z.enum([
  'booking_requested',
  'booking_approved',
  'booking_rejected',
  'alternative_suggested',
  'counter_proposed',
  'proposal_declined',
  'booking_expired',
  'booking_cancelled',
  'booking_completed',
  'meeting_ready',
  'refund_issued',
  'response_due',
  'message_posted',
  'no_show_reported',
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const Notification = z.object({
  id: Id,
  userId: Id,
  kind: NotificationKind,
  bookingId: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  createdAt: Timestamp,
  readAt: Timestamp.nullable(),
});
export type Notification = z.infer<typeof Notification>;

export const ListNotificationsQuery = z.strictObject({
  unread: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .transform((v) => v === 'true')
    .optional(),
  limit: LimitParam,
  cursor: CursorParam.optional(),
});
export type ListNotificationsQuery = z.input<typeof ListNotificationsQuery>;

export const UnreadCount = z.object({ count: z.number().int().min(0) });
export type UnreadCount = z.infer<typeof UnreadCount>;
