import type { App, InstallationStore } from '@slack/bolt';
import type { BotDeps } from '../context';
import { appHomeOpened } from './app-home-opened';
import { appUninstalled, tokensRevoked } from './uninstalled';

export function registerEvents(app: App, deps: BotDeps): void {
  app.event('app_home_opened', appHomeOpened(deps));
}

/** Installed in several workspaces: forgets a workspace's installation when the app leaves it. */
export function registerUninstallEvents(app: App, store: InstallationStore): void {
  app.event('app_uninstalled', appUninstalled(store));
  app.event('tokens_revoked', tokensRevoked(store));
}
