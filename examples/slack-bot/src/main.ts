import { bookDemoSession, LOCAL_MENTOR_SLACK_ID, MENTOR_ID } from './demo';
import { describeSlackCall } from './describe-call';
import { reachable, startExample } from './stack';

const print = (line: string) => process.stderr.write(`${line}\n`);

try {
  const example = await startExample({ env: process.env, print });
  const { slack, bot, botUrl, sdk } = example;
  let watching: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    clearInterval(watching);
    example.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  print(
    `Slack bot on ${botUrl}: Slack requests on /slack/events, the platform's webhooks on /greenlight/webhooks`,
  );
  print(`  subscribed to the server's webhooks as ${bot.webhookEndpointId}`);
  if (slack) {
    print(`  local mode: no SLACK_BOT_TOKEN, so a fake Slack Web API on ${slack.url} takes the bot's calls`);
    // The fake records calls; show each new one as the mentor would see it in Slack.
    let shown = 0;
    watching = setInterval(() => {
      for (const call of slack.calls.slice(shown)) print(describeSlackCall(call).join('\n'));
      shown = slack.calls.length;
    }, 100);
  }
  const demoSlackUser = slack ? LOCAL_MENTOR_SLACK_ID : process.env.DEMO_SLACK_USER_ID;
  if (demoSlackUser) {
    const booking = await bookDemoSession(sdk, demoSlackUser);
    print(`\nBooked ${booking.id} for ${MENTOR_ID} (Slack ${demoSlackUser}); the card follows.`);
    print(`Approve it through the API and watch the card change:
  curl -X POST ${reachable(example.server.url)}/v1/bookings/${booking.id}/approve -H 'authorization: Bearer ${example.server.secrets.apiKey}' -H 'greenlight-actor: ${MENTOR_ID}'`);
  }
  print('Ctrl-C stops the bot and the server.');
} catch (error) {
  print(`slack-bot example: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
