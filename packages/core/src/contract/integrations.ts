import * as z from 'zod';
import { Timestamp } from './primitives';

/**
 * What a Slack installation is stored under: the workspace's team id (`T…`), or the Enterprise Grid
 * organization's id (`E…`) for an org-wide install, as Bolt's `InstallationStore` looks installations up.
 */
export const SlackInstallationKey = z
  .string()
  .regex(
    /^[TE][A-Z0-9]{2,63}$/,
    'must be a Slack team id (T…) or, for an org-wide install, an enterprise id (E…)',
  );
export type SlackInstallationKey = z.infer<typeof SlackInstallationKey>;

const SlackIdentity = z.looseObject({ id: z.string().min(1) });

/**
 * Bolt's `Installation` object (`@slack/oauth`), kept verbatim: it holds the bot token. Only the fields that say
 * which workspace or organization it belongs to are checked; the rest is Slack's and Bolt's to define.
 */
export const SlackInstallationObject = z.looseObject({
  team: SlackIdentity.nullish(),
  enterprise: SlackIdentity.nullish(),
  isEnterpriseInstall: z.boolean().optional(),
});
export type SlackInstallationObject = z.infer<typeof SlackInstallationObject>;

const InstallationVersion = z
  .number()
  .int('must be a whole number (the installation’s `version`)')
  .min(1, 'must be 1 or more (the installation’s `version`)');

export const PutSlackInstallationBody = z.strictObject({
  installation: SlackInstallationObject,
  /**
   * Compare-and-set: store only if the installation is still at this version (a rotated token written by the
   * bot instance that claimed the refresh), else 409 `version_conflict` and nothing changes. Omit it to store a
   * new install, or a reinstall, whatever is stored.
   */
  expectedVersion: InstallationVersion.optional().describe(
    "Store only if the stored installation's `version` is still this one; otherwise 409 `version_conflict` " +
      'and nothing changes. Omit it to create or replace the installation.',
  ),
});
export type PutSlackInstallationBody = z.infer<typeof PutSlackInstallationBody>;

/** Why the app lost a workspace: Slack's `app_uninstalled` or `tokens_revoked` event. */
export const SlackRevocationReason = z.enum(['app_uninstalled', 'tokens_revoked']);
export type SlackRevocationReason = z.infer<typeof SlackRevocationReason>;

export const SlackRevocation = z.object({ reason: SlackRevocationReason, at: Timestamp });
export type SlackRevocation = z.infer<typeof SlackRevocation>;

/** What Slack last said about one workspace of an org-wide install (`team_access_granted` / `_revoked`). */
export const SlackTeamAccess = z.object({
  teamId: z.string(),
  access: z.enum(['granted', 'revoked']),
  at: Timestamp,
});
export type SlackTeamAccess = z.infer<typeof SlackTeamAccess>;

/** One stored installation of the Slack app. Its tokens are secrets: only the platform key reads them. */
export const SlackInstallation = z.object({
  key: SlackInstallationKey,
  /** The workspace; null for an org-wide install. */
  teamId: z.string().nullable(),
  /** The Enterprise Grid organization, when there is one. */
  enterpriseId: z.string().nullable(),
  /** Bolt's `Installation`; once revoked, without its tokens (Slack no longer accepts them). */
  installation: z.record(z.string(), z.unknown()),
  updatedAt: Timestamp,
  // The fields below have defaults so that clients read answers of servers from before they existed.
  /** Bumped by every write: what `expectedVersion` and refresh claims compare against. */
  version: z.number().int().min(1).default(1),
  /** `revoked` once the app was uninstalled or its tokens revoked; putting the installation again reactivates it. */
  status: z.enum(['active', 'revoked']).default('active'),
  revocation: SlackRevocation.nullable().default(null),
  /** When the bot token expires, for an app with token rotation (`installation.bot.expiresAt`); else null. */
  botTokenExpiresAt: Timestamp.nullable().default(null),
  /** While a bot instance refreshes the rotating token, until when its claim holds; else null. */
  refreshClaimedUntil: Timestamp.nullable().default(null),
  /**
   * Org-wide installs: the workspaces Slack said the app was granted or lost, by team id. A workspace not listed
   * is reachable; one whose access was revoked is not.
   */
  teams: z.array(SlackTeamAccess).default([]),
});
export type SlackInstallation = z.infer<typeof SlackInstallation>;

/** How long a refresh claim holds at most, in seconds: a refresh is one `oauth.v2.access` call. */
export const MAX_REFRESH_CLAIM_SECONDS = 300;

export const ClaimSlackTokenRefreshBody = z.strictObject({
  /** The version read: the claim is refused when the installation changed since, or another claim holds. */
  expectedVersion: InstallationVersion,
  seconds: z
    .number()
    .int(`must be a whole number of seconds from 1 to ${MAX_REFRESH_CLAIM_SECONDS}`)
    .min(1, `must be a whole number of seconds from 1 to ${MAX_REFRESH_CLAIM_SECONDS}`)
    .max(
      MAX_REFRESH_CLAIM_SECONDS,
      `must be a whole number of seconds from 1 to ${MAX_REFRESH_CLAIM_SECONDS}`,
    )
    .default(30),
});
export type ClaimSlackTokenRefreshBody = z.input<typeof ClaimSlackTokenRefreshBody>;

export const RevokeSlackInstallationBody = z.strictObject({ reason: SlackRevocationReason });
export type RevokeSlackInstallationBody = z.infer<typeof RevokeSlackInstallationBody>;

export const SlackTeamId = z.string().regex(/^T[A-Z0-9]{2,63}$/, 'must be a Slack team id (T…)');

export const SlackTeamAccessBody = z.strictObject({
  teamIds: z.array(SlackTeamId).min(1, 'name at least one workspace').max(1000),
  access: z.enum(['granted', 'revoked']),
});
export type SlackTeamAccessBody = z.infer<typeof SlackTeamAccessBody>;

/**
 * The key an installation belongs under: its organization for an org-wide install, else its workspace; null
 * when the installation does not say.
 */
export function slackInstallationKeyOf(installation: SlackInstallationObject): string | null {
  const id = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
  return id ?? null;
}
