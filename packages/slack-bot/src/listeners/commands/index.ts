import type { App } from '@slack/bolt';
import type { BotDeps } from '../context';
import { greenlightCommand } from './greenlight';

export const SLASH_COMMAND = '/greenlight';

export function registerCommands(app: App, deps: BotDeps): void {
  app.command(SLASH_COMMAND, greenlightCommand(deps));
}
