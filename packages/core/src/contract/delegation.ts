import * as z from 'zod';
import { Booking, RejectionCategory, RejectionReason } from './bookings';
import { Problem } from './errors';
import { Id, Timestamp } from './primitives';

/**
 * A mentor's permission for an assistant to decide for them: the assistant acts, with their own credentials, on
 * the mentor's bookings as the mentor's side. History entries they make name them as `actor`, with the mentor as
 * `onBehalfOf`.
 */
export const Delegation = z.object({
  mentorId: Id,
  assistantId: Id,
  createdAt: Timestamp,
});
export type Delegation = z.infer<typeof Delegation>;

export const DelegationList = z.object({ data: z.array(Delegation) });
export type DelegationList = z.infer<typeof DelegationList>;

/** A mentor has at most this many assistants. */
export const MAX_DELEGATES = 20;

export const GrantDelegateBody = z.strictObject({ assistantId: Id });
export type GrantDelegateBody = z.infer<typeof GrantDelegateBody>;

/** Decisions in one batch, at most. */
export const MAX_BATCH_DECISIONS = 50;

export const BatchDecision = z.discriminatedUnion('action', [
  z.strictObject({
    bookingId: Id,
    action: z.literal('approve'),
    force: z.boolean().optional(),
  }),
  z.strictObject({
    bookingId: Id,
    action: z.literal('reject'),
    reason: RejectionReason,
    category: RejectionCategory.optional(),
  }),
]);
export type BatchDecision = z.infer<typeof BatchDecision>;

export const BatchDecisionsBody = z.strictObject({
  decisions: z
    .array(BatchDecision)
    .min(1, 'send at least one decision')
    .max(MAX_BATCH_DECISIONS, `at most ${MAX_BATCH_DECISIONS} decisions in one request`)
    .superRefine((decisions, ctx) => {
      const seen = new Map<string, number>();
      decisions.forEach((d, i) => {
        const first = seen.get(d.bookingId);
        if (first === undefined) seen.set(d.bookingId, i);
        else {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'bookingId'],
            message: `repeats decisions[${first}].bookingId: decide each booking once`,
          });
        }
      });
    }),
});
export type BatchDecisionsBody = z.input<typeof BatchDecisionsBody>;

/** One decision's outcome: the booking after it, or the problem it met (as the single-booking endpoint gives it). */
export const BatchDecisionResult = z.discriminatedUnion('ok', [
  z.object({ bookingId: Id, ok: z.literal(true), booking: Booking }),
  z.object({ bookingId: Id, ok: z.literal(false), problem: Problem }),
]);
export type BatchDecisionResult = z.infer<typeof BatchDecisionResult>;

export const BatchDecisionsResult = z.object({
  /** In the order the decisions were sent. */
  results: z.array(BatchDecisionResult),
  succeeded: z.number().int().min(0),
  failed: z.number().int().min(0),
});
export type BatchDecisionsResult = z.infer<typeof BatchDecisionsResult>;
