export {
  createSlackBot,
  SLACK_EVENTS_PATH,
  SLACK_INSTALL_PATH,
  SLACK_OAUTH_REDIRECT_PATH,
  type SlackBot,
  type SlackBotOptions,
  type SlackOAuthOptions,
} from './app';
export { CARD_METADATA, type CardRef, cardRefOf } from './cards';
export { ConfigError, loadConfig, type SlackBotConfig, type SlackOAuthConfig } from './config';
export {
  BOT_SCOPES,
  INSTALLATION_CACHE_MS,
  INSTALLATION_LOOKUP_TIMEOUT_MS,
  installationKeyOf,
  PlatformInstallations,
  platformInstallationStore,
  type SlackClients,
  singleWorkspace,
  WorkspaceClients,
} from './installations';
export { type RunningSlackBot, startSlackBot } from './start';
export { ensureWebhookSubscription, type WebhookSubscription } from './subscription';
export { helpMessage, pendingListMessage, settingsMessage } from './views/command';
export { homeView, unlinkedHomeView } from './views/home';
export { ACTIONS, BLOCKS, type BookingRef, CALLBACKS, decodeRef, encodeRef } from './views/ids';
export { SLACK_LIMITS } from './views/limits';
export { rejectModal, suggestModal } from './views/modals';
export type { SlackMessage } from './views/parts';
export { bookingCard, type CardInput, type CardNotice, supersededCard } from './views/pending-card';
export { reminderMessage } from './views/reminder';
export { WEBHOOK_PATH } from './webhooks/route';
