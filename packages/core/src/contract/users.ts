import * as z from 'zod';
import { RedFlagCode } from './bookings';
import { SlackInstallationKey } from './integrations';
import { Id, Timestamp, TimeZone } from './primitives';

export const MenteeStats = z.object({
  /** Average star rating (1–5) this user gives in reviews; null when they have given none. */
  averageRatingGiven: z.number().min(1).max(5).nullable(),
  reviewsGiven: z.number().int().min(0),
  /** Complaints this user filed that a mentor did not show up. */
  noShowReports: z.number().int().min(0),
});
export type MenteeStats = z.infer<typeof MenteeStats>;

/**
 * Why the Slack app could not deliver a request to a user: reasons of the bot's own (`no_team_id`, `not_installed`,
 * `installation_revoked`, `team_access_revoked`, `user_deleted`) or the error Slack answered.
 */
export const SlackDeliveryFailureReason = z.enum([
  'no_team_id',
  'not_installed',
  'installation_revoked',
  'team_access_revoked',
  'user_deleted',
  'user_not_found',
  'user_disabled',
  'user_not_visible',
  'account_inactive',
  'channel_not_found',
  'is_archived',
]);
export type SlackDeliveryFailureReason = z.infer<typeof SlackDeliveryFailureReason>;

/** Slack cannot reach the user: they get their requests by email (and in the app) only, until it can again. */
export const SlackDelivery = z.object({
  status: z.literal('failing'),
  reason: SlackDeliveryFailureReason,
  /** What happened, for people: e.g. "users.info says U024BE7LH was deactivated". */
  detail: z.string(),
  /** The booking whose request could not be delivered last. */
  bookingId: z.string().nullable(),
  /** When it first failed for this reason. */
  since: Timestamp,
  /** When it failed last. */
  at: Timestamp,
});
export type SlackDelivery = z.infer<typeof SlackDelivery>;

export const PutSlackDeliveryBody = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('failing'),
    reason: SlackDeliveryFailureReason,
    detail: z.string().trim().min(1, 'must not be empty').max(500).optional(),
    bookingId: Id.optional(),
  }),
  z.strictObject({ status: z.literal('ok') }),
]);
export type PutSlackDeliveryBody = z.infer<typeof PutSlackDeliveryBody>;

export const User = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  photoUrl: z.string().nullable(),
  timezone: z.string(),
  slackUserId: z.string().nullable(),
  /**
   * The Slack workspace (`T…`) the user's `slackUserId` belongs to, or the organization (`E…`) of an org-wide
   * install: where the Slack app, installed in several workspaces, reaches them. Absent on profiles stored
   * before it existed, read as null.
   */
  slackTeamId: z.string().nullable().default(null),
  /**
   * Set by the Slack app when it could not reach the user in Slack (they left the workspace, the app was
   * removed): requests still reach them by email. Null when no failure is known, and for anyone but the user
   * and the platform. A new `slackUserId` or `slackTeamId` clears it.
   */
  slackDelivery: SlackDelivery.nullable().default(null),
  stats: MenteeStats,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type User = z.infer<typeof User>;

/**
 * What a list shows of a person: enough for a name and a photo. A booking list carries it for the people on the
 * caller's own bookings (`expand`), whom the caller may see anyway.
 */
export const UserSummary = User.pick({ id: true, name: true, photoUrl: true });
export type UserSummary = z.infer<typeof UserSummary>;

export const PutUserBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  email: z.email('must be an email address'),
  photoUrl: z.url('must be an http(s) URL').max(2048).nullish(),
  timezone: TimeZone,
  slackUserId: z
    .string()
    .regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U024BE7LH')
    .nullish(),
  /** Needed only when the Slack app is installed in several workspaces (OAuth): the user's workspace. */
  slackTeamId: SlackInstallationKey.nullish(),
  stats: z
    .strictObject({
      averageRatingGiven: z.number().min(1, 'must be from 1 to 5').max(5, 'must be from 1 to 5').nullish(),
      reviewsGiven: z.number().int().min(0).optional(),
      noShowReports: z.number().int().min(0).optional(),
    })
    .optional(),
});
export type PutUserBody = z.infer<typeof PutUserBody>;

const HHMM = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time of day as HH:MM, e.g. 09:00');

export const AvailabilityWindow = z
  .strictObject({
    /** 0 = Sunday … 6 = Saturday, in the mentor's time zone. */
    weekday: z
      .number()
      .int()
      .min(0, 'must be 0 (Sunday) to 6 (Saturday)')
      .max(6, 'must be 0 (Sunday) to 6 (Saturday)'),
    start: HHMM,
    end: HHMM,
  })
  .refine((w) => w.start < w.end, { message: 'end must be after start', path: ['end'] });
export type AvailabilityWindow = z.infer<typeof AvailabilityWindow>;

/**
 * One way of approving bookings automatically. A booking is approved at once when every condition of at least one
 * enabled rule set holds (and the mentor's calendar is free); a condition that is null does not apply, so a rule
 * set without conditions approves every booking.
 */
export const AutoApprovalRuleSet = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  /** The session starts at least this many hours after the booking is made. */
  minNoticeHours: z.number().nullable(),
  /**
   * A returning mentee: at least this many completed sessions with this mentor, and never reported absent from
   * one of them.
   */
  minCompletedSessions: z.number().int().nullable(),
  /** The booking's session type is one of these names (ignoring case); a booking without a type is none. */
  sessionTypes: z.array(z.string()).nullable(),
  /** The booking has none of these red flags. */
  noRedFlags: z.array(RedFlagCode).nullable(),
});
export type AutoApprovalRuleSet = z.infer<typeof AutoApprovalRuleSet>;

/** The rule set that approved a booking, as its history names it. */
export const AutoApprovalRuleRef = z.object({ id: z.string(), name: z.string() });
export type AutoApprovalRuleRef = z.infer<typeof AutoApprovalRuleRef>;

/** The rule set `autoApprove: true` adds when the mentor has no rule set without conditions. */
export const EVERY_BOOKING_RULE = { id: 'every_booking', name: 'Every booking' } as const;

export const MAX_AUTO_APPROVAL_RULES = 20;

const RuleSetId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -')
  .describe('Keep it to keep the rule set’s identity (bookings’ history names it); omit it for a new one.');

export const AutoApprovalRuleSetInput = z.strictObject({
  id: RuleSetId.optional(),
  name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  enabled: z.boolean().default(true),
  minNoticeHours: z
    .number()
    .min(0, 'must be from 0 to 8760 hours')
    .max(8760, 'must be from 0 to 8760 hours')
    .nullish(),
  minCompletedSessions: z
    .number()
    .int('must be a whole number of sessions')
    .min(1, 'must be from 1 to 1000 sessions')
    .max(1000, 'must be from 1 to 1000 sessions')
    .nullish(),
  sessionTypes: z
    .array(z.string().trim().min(1, 'must not be empty').max(100))
    .min(1, 'name at least one session type, or leave the condition out')
    .max(20, 'at most 20 session types')
    .nullish(),
  noRedFlags: z.array(RedFlagCode).min(1, 'name at least one red flag, or leave the condition out').nullish(),
});
export type AutoApprovalRuleSetInput = z.input<typeof AutoApprovalRuleSetInput>;

/** Whether a rule set has no condition, and so approves every booking. */
export function isUnconditional(rule: AutoApprovalRuleSet): boolean {
  return (
    rule.minNoticeHours === null &&
    rule.minCompletedSessions === null &&
    rule.sessionTypes === null &&
    rule.noRedFlags === null
  );
}

export const UserSettings = z.object({
  /**
   * Whether every booking is approved automatically: an enabled rule set without conditions exists. Setting it
   * true adds (or re-enables) such a rule set, false disables it; conditional rule sets are left as they are.
   */
  autoApprove: z.boolean(),
  /** The mentor's rule sets, in order; the first enabled one that matches a booking approves it. */
  autoApprovalRules: z.array(AutoApprovalRuleSet),
  /** Secret iCal feed (Google, Outlook, Apple) used to check the mentor's other commitments. */
  calendarFeedUrl: z.string().nullable(),
  /** Empty means "any time". */
  availability: z.array(AvailabilityWindow),
});
export type UserSettings = z.infer<typeof UserSettings>;

export const PatchSettingsBody = z
  .strictObject({
    autoApprove: z
      .boolean()
      .optional()
      .describe(
        'Shorthand for a rule set without conditions: true adds (or re-enables) one, so every booking is approved ' +
          'automatically; false disables it. Conditional rule sets are left alone. Not together with `autoApprovalRules`.',
      ),
    /** Replaces every rule set, in order. */
    autoApprovalRules: z
      .array(AutoApprovalRuleSetInput)
      .max(MAX_AUTO_APPROVAL_RULES, `at most ${MAX_AUTO_APPROVAL_RULES} rule sets`)
      .superRefine((rules, ctx) => {
        const seen = new Map<string, number>();
        rules.forEach((rule, i) => {
          if (rule.id === undefined) return;
          const first = seen.get(rule.id);
          if (first === undefined) seen.set(rule.id, i);
          else
            ctx.addIssue({
              code: 'custom',
              path: [i, 'id'],
              message: `repeats autoApprovalRules[${first}].id`,
            });
        });
      })
      .optional()
      .describe('Replaces every rule set, in order. Ids you keep keep their rule sets; new ones get an id.'),
    calendarFeedUrl: z
      .url({ protocol: /^(https?|webcal)$/, message: 'must be an http(s) or webcal URL' })
      .max(2048)
      .nullable()
      .optional(),
    availability: z.array(AvailabilityWindow).max(100).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.autoApprove !== undefined && body.autoApprovalRules !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['autoApprove'],
        message:
          'cannot be combined with autoApprovalRules: send the rule sets alone (a rule set without conditions approves every booking)',
      });
    }
  });
export type PatchSettingsBody = z.input<typeof PatchSettingsBody>;

export const Badge = z.enum(['new', 'none', 'bronze', 'silver', 'gold']);
export type Badge = z.infer<typeof Badge>;

export const MentorStats = z.object({
  /** approved / (approved + rejected + expired) over decided bookings; null before any decision. */
  approvalRate: z.number().min(0).max(1).nullable(),
  badge: Badge,
  decided: z.number().int().min(0),
  medianResponseMinutes: z.number().min(0).nullable(),
  answeredWithin24hRate: z.number().min(0).max(1).nullable(),
  /** Multiplier for search ranking, 1 = neutral; quick responders get more. */
  searchBoost: z.number().min(0),
  /** Sessions that took place (`completed`), of the bookings in the window. */
  completedSessions: z.number().int().min(0),
  /** Sessions the mentor was reported absent from (disputed reports aside). */
  mentorNoShows: z.number().int().min(0),
  /** Sessions the mentee was reported absent from (disputed reports aside). */
  menteeNoShows: z.number().int().min(0),
});
export type MentorStats = z.infer<typeof MentorStats>;
