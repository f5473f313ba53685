import * as z from 'zod';
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

export const UserSettings = z.object({
  autoApprove: z.boolean(),
  /** Secret iCal feed (Google, Outlook, Apple) used to check the mentor's other commitments. */
  calendarFeedUrl: z.string().nullable(),
  /** Empty means "any time". */
  availability: z.array(AvailabilityWindow),
});
export type UserSettings = z.infer<typeof UserSettings>;

export const PatchSettingsBody = z.strictObject({
  autoApprove: z.boolean().optional(),
  calendarFeedUrl: z
    .url({ protocol: /^(https?|webcal)$/, message: 'must be an http(s) or webcal URL' })
    .max(2048)
    .nullable()
    .optional(),
  availability: z.array(AvailabilityWindow).max(100).optional(),
});
export type PatchSettingsBody = z.infer<typeof PatchSettingsBody>;

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
});
export type MentorStats = z.infer<typeof MentorStats>;
