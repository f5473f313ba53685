import type { App } from '@slack/bolt';
import type { BotDeps } from '../context';
import { appHomeOpened } from './app-home-opened';

export function registerEvents(app: App, deps: BotDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
}
