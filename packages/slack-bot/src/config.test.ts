import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const valid = {
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'shh',
  GREENLIGHT_URL: 'http://127.0.0.1:8080',
  GREENLIGHT_API_KEY: 'gl_key',
  GREENLIGHT_WEBHOOK_SECRET: 'whsec',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, () => {});
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('reads HTTP mode with Slack’s API URL and port 3000 by default', () => {
    expect(loadConfig(valid)).toEqual({
      slackBotToken: 'xoxb-1',
      signingSecret: 'shh',
      appToken: undefined,
      slackApiUrl: 'https://slack.com/api/',
      greenlight: { url: 'http://127.0.0.1:8080', apiKey: 'gl_key' },
      webhookSecret: 'whsec',
      publicUrl: undefined,
      port: 3000,
    });
  });

  it('takes SLACK_API_URL (adding the trailing slash the Web API client needs) and PORT', () => {
    const config = loadConfig({ ...valid, SLACK_API_URL: 'http://127.0.0.1:9999/api', PORT: '8081' });
    expect(config.slackApiUrl).toBe('http://127.0.0.1:9999/api/');
    expect(config.port).toBe(8081);
  });

  it('prefers SLACK_BOT_PORT over PORT, for running beside the server', () => {
    expect(loadConfig({ ...valid, PORT: '8080', SLACK_BOT_PORT: '3001' }).port).toBe(3001);
    expect(problemsOf({ ...valid, SLACK_BOT_PORT: '-1' })).toEqual([
      'SLACK_BOT_PORT must be a whole number from 0 to 65535, got "-1"',
    ]);
  });

  it('names every missing variable at once', () => {
    const problems = problemsOf({});
    for (const name of [
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'GREENLIGHT_URL',
      'GREENLIGHT_API_KEY',
      'GREENLIGHT_WEBHOOK_SECRET',
    ]) {
      expect(problems.some((p) => p.startsWith(`${name} `))).toBe(true);
    }
  });

  it('Socket Mode needs no signing secret; a public URL replaces the webhook secret', () => {
    const { SLACK_SIGNING_SECRET: _s, GREENLIGHT_WEBHOOK_SECRET: _w, ...rest } = valid;
    const config = loadConfig({
      ...rest,
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_BOT_PUBLIC_URL: 'https://bot.example.com',
    });
    expect(config.appToken).toBe('xapp-1');
    expect(config.publicUrl).toBe('https://bot.example.com');
  });

  describe('installing in several workspaces (OAuth)', () => {
    const { SLACK_BOT_TOKEN: _t, ...withoutToken } = valid;
    const oauth = {
      ...withoutToken,
      SLACK_CLIENT_ID: '1111111111.2222222222',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'a-state-secret-of-at-least-32-characters',
    };

    it('turns on with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET and no bot token', () => {
      const config = loadConfig(oauth);
      expect(config.slackBotToken).toBeUndefined();
      expect(config.oauth).toEqual({
        clientId: '1111111111.2222222222',
        clientSecret: 'client-secret',
        stateSecret: 'a-state-secret-of-at-least-32-characters',
      });
    });

    it('stays off while SLACK_BOT_TOKEN is set: one workspace, as before, with a warning saying so and why', () => {
      const warnings: string[] = [];
      const warn = (message: string) => warnings.push(message);
      const config = loadConfig({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' }, warn);
      expect(config.slackBotToken).toBe('xoxb-1');
      expect(config.oauth).toBeUndefined();
      expect(warnings).toEqual([
        'Slack bot: running in one workspace with SLACK_BOT_TOKEN, because it is set; SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET are ignored. To install the app in several workspaces through OAuth, unset SLACK_BOT_TOKEN.',
      ]);

      warnings.length = 0;
      expect(loadConfig({ ...valid, SLACK_CLIENT_ID: '1111111111.2222222222' }, warn).oauth).toBeUndefined();
      expect(warnings).toEqual([expect.stringContaining('; SLACK_CLIENT_ID is ignored.')]);

      warnings.length = 0;
      expect(loadConfig(valid, warn).oauth).toBeUndefined();
      expect(loadConfig(oauth, warn).oauth).toBeDefined();
      expect(warnings).toEqual([]);
    });

    it('names the OAuth variables still missing when only some are set', () => {
      const { SLACK_CLIENT_SECRET: _c, SLACK_STATE_SECRET: _s, ...partial } = oauth;
      expect(problemsOf(partial)).toEqual([
        'SLACK_CLIENT_SECRET is required to install the app in several workspaces (set with SLACK_CLIENT_ID; or set SLACK_BOT_TOKEN for one workspace)',
        'SLACK_STATE_SECRET is required to install the app in several workspaces (set with SLACK_CLIENT_ID; or set SLACK_BOT_TOKEN for one workspace)',
      ]);
    });

    it('mentions the OAuth variables when neither a bot token nor them are set', () => {
      expect(problemsOf(withoutToken)).toEqual([
        expect.stringMatching(
          /^SLACK_BOT_TOKEN is required: .*SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET/,
        ),
      ]);
    });

    it('refuses a malformed client id, a short state secret, and Socket Mode', () => {
      expect(
        problemsOf({
          ...oauth,
          SLACK_CLIENT_ID: 'abc',
          SLACK_STATE_SECRET: 'short',
          SLACK_APP_TOKEN: 'xapp-1',
        }),
      ).toEqual([
        expect.stringMatching(/^SLACK_CLIENT_ID must be the app's Client ID .*got "abc"$/),
        expect.stringMatching(/^SLACK_STATE_SECRET must be at least 32 characters/),
        expect.stringMatching(/^SLACK_APP_TOKEN cannot be used with SLACK_CLIENT_ID: .*HTTP mode/),
      ]);
    });

    it('needs the signing secret, as HTTP mode does', () => {
      const { SLACK_SIGNING_SECRET: _s, ...unsigned } = oauth;
      expect(problemsOf(unsigned)).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET is required/)]);
    });
  });

  it('rejects malformed values, naming the variable and what is allowed', () => {
    const problems = problemsOf({
      ...valid,
      SLACK_BOT_TOKEN: 'xoxp-user',
      SLACK_APP_TOKEN: 'nope',
      GREENLIGHT_URL: 'ftp://x',
      PORT: 'eighty',
    });
    expect(problems).toEqual([
      'SLACK_BOT_TOKEN must be a bot token starting with xoxb-',
      expect.stringMatching(/^SLACK_APP_TOKEN must be an app-level token/),
      'GREENLIGHT_URL must be an http(s) URL, got "ftp://x"',
      'PORT must be a whole number from 0 to 65535, got "eighty"',
    ]);
  });
});
