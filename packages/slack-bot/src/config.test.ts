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
    loadConfig(env);
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
