import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { mentorOverview, publishHome } from '../../home';
import { describeFailure, mentorForSlackUser } from '../../platform';
import { settingsMessage } from '../../views/command';
import { decodeRuleToggle } from '../../views/ids';
import type { BotDeps } from '../context';
import { tell, tellUnlinked } from '../context';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * The auto-approval switches (App Home and `/greenlight settings`): for every booking (`autoApprove`), or one rule
 * set (`rule`: its id and on or off). Always the clicking user's own settings.
 */
export function autoApproveListener(deps: BotDeps, switches: 'every_booking' | 'rule') {
  return async ({ ack, body, action, client, respond, logger }: Args): Promise<void> => {
    await ack();
    const slackUserId = body.user.id;
    const container = body.container as { type?: string; channel_id?: string };
    const channel = container.channel_id ?? null;
    try {
      const mentor = await mentorForSlackUser(deps.sdk, slackUserId);
      if (!mentor) return tellUnlinked(client, { slackUserId, channel });
      const settings = deps.sdk.as(mentor.id).users.settings;
      if (switches === 'every_booking') {
        await settings.update(mentor.id, { autoApprove: action.value === 'on' });
      } else {
        const flip = decodeRuleToggle(action.value);
        if (!flip) return;
        // The rule sets are replaced as a whole: the others go back as they are now, with their ids.
        const { autoApprovalRules } = await settings.get(mentor.id);
        if (!autoApprovalRules.some((r) => r.id === flip.ruleId)) return;
        await settings.update(mentor.id, {
          autoApprovalRules: autoApprovalRules.map((r) =>
            r.id === flip.ruleId ? { ...r, enabled: flip.on } : r,
          ),
        });
      }
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
