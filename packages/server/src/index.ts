export { type AppOptions, createApp, type GreenlightApp } from './app';
export { type Config, ConfigError, DEFAULT_DATABASE_URL, type Env, loadConfig } from './config';
export { DEMO_MENTEE, DEMO_MENTOR, DEMO_USERS } from './demo/people';
export { type AuthConfig, mintUserToken, type Principal } from './http/auth';
export { DEFAULT_MAX_BODY_BYTES } from './http/body';
export { createIcsLinks, type IcsLinks, type IcsLinksOptions } from './http/ics-links';
export { createJsonLogger, type Logger, type LogLevel, silentLogger } from './http/logger';
export { LogEmailNotifier } from './log-notifier';
export { type DemoSignIn, WEB_APP_CSP, type WebAppOptions } from './routes/web-app';
export {
  type RunningServer,
  type RunningWorker,
  type StartOptions,
  startServer,
  startWorker,
} from './runner';
export { createRuntime, ensureWebhookEndpoint, type Runtime, type RuntimeOptions } from './runtime';
export { deriveLinkSecret, resolveSecrets, type Secrets } from './secrets';
export { loadWebAppAssets, type WebAppAssets, type WebAsset, webAppDir } from './web-app/assets';
