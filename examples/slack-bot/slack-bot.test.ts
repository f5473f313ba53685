import { silentLogger } from '@greenlight/server';
import { ACTIONS, CARD_METADATA, SLACK_EVENTS_PATH } from '@greenlight/slack-bot';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeSlack } from '../../packages/slack-bot/test/fake-slack';
import { limitViolations } from '../../packages/slack-bot/test/slack-limits';
import { blockActions, sendToSlackEndpoint } from '../../packages/slack-bot/test/slack-requests';
import { eventually, freePort, recordingLogger } from '../../packages/slack-bot/test/stack';
import { button } from '../../packages/slack-bot/test/world';
import { bookDemoSession, LOCAL_MENTOR_SLACK_ID } from './src/demo';
import { describeSlackCall } from './src/describe-call';
import { type RunningExample, startExample } from './src/stack';

let example: RunningExample;
let slack: FakeSlack;

beforeAll(async () => {
  example = await startExample({
    // No SLACK_BOT_TOKEN: local mode, with the fake Slack Web API.
    env: {
      PORT: '0',
      SLACK_BOT_PORT: String(await freePort()),
      GREENLIGHT_API_KEY: 'slack-example-platform-key-0123456789',
      GREENLIGHT_JWT_SECRET: 'slack-example-jwt-secret-0123456789abcdef',
    },
    print: () => {},
    server: { logger: silentLogger, workerIntervalMs: 20 },
    botLogger: recordingLogger(),
  });
  slack = example.slack!;
});

afterAll(() => example?.stop());

it('DMs the linked mentor the pending card when a session is booked, through the platform’s webhook', async () => {
  const booking = await bookDemoSession(example.sdk, LOCAL_MENTOR_SLACK_ID);

  const post = await slack.waitFor(() =>
    slack.callsOf('chat.postMessage').find((c) => JSON.stringify(c.args.blocks).includes(booking.id)),
  );
  expect(slack.callsOf('conversations.open')[0]?.args.users).toBe(LOCAL_MENTOR_SLACK_ID);
  expect(post.args.channel).toBe('D0MIA');
  const blocks = post.args.blocks as unknown[];
  expect(limitViolations(blocks, 50)).toEqual([]);
  for (const action of [ACTIONS.approve, ACTIONS.reject, ACTIONS.suggest]) {
    expect(button(blocks, `${action}:${booking.id}`)).toBeDefined();
  }
  const shown = describeSlackCall(post).join('\n');
  expect(shown).toContain('New booking request from Noah Carter');
  expect(shown).toContain('$120.00');
  expect(shown).toContain('[Approve] [Reject] [Suggest another time]');

  // The bot keeps the card's address in the booking, not in memory of its own.
  const stored = await eventually(
    () => example.sdk.bookings.get(booking.id),
    (b) => Boolean(b.metadata[CARD_METADATA.ts]),
  );
  expect(stored.metadata[CARD_METADATA.channel]).toBe('D0MIA');
});

it('approves from the card: a signed click reaches the bot, which approves as the mentor and updates the card', async () => {
  const booking = await bookDemoSession(example.sdk, LOCAL_MENTOR_SLACK_ID);
  const { metadata } = await eventually(
    () => example.sdk.bookings.get(booking.id),
    (b) => Boolean(b.metadata[CARD_METADATA.ts]),
  );
  const channel = metadata[CARD_METADATA.channel]!;
  const ts = metadata[CARD_METADATA.ts]!;
  const approve = button(slack.message(channel, ts)!.blocks, `${ACTIONS.approve}:${booking.id}`);

  const response = await sendToSlackEndpoint(
    `${example.botUrl}${SLACK_EVENTS_PATH}`,
    blockActions({
      user: LOCAL_MENTOR_SLACK_ID,
      actionId: approve.action_id,
      ...(approve.value === undefined ? {} : { value: approve.value }),
      message: { channel, ts },
      responseUrl: slack.responseUrl(),
    }),
    { secret: example.signingSecret },
  );
  expect(response.status).toBe(200);

  const approved = await eventually(
    () => example.sdk.bookings.get(booking.id),
    (b) => b.meeting?.status === 'ready',
  );
  expect(approved.history.find((h) => h.event === 'approved')?.actor).toBe('usr_mia');
  // The meeting-ready webhook turns the card into the outcome, with the join link.
  const card = await slack.waitFor(() => {
    const message = slack.message(channel, ts);
    return JSON.stringify(message?.blocks ?? []).includes(approved.meeting!.joinUrl!) ? message : undefined;
  });
  expect(card.text).toContain('Approved');
});
