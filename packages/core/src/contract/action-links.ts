import * as z from 'zod';
import { Role } from './bookings';
import { Id, Timestamp } from './primitives';

/**
 * What a signed action link does, named as the person reads it in an email: the mentor approves, rejects or
 * suggests another time; the mentee accepts, declines or counters a suggestion; either side cancels.
 */
export const EmailAction = z.enum(['approve', 'reject', 'suggest', 'accept', 'decline', 'counter', 'cancel']);
export type EmailAction = z.infer<typeof EmailAction>;

/** Which side of a booking may take each action (`either` for cancel). */
export const EMAIL_ACTION_SIDE: Record<EmailAction, Role | 'either'> = {
  approve: 'mentor',
  reject: 'mentor',
  suggest: 'mentor',
  accept: 'mentee',
  decline: 'mentee',
  counter: 'mentee',
  cancel: 'either',
};

export const ActionLinksQuery = z.strictObject({
  recipientId: Id.describe('The mentor or the mentee of the booking: whose links to sign.'),
});
export type ActionLinksQuery = z.infer<typeof ActionLinksQuery>;

export const ActionLink = z.object({
  action: EmailAction,
  /** `{publicUrl}/actions/{token}`: opens a confirmation page; only its form's POST changes the booking. */
  url: z.string(),
  /** The link stops working then (the booking's deadline, its start, or 7 days after its last change). */
  expiresAt: Timestamp,
});
export type ActionLink = z.infer<typeof ActionLink>;

/** `GET /v1/bookings/{id}/action-links`: the signed links one participant may use right now. */
export const ActionLinks = z.object({
  bookingId: Id,
  recipientId: Id,
  role: Role,
  data: z.array(ActionLink),
});
export type ActionLinks = z.infer<typeof ActionLinks>;
