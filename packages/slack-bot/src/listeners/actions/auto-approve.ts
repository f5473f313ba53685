import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { mentorOverview, publishHome } from '../../home';
import { describeFailure, mentorForSlackUser } from '../../platform';
import { settingsMessage } from '../../views/command';
import type { BotDeps } from '../context';
import { tell, tellUnlinked } from '../context';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The auto-approval toggle (App Home and `/greenlight settings`): always the clicking user's own setting. */
export function autoApproveListener(deps: BotDeps) {
  return async ({ ack, body, action, client, respond, logger }: Args): Promise<void> => {
    await ack();
    const slackUserId = body.user.id;
    const container = body.container as { type?: string; channel_id?: string };
    const channel = container.channel_id ?? null;
    try {
      const mentor = await mentorForSlackUser(deps.sdk, slackUserId);
      if (!mentor) return tellUnlinked(client, { slackUserId, channel });
      await deps.sdk.as(mentor.id).users.settings.update(mentor.id, { autoApprove: action.value === 'on' });
      if (container.type === 'view') {
        await publishHome(deps.sdk, client, slackUserId);
      } else {
        const message = settingsMessage(await mentorOverview(deps.sdk, mentor, slackUserId));
        await respond({ replace_original: true, response_type: 'ephemeral', ...message });
      }
    } catch (error) {
      logger.warn(`auto-approval toggle by ${slackUserId} failed`, error);
      await tell(
        client,
        slackUserId,
        channel,
        `Auto-approval may not have changed: ${describeFailure(error, 'approve')}`,
      );
    }
  };
}
