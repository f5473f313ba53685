import type { AllMiddlewareArgs, InstallationStore, SlackEventMiddlewareArgs } from '@slack/bolt';

type Args<E extends 'app_uninstalled' | 'tokens_revoked'> = SlackEventMiddlewareArgs<E> & AllMiddlewareArgs;

/** The workspace (or organization) a lifecycle event is about, as Bolt read it from the request. */
function queryOf(context: AllMiddlewareArgs['context']) {
  return {
    teamId: context.teamId,
    enterpriseId: context.enterpriseId,
    isEnterpriseInstall: context.isEnterpriseInstall ?? false,
  };
}

/** Removed from a workspace: its installation, and so its bot token, is forgotten. */
export function appUninstalled(store: InstallationStore) {
  return async ({ context, logger }: Args<'app_uninstalled'>): Promise<void> => {
    await store.deleteInstallation?.(queryOf(context) as Parameters<typeof store.fetchInstallation>[0]);
    logger.info(`the Slack app was uninstalled from ${context.enterpriseId ?? ''}${context.teamId ?? ''}`);
  };
}

/** The bot token was revoked (the bot left the workspace): the installation is useless now. */
export function tokensRevoked(store: InstallationStore) {
  return async ({ event, context, logger }: Args<'tokens_revoked'>): Promise<void> => {
    if ((event.tokens.bot ?? []).length === 0) return;
    await store.deleteInstallation?.(queryOf(context) as Parameters<typeof store.fetchInstallation>[0]);
    logger.info(
      `the Slack app's bot token was revoked in ${context.enterpriseId ?? ''}${context.teamId ?? ''}`,
    );
  };
}
