/** The Slack app's OAuth credentials: it is installed in several workspaces, each install stored in the platform. */
export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth `state` parameter. */
  stateSecret: string;
}

/** The bot's settings, read from the environment by `loadConfig`. */
export interface SlackBotConfig {
  /** One workspace, one bot token; undefined when `oauth` is set. */
  slackBotToken: string | undefined;
  /** Several workspaces installed through OAuth (`SLACK_CLIENT_ID`, …, and no `SLACK_BOT_TOKEN`). */
  oauth?: SlackOAuthConfig | undefined;
  /** Required in HTTP mode; Socket Mode does not sign requests. */
  signingSecret: string | undefined;
  /** Set to run in Socket Mode (no public URL needed for Slack). */
  appToken: string | undefined;
  slackApiUrl: string;
  greenlight: { url: string; apiKey: string };
  /** Verifies the platform's webhooks; when absent, `publicUrl` lets the bot subscribe itself at start. */
  webhookSecret: string | undefined;
  /** Where the platform can reach this bot, e.g. `https://bot.example.com`; used to subscribe to webhooks. */
  publicUrl: string | undefined;
  port: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid Slack bot configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
const DEFAULT_PORT = 3000;

function httpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Reads and checks every variable at once, so one error lists everything that needs fixing, each by name.
 * Settings that are valid but probably not what was meant (e.g. `SLACK_BOT_TOKEN` beside `SLACK_CLIENT_ID`) are
 * told to `warn`, `console.warn` by default.
 */
export function loadConfig(
  env: Env = process.env,
  warn: (message: string) => void = (message) => console.warn(message),
): SlackBotConfig {
  const problems: string[] = [];
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const required = (name: string, what: string) => {
    const value = read(name);
    if (!value) problems.push(`${name} is required: ${what}`);
    return value ?? '';
  };

  const oauthNames = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
  const oauthValues = oauthNames.map(read);
  const oauthGiven = oauthNames.filter((_, i) => oauthValues[i] !== undefined);
  const botToken = read('SLACK_BOT_TOKEN');
  // OAuth only without a bot token: a deployment that has one keeps working as it did, whatever else is set.
  const oauthMode = botToken === undefined && oauthGiven.length > 0;
  if (botToken !== undefined && oauthGiven.length > 0) {
    warn(
      `Slack bot: running in one workspace with SLACK_BOT_TOKEN, because it is set; ${oauthGiven.join(', ')} ` +
        `${oauthGiven.length === 1 ? 'is' : 'are'} ignored. To install the app in several workspaces through OAuth, unset SLACK_BOT_TOKEN.`,
    );
  }
  const slackBotToken = oauthMode
    ? undefined
    : required(
        'SLACK_BOT_TOKEN',
        'the bot token (xoxb-…) from the Slack app’s OAuth & Permissions page (or, to install the app in several workspaces, SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET)',
      );
  if (slackBotToken && !slackBotToken.startsWith('xoxb-')) {
    problems.push('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
  }
  let oauth: SlackOAuthConfig | undefined;
  if (oauthMode) {
    for (const name of oauthNames.filter((n) => !oauthGiven.includes(n))) {
      problems.push(
        `${name} is required to install the app in several workspaces (set with ${oauthGiven.join(', ')}; or set SLACK_BOT_TOKEN for one workspace)`,
      );
    }
    const [clientId = '', clientSecret = '', stateSecret = ''] = oauthValues;
    if (clientId && !/^\d+\.\d+$/.test(clientId)) {
      problems.push(
        `SLACK_CLIENT_ID must be the app's Client ID from Basic Information, digits such as 1234567890.1234567890, got "${clientId}"`,
      );
    }
    if (stateSecret && stateSecret.length < 32) {
      problems.push(
        'SLACK_STATE_SECRET must be at least 32 characters: a random secret of your own that signs the OAuth state (e.g. openssl rand -hex 32)',
      );
    }
    oauth = { clientId, clientSecret, stateSecret };
  }
  const appToken = read('SLACK_APP_TOKEN');
  if (oauthMode && appToken) {
    problems.push(
      'SLACK_APP_TOKEN cannot be used with SLACK_CLIENT_ID: this bot serves the install and OAuth redirect pages in HTTP mode only (its choice, not a Slack limit); unset SLACK_APP_TOKEN and set SLACK_SIGNING_SECRET',
    );
  }
  if (appToken && !appToken.startsWith('xapp-')) {
    problems.push(
      'SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information → App-Level Tokens)',
    );
  }
  const signingSecret = read('SLACK_SIGNING_SECRET');
  if (!signingSecret && !appToken) {
    problems.push(
      'SLACK_SIGNING_SECRET is required in HTTP mode: the signing secret from the Slack app’s Basic Information page (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  const slackApiUrl = read('SLACK_API_URL') ?? DEFAULT_SLACK_API_URL;
  if (!httpUrl(slackApiUrl)) problems.push(`SLACK_API_URL must be an http(s) URL, got "${slackApiUrl}"`);

  const url = required('GREENLIGHT_URL', 'the Greenlight API base URL, e.g. https://greenlight.example.com');
  if (url && !httpUrl(url)) problems.push(`GREENLIGHT_URL must be an http(s) URL, got "${url}"`);
  const apiKey = required('GREENLIGHT_API_KEY', 'the platform API key the bot acts with');

  const webhookSecret = read('GREENLIGHT_WEBHOOK_SECRET');
  const publicUrl = read('SLACK_BOT_PUBLIC_URL');
  if (publicUrl && !httpUrl(publicUrl))
    problems.push(`SLACK_BOT_PUBLIC_URL must be an http(s) URL, got "${publicUrl}"`);
  if (!webhookSecret && !publicUrl) {
    problems.push(
      'GREENLIGHT_WEBHOOK_SECRET is required: the secret returned when the bot’s webhook endpoint was created (or set SLACK_BOT_PUBLIC_URL and the bot subscribes itself at start)',
    );
  }

  // SLACK_BOT_PORT wins so the bot can run beside the server, which reads PORT too.
  const portVariable = read('SLACK_BOT_PORT') === undefined ? 'PORT' : 'SLACK_BOT_PORT';
  const rawPort = read(portVariable);
  const port = rawPort === undefined ? DEFAULT_PORT : Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`${portVariable} must be a whole number from 0 to 65535, got "${rawPort}"`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    slackBotToken,
    ...(oauth ? { oauth } : {}),
    signingSecret,
    appToken,
    slackApiUrl: slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/`,
    greenlight: { url, apiKey },
    webhookSecret,
    publicUrl,
    port,
  };
}
