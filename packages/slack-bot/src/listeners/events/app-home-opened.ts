import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { publishHome } from '../../home';
import type { BotDeps } from '../context';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** Draws the Home tab each time it is opened, from the platform's current state. */
export function appHomeOpened(deps: BotDeps) {
  return async ({ event, client }: Args): Promise<void> => {
    if (event.tab !== 'home') return;
    await publishHome(deps.sdk, client, event.user);
  };
}
