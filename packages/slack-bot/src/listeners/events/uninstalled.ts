import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { PlatformInstallations } from '../../installations';
import { installationKeyOf } from '../../installations';

type Args<E extends 'app_uninstalled' | 'tokens_revoked'> = SlackEventMiddlewareArgs<E> & AllMiddlewareArgs;

/** The workspace (or organization) a lifecycle event is about, as Bolt read it from the request. */
function keyOf(context: AllMiddlewareArgs['context']): string {
  return installationKeyOf({
    teamId: context.teamId,
    enterpriseId: context.enterpriseId,
    isEnterpriseInstall: context.isEnterpriseInstall ?? false,
  });
}

/**
 * The installation is marked revoked rather than deleted: the platform keeps when and why (and tells its webhook
 * subscribers, `slack.installation_revoked`), its tokens are dropped, and every instance then treats the workspace
 * as not installed; a reinstall makes it active again.
 */
async function revoke(
  installations: PlatformInstallations,
  context: AllMiddlewareArgs['context'],
  reason: 'app_uninstalled' | 'tokens_revoked',
  logger: AllMiddlewareArgs['logger'],
): Promise<void> {
  const key = keyOf(context);
  const revoked = await installations.revoke(key, reason);
  logger.info(
    revoked
      ? `the Slack app's installation in ${key} is revoked (${reason}); its mentors get their requests by email only`
      : `${reason} for ${key}, which has no stored installation`,
  );
}

/** Removed from a workspace: no more cards there. */
export function appUninstalled(installations: PlatformInstallations) {
  return async ({ context, logger }: Args<'app_uninstalled'>): Promise<void> => {
    await revoke(installations, context, 'app_uninstalled', logger);
  };
}

/** The bot token was revoked (the bot left the workspace): the installation is useless now. */
export function tokensRevoked(installations: PlatformInstallations) {
  return async ({ event, context, logger }: Args<'tokens_revoked'>): Promise<void> => {
    if ((event.tokens.bot ?? []).length === 0) return;
    await revoke(installations, context, 'tokens_revoked', logger);
  };
}
