import type { App } from '@slack/bolt';
import { registerActions } from './actions';
import { registerCommands } from './commands';
import type { BotDeps } from './context';
import { registerEvents } from './events';
import { registerViews } from './views';

/** Every Slack callback the bot answers, one file each under actions/, commands/, events/ and views/. */
export function registerListeners(app: App, deps: BotDeps): void {
  registerActions(app, deps);
  registerViews(app, deps);
  registerCommands(app, deps);
  registerEvents(app, deps);
}
