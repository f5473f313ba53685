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

export const PutSlackInstallationBody = z.strictObject({
  installation: SlackInstallationObject,
});
export type PutSlackInstallationBody = z.infer<typeof PutSlackInstallationBody>;

/** One stored installation of the Slack app. Its tokens are secrets: only the platform key reads them. */
export const SlackInstallation = z.object({
  key: SlackInstallationKey,
  /** The workspace; null for an org-wide install. */
  teamId: z.string().nullable(),
  /** The Enterprise Grid organization, when there is one. */
  enterpriseId: z.string().nullable(),
  installation: z.record(z.string(), z.unknown()),
  updatedAt: Timestamp,
});
export type SlackInstallation = z.infer<typeof SlackInstallation>;

/**
 * The key an installation belongs under: its organization for an org-wide install, else its workspace; null
 * when the installation does not say.
 */
export function slackInstallationKeyOf(installation: SlackInstallationObject): string | null {
  const id = installation.isEnterpriseInstall ? installation.enterprise?.id : installation.team?.id;
  return id ?? null;
}
