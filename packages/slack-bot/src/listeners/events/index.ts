import type { App } from '@slack/bolt';
import type { PlatformInstallations } from '../../installations';
import type { BotDeps } from '../context';
import { appHomeOpened } from './app-home-opened';
import { teamAccess } from './team-access';
import { threadReply } from './thread-reply';
import { appUninstalled, tokensRevoked } from './uninstalled';

export function registerEvents(app: App, deps: BotDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
  app.event('message', threadReply(deps));
}

/** Installed in several workspaces: keeps the platform's installations in step with what Slack says. */
export function registerInstallationEvents(app: App, installations: PlatformInstallations): void {
  app.event('app_uninstalled', appUninstalled(installations));
  app.event('tokens_revoked', tokensRevoked(installations));
  app.event('team_access_granted', teamAccess(installations, 'granted'));
  app.event('team_access_revoked', teamAccess(installations, 'revoked'));
}
