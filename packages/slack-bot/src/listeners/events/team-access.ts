import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { PlatformInstallations } from '../../installations';

type Args<E extends 'team_access_granted' | 'team_access_revoked'> = SlackEventMiddlewareArgs<E> &
  AllMiddlewareArgs;

/**
 * An org-wide install was granted or lost workspaces of its organization: kept on the installation in the
 * platform, so that every instance treats a mentor whose workspaces were all revoked like one without an install.
 */
export function teamAccess(installations: PlatformInstallations, access: 'granted' | 'revoked') {
  return async ({ event, context, logger }: Args<'team_access_granted' | 'team_access_revoked'>) => {
    const enterpriseId = context.enterpriseId;
    const teamIds = event.team_ids ?? [];
    if (!enterpriseId || teamIds.length === 0) {
      logger.warn(`team_access_${access} without an organization or workspaces; ignored`);
      return;
    }
    await installations.teamAccess(enterpriseId, teamIds, access);
    logger.info(`the Slack app's org-wide install in ${enterpriseId} was ${access} ${teamIds.join(', ')}`);
  };
}
