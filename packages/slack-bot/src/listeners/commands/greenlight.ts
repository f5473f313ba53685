import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { mentorOverview, pendingForMentor } from '../../home';
import { describeFailure, mentorForSlackUser } from '../../platform';
import {
  helpMessage,
  pendingListMessage,
  settingsMessage,
  textMessage,
  unlinkedMessage,
} from '../../views/command';
import type { SlackMessage } from '../../views/parts';
import type { BotDeps } from '../context';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const SUBCOMMANDS = new Set(['pending', 'settings', 'help']);

/** `/greenlight [pending|settings|help]`, answered only to the user who typed it. */
export function greenlightCommand(deps: BotDeps) {
  return async ({ ack, command, respond, logger }: Args): Promise<void> => {
    const sub = command.text.trim().split(/\s+/)[0]?.toLowerCase() || 'pending';
    if (sub === 'help' || !SUBCOMMANDS.has(sub)) {
      const help = helpMessage(command.command);
      const text = sub === 'help' ? help.text : `Unknown option "${sub}". ${help.text}`;
      await ack({ response_type: 'ephemeral', text, blocks: help.blocks });
      return;
    }
    // Answer Slack at once; the list follows through the response URL when the platform has answered.
    await ack();
    const reply = (message: SlackMessage) => respond({ response_type: 'ephemeral', ...message });
    try {
      const mentor = await mentorForSlackUser(deps.sdk, command.user_id);
      if (!mentor) return void (await reply(unlinkedMessage()));
      if (sub === 'settings') {
        await reply(settingsMessage(await mentorOverview(deps.sdk, mentor, command.user_id)));
        return;
      }
      const { pending, more } = await pendingForMentor(deps.sdk, mentor);
      await reply(pendingListMessage(pending, more, command.user_id));
    } catch (error) {
      logger.warn(`/greenlight ${sub} for ${command.user_id} failed`, error);
      await reply(textMessage(describeFailure(error, 'approve')));
    }
  };
}
