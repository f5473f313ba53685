import * as z from 'zod';
import { CursorParam, Id, LimitParam, Money, Timestamp } from './primitives';

export const BookingStatus = z.enum([
  'pending',
  'alternative_suggested',
  'approved',
  'rejected',
  'declined',
  'expired',
  'cancelled',
  'completed',
  /** The session did not take place: one side was reported absent (see the booking's `noShow`). */
  'no_show',
]);
export type BookingStatus = z.infer<typeof BookingStatus>;

/**
 * Statuses no decision leads out of. `completed` and `no_show` still take no-show reports for 48 hours after the
 * session's end: a report turns a completed session into `no_show`, and the other side may answer one.
 */
export const FINAL_STATUSES = [
  'rejected',
  'declined',
  'expired',
  'cancelled',
  'completed',
  'no_show',
] as const satisfies readonly BookingStatus[];

export const RejectionCategory = z.enum([
  'schedule_conflict',
  'outside_expertise',
  'cannot_prepare',
  'timezone_mismatch',
  'other',
]);
export type RejectionCategory = z.infer<typeof RejectionCategory>;

/** The common valid reasons, offered to mentors in every UI. */
export const COMMON_REJECTION_REASONS: Record<Exclude<RejectionCategory, 'other'>, string> = {
  schedule_conflict: 'Schedule conflict',
  outside_expertise: 'Outside my expertise',
  cannot_prepare: "I won't be able to prepare adequately",
  timezone_mismatch: 'Time-zone mismatch',
};

const DISMISSIVE = new Set([
  'no',
  'nope',
  'nah',
  'n/a',
  'na',
  'none',
  'no reason',
  'not interested',
  'rejected',
  'reject',
  'declined',
  'busy',
  '.',
  '-',
]);

/** Why a rejection reason is not acceptable, or null when it is. Shared by server, SDK and UIs. */
export function rejectionReasonProblem(reason: string): string | null {
  const text = reason.trim().replace(/\s+/g, ' ');
  const words = text.split(' ').filter((w) => /\p{L}/u.test(w));
  if (text.length === 0 || DISMISSIVE.has(text.toLowerCase().replace(/[.!]+$/, '')) || words.length < 2) {
    const examples = Object.values(COMMON_REJECTION_REASONS).join('; ');
    return `a reason is required and is shown to the mentee: explain in a few words (e.g. ${examples})`;
  }
  return null;
}

export const RejectionReason = z
  .string()
  .max(1000, 'must be at most 1000 characters')
  .superRefine((value, ctx) => {
    const problem = rejectionReasonProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const SessionType = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const Role = z.enum(['mentor', 'mentee']);
export type Role = z.infer<typeof Role>;

/**
 * Where a decision was made, kept in the history so every UI can say "approved on Slack": the API itself, the
 * web app or embedded components, Slack, or an email's one-click action link.
 */
export const Channel = z.enum(['api', 'web', 'slack', 'email']);
export type Channel = z.infer<typeof Channel>;

export const HistoryEntry = z.object({
  at: Timestamp,
  /** A user id, `platform` or `system`. */
  actor: z.string(),
  /** When an assistant acted for the mentor: the mentor's id (`actor` is the assistant). */
  onBehalfOf: z.string().optional(),
  event: z.string(),
  /** Where the actor made the change; absent for the system and for entries made before channels were kept. */
  channel: Channel.optional(),
  from: BookingStatus.optional(),
  to: BookingStatus.optional(),
  start: Timestamp.optional(),
  end: Timestamp.optional(),
  reason: z.string().optional(),
  category: RejectionCategory.optional(),
  /** Approved, or another time suggested, despite a conflict in the mentor's external calendar. */
  force: z.boolean().optional(),
  /** On `no_show_reported`: who was reported absent (the report's note is `reason`). */
  absent: Role.optional(),
  /** On `no_show_reported`: this report contradicts an earlier one. */
  disputed: z.boolean().optional(),
  /** On `auto_approved`: the mentor's auto-approval rule set that approved the booking. */
  rule: z.object({ id: z.string(), name: z.string() }).optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const Proposal = z.object({ start: Timestamp, end: Timestamp, by: Role, createdAt: Timestamp });
export type Proposal = z.infer<typeof Proposal>;

export const MeetingStatus = z.enum(['pending', 'ready', 'failed']);
export const Meeting = z.object({
  provider: z.string(),
  status: MeetingStatus,
  joinUrl: z.string().optional(),
  id: z.string().optional(),
  error: z.string().optional(),
});
export type Meeting = z.infer<typeof Meeting>;

export const CalendarLinks = z.object({
  google: z.string(),
  yahoo: z.string(),
  outlook: z.string(),
  office365: z.string(),
  ics: z.string(),
});
export type CalendarLinks = z.infer<typeof CalendarLinks>;

export const RefundStatus = z.enum(['pending', 'succeeded', 'failed']);
export const Refund = z.object({
  status: RefundStatus,
  /** Minor units, in the booking's currency. */
  amount: z.number().int().min(0),
  currency: z.string(),
  id: z.string().optional(),
  error: z.string().optional(),
});
export type Refund = z.infer<typeof Refund>;

export const Cancellation = z.object({
  by: z.enum(['mentor', 'mentee', 'platform']),
  reason: z.string(),
  at: Timestamp,
});
export type Cancellation = z.infer<typeof Cancellation>;

/** One side's report that someone did not show up to the session. */
export const NoShowReport = z.object({
  /** The side that reported (the platform may report for either). */
  by: z.enum(['mentor', 'mentee', 'platform']),
  /** Who reported: a user id or `platform`. */
  actor: z.string(),
  /** Who did not show up. */
  absent: Role,
  note: z.string(),
  at: Timestamp,
  channel: Channel.optional(),
});
export type NoShowReport = z.infer<typeof NoShowReport>;

export const NoShow = z.object({
  /** Who did not show up, as the reports agree; null when they name both sides (`disputed`). */
  absent: Role.nullable(),
  /** The reports name each side absent: the platform decides (webhook `booking.disputed`). */
  disputed: z.boolean(),
  reports: z.array(NoShowReport),
});
export type NoShow = z.infer<typeof NoShow>;

export const Metadata = z.record(z.string(), z.string());

export const Booking = z.object({
  id: Id,
  status: BookingStatus,
  mentorId: Id,
  menteeId: Id,
  start: Timestamp,
  end: Timestamp,
  durationMinutes: z.number().int(),
  sessionType: z.object({ name: z.string() }).nullable(),
  price: Money,
  paymentRef: z.string().nullable(),
  message: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  respondBy: Timestamp,
  expiresAt: Timestamp,
  decidedAt: Timestamp.nullable(),
  /** When the mentor was reminded of `respondBy`; null until then. */
  remindedAt: Timestamp.nullable(),
  version: z.number().int().min(1),
  rejection: z.object({ reason: z.string(), category: RejectionCategory }).nullable(),
  proposal: Proposal.nullable(),
  history: z.array(HistoryEntry),
  meeting: Meeting.nullable(),
  calendarLinks: CalendarLinks.nullable(),
  refund: Refund.nullable(),
  cancellation: Cancellation.nullable(),
  /** No-show reports after the session; absent until someone reports one. */
  noShow: NoShow.optional(),
  metadata: Metadata,
});
export type Booking = z.infer<typeof Booking>;

export const RedFlagCode = z.enum([
  'low_ratings_given',
  'no_show_reports',
  'rude_message',
  'missed_sessions',
]);
export const RedFlag = z.object({
  code: RedFlagCode,
  detail: z.string(),
  evidence: z.array(z.string()).optional(),
});
export type RedFlag = z.infer<typeof RedFlag>;

export const Conflict = z.object({
  /** `greenlight` for the mentor's own sessions, otherwise the calendar source (e.g. `ical`, `google`). */
  source: z.string(),
  start: Timestamp,
  end: Timestamp,
  bookingId: z.string().optional(),
  summary: z.string().optional(),
});
export type Conflict = z.infer<typeof Conflict>;

export const CalendarCheck = z.object({
  source: z.string(),
  /** `unknown` when the calendar could not be read: never treat that as free. */
  status: z.enum(['ok', 'unknown']),
  detail: z.string().optional(),
});

export const MenteeHistory = z.object({
  priorSessions: z.number().int().min(0),
  totalSpend: Money,
  averageRatingGiven: z.number().nullable(),
  reviewsGiven: z.number().int().min(0),
  /**
   * Complaints the mentee made that a mentor did not show up: the platform's count (`stats.noShowReports`, from
   * outside Greenlight) plus the mentor no-shows they reported here.
   */
  noShowReports: z.number().int().min(0),
  /** Sessions the mentee was reported absent from here (disputed reports aside). */
  missedSessions: z.number().int().min(0),
});

export const BookingReview = z.object({
  startInMentorTimezone: z.string(),
  endInMentorTimezone: z.string(),
  /**
   * While the mentor's suggestion is open (`alternative_suggested`): the suggested time in the mentor's time
   * zone. `conflicts` and `calendars` are then about this time, not the requested one.
   */
  proposalStartInMentorTimezone: z.string().optional(),
  proposalEndInMentorTimezone: z.string().optional(),
  mentorTimezone: z.string(),
  menteeTimezone: z.string(),
  mentee: z.object({
    id: Id,
    name: z.string(),
    photoUrl: z.string().nullable(),
    history: MenteeHistory,
  }),
  redFlags: z.array(RedFlag),
  conflicts: z.array(Conflict),
  calendars: z.array(CalendarCheck),
});
export type BookingReview = z.infer<typeof BookingReview>;

/** `GET /v1/bookings/{id}`: the booking, with `review` when the caller is its mentor (or the platform). */
export const BookingView = Booking.extend({ review: BookingReview.optional() });
export type BookingView = z.infer<typeof BookingView>;

export const CreateBookingBody = z.strictObject({
  mentorId: Id,
  menteeId: Id.optional(),
  start: Timestamp,
  durationMinutes: z
    .number()
    .int('must be a whole number of minutes')
    .min(15, 'must be from 15 to 480 minutes')
    .max(480, 'must be from 15 to 480 minutes'),
  sessionType: SessionType.nullish(),
  price: Money,
  paymentRef: z.string().min(1).max(255).nullish(),
  message: z.string().max(4000, 'must be at most 4000 characters').nullish(),
});
export type CreateBookingBody = z.infer<typeof CreateBookingBody>;

/** The people a booking list can carry beside each booking (`expand`), so a list needs no request per person. */
export const BookingExpansion = z.enum(['mentee', 'mentor']);
export type BookingExpansion = z.infer<typeof BookingExpansion>;

const EXPAND_MESSAGE = 'must be mentee, mentor or both comma-separated (mentee,mentor)';

/** `mentee`, `mentor`, or both comma-separated; kept as sent (`expansionsOf` reads it). */
export const ExpandParam = z
  .string()
  .regex(/^(mentee|mentor)(,(mentee|mentor))?$/, EXPAND_MESSAGE)
  .describe(
    'Carry each booking’s `mentee` and/or `mentor` as `{ id, name, photoUrl }`: `mentee`, `mentor` or `mentee,mentor`.',
  );

/** The people `expand` asks for, each once. */
export function expansionsOf(expand: string | undefined): BookingExpansion[] {
  if (!expand) return [];
  return [...new Set(expand.split(','))].map((name) => BookingExpansion.parse(name));
}

export const ListBookingsQuery = z.strictObject({
  status: BookingStatus.optional(),
  role: Role.optional(),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  mentorId: Id.optional(),
  menteeId: Id.optional(),
  expand: ExpandParam.optional(),
  limit: LimitParam,
  cursor: CursorParam.optional(),
});
export type ListBookingsQuery = z.input<typeof ListBookingsQuery>;

const MetadataKey = z.string().min(1).max(40, 'metadata keys are at most 40 characters');
export const UpdateBookingBody = z.strictObject({
  /** Keys to set; a null value removes the key. At most 50 keys, values up to 500 characters. */
  metadata: z
    .record(MetadataKey, z.string().max(500, 'metadata values are at most 500 characters').nullable())
    .refine((m) => Object.keys(m).length <= 50, { message: 'at most 50 metadata keys' }),
  /**
   * Compare-and-set: write only if the booking is still at this version (from the booking you read), else
   * 409 `version_conflict` and nothing changes. Lets two writers of the same keys find out about each other.
   */
  expectedVersion: z
    .number()
    .int('must be a whole number (the booking’s `version`)')
    .min(1, 'must be 1 or more (the booking’s `version`)')
    .optional()
    .describe(
      "Write only if the booking's `version` is still this one; otherwise 409 `version_conflict` and " +
        'nothing changes. Omit it to write whatever the version.',
    ),
});
export type UpdateBookingBody = z.infer<typeof UpdateBookingBody>;

export const ApproveBody = z.strictObject({
  /** Approve despite conflicts with the mentor's external calendar (never overrides another approved session). */
  force: z
    .boolean()
    .optional()
    .describe(
      "Approve even though the mentor's external calendar shows the time busy or could not be read " +
        '(otherwise 409 `calendar_conflict` with the `conflicts`); another approved session is never overridden.',
    ),
});
export type ApproveBody = z.infer<typeof ApproveBody>;

export const RejectBody = z.strictObject({ reason: RejectionReason, category: RejectionCategory.optional() });
export type RejectBody = z.infer<typeof RejectBody>;

export const SuggestBody = z.strictObject({
  start: Timestamp,
  /**
   * Suggest the time despite conflicts with the mentor's external calendar (or a calendar that could not be
   * read); never overrides another approved session.
   */
  force: z
    .boolean()
    .optional()
    .describe(
      "Suggest the time even though the mentor's external calendar shows it busy or could not be read " +
        '(otherwise 409 `calendar_conflict` with the `conflicts`); another approved session is never overridden.',
    ),
});
export type SuggestBody = z.infer<typeof SuggestBody>;

export const CounterBody = z.strictObject({ start: Timestamp });
export type CounterBody = z.infer<typeof CounterBody>;

export const DeclineProposalBody = z.strictObject({ reason: z.string().max(1000).optional() });
export type DeclineProposalBody = z.infer<typeof DeclineProposalBody>;

export const ReportNoShowBody = z.strictObject({
  /**
   * Who did not show up; a participant may leave it out to mean the other side, the platform must say.
   */
  absent: Role.optional().describe(
    'Who did not show up. A participant may omit it to mean the other side; the platform must name it.',
  ),
  note: z
    .string()
    .trim()
    .min(1, 'a note is required: say what happened (it is shown to the other side)')
    .max(1000, 'must be at most 1000 characters'),
});
export type ReportNoShowBody = z.infer<typeof ReportNoShowBody>;

export const CancelBody = z.strictObject({
  reason: z.string().trim().min(1, 'a reason is required and is shown to the other side').max(1000),
});
export type CancelBody = z.infer<typeof CancelBody>;
