import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackBot } from '../src/app';
import { WEBHOOK_PATH } from '../src/webhooks/route';
import { FakeSlack } from './fake-slack';
import { freePort, recordingLogger } from './stack';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await new FakeSlack().start();
});
afterAll(async () => {
  await slack.stop();
});

const common = {
  slackBotToken: 'xoxb-test',
  greenlight: { url: 'http://127.0.0.1:9', apiKey: 'gl_key' },
  webhookSecret: 'whsec-test',
};

describe('receiving modes', () => {
  it('HTTP mode needs the signing secret', () => {
    expect(() => createSlackBot({ ...common, logger: recordingLogger() })).toThrow(
      /signingSecret is required/,
    );
  });

  it('Socket Mode connects through SLACK_API_URL with the app token and still serves the platform’s webhooks', async () => {
    slack.script('apps.connections.open', { error: 'invalid_auth' });
    const port = await freePort();
    const bot = createSlackBot({
      ...common,
      appToken: 'xapp-test',
      slackApiUrl: slack.apiUrl,
      port,
      logger: recordingLogger(),
    });
    await expect(bot.start()).rejects.toThrow(/invalid_auth/);
    const open = slack.callsOf('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe('xapp-test');
    const unsigned = await fetch(`http://127.0.0.1:${port}${WEBHOOK_PATH}`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
    await bot.stop();
  });
});
