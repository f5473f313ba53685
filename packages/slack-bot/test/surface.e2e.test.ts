import { WebhookEventType } from '@greenlight/core/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_METADATA } from '../src/cards';
import { loadConfig } from '../src/config';
import { startSlackBot } from '../src/start';
import { ensureWebhookSubscription } from '../src/subscription';
import { ACTIONS } from '../src/views/ids';
import { blockActions } from './slack-requests';
import { API_KEY, eventually, freePort, recordingLogger, type Stack, startStack } from './stack';
import {
  button,
  cardOf,
  cardSays,
  command,
  deliverEvent,
  homeOpened,
  MENTOR,
  OTHER,
  requestBooking,
  seedUsers,
  send,
} from './world';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await seedUsers(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const since = (mark: number, method: string) =>
  stack.slack.calls.slice(mark).filter((c) => c.method === method);
const publishedFor = (mark: number, user: string) =>
  since(mark, 'views.publish').filter((c) => c.args.user_id === user);

describe('App Home', () => {
  it('shows pending requests with their buttons, upcoming sessions, stats, and toggles auto-approval', async () => {
    const pending = await requestBooking(stack);
    const upcoming = await requestBooking(stack);
    await stack.sdk.as(MENTOR.id).bookings.approve(upcoming.id);
    await cardOf(stack, pending.id);
    let mark = stack.slack.calls.length;
    await homeOpened(stack, MENTOR.slack, 'Ev_home_1');
    const [published] = await stack.slack.waitFor(() => {
      const calls = publishedFor(mark, MENTOR.slack);
      return calls.length > 0 ? calls : undefined;
    });
    const view = published!.args.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const json = JSON.stringify(view.blocks);
    expect(json).toContain(`${ACTIONS.approve}:${pending.id}`);
    expect(json).toContain('Upcoming sessions');
    expect(json).toContain('Auto-approval is off');
    expect(json).toContain('Approval rate');
    expect(view.blocks.length).toBeLessThanOrEqual(100);

    mark = stack.slack.calls.length;
    await send(
      stack,
      blockActions({
        user: MENTOR.slack,
        actionId: ACTIONS.autoApprove,
        value: 'on',
        responseUrl: stack.slack.responseUrl(),
      }),
    );
    await eventually(
      () => stack.sdk.users.settings.get(MENTOR.id),
      (s) => s.autoApprove,
    );
    const [republished] = await stack.slack.waitFor(() => {
      const calls = publishedFor(mark, MENTOR.slack);
      return calls.length > 0 ? calls : undefined;
    });
    expect(JSON.stringify(republished!.args.view)).toContain('Auto-approval is on');
    await stack.sdk.users.settings.update(MENTOR.id, { autoApprove: false });
  });

  it('lists the mentor’s rule sets in App Home, and each switch turns its rule set on or off', async () => {
    await stack.sdk.users.settings.update(MENTOR.id, {
      autoApprovalRules: [
        { id: 'ahead', name: 'Far ahead', minNoticeHours: 72 },
        { id: 'returning', name: 'Returning mentees', minCompletedSessions: 2, enabled: false },
      ],
    });
    let mark = stack.slack.calls.length;
    await homeOpened(stack, MENTOR.slack, 'Ev_home_rules');
    const [published] = await stack.slack.waitFor(() => {
      const calls = publishedFor(mark, MENTOR.slack);
      return calls.length > 0 ? calls : undefined;
    });
    const blocks = (published!.args.view as { blocks: unknown[] }).blocks;
    expect(JSON.stringify(blocks)).toContain('Returning mentees');
    const turnOn = button(blocks, `${ACTIONS.autoApprovalRule}:returning`);
    mark = stack.slack.calls.length;
    await send(
      stack,
      blockActions({
        user: MENTOR.slack,
        actionId: turnOn.action_id,
        value: turnOn.value!,
        responseUrl: stack.slack.responseUrl(),
      }),
    );
    const settings = await eventually(
      () => stack.sdk.users.settings.get(MENTOR.id),
      (s) => s.autoApprovalRules.every((r) => r.enabled),
    );
    expect(settings.autoApprovalRules.map((r) => [r.id, r.name, r.enabled])).toEqual([
      ['ahead', 'Far ahead', true],
      ['returning', 'Returning mentees', true],
    ]);
    expect(settings.autoApprovalRules[0]?.minNoticeHours).toBe(72);
    await stack.slack.waitFor(() => publishedFor(mark, MENTOR.slack).length > 0);
    await stack.sdk.users.settings.update(MENTOR.id, { autoApprovalRules: [] });
  });

  it('approving from App Home updates the DM card and the Home tab', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const mark = stack.slack.calls.length;
    await homeOpened(stack, MENTOR.slack, `Ev_home_${booking.id}`);
    const [published] = await stack.slack.waitFor(() => {
      const calls = publishedFor(mark, MENTOR.slack);
      return calls.length > 0 ? calls : undefined;
    });
    const element = button(
      (published!.args.view as { blocks: unknown[] }).blocks,
      `${ACTIONS.approve}:${booking.id}`,
    );
    await send(
      stack,
      blockActions({
        user: MENTOR.slack,
        actionId: element.action_id,
        value: element.value!,
        responseUrl: stack.slack.responseUrl(),
      }),
    );
    await eventually(
      () => stack.sdk.bookings.get(booking.id),
      (b) => b.status === 'approved',
    );
    await cardSays(stack, card, (text) => text.startsWith('Approved'));
    await stack.slack.waitFor(() => publishedFor(mark, MENTOR.slack).length >= 2);
  });

  it('tells a Slack user without a Greenlight profile how to get linked', async () => {
    const mark = stack.slack.calls.length;
    await homeOpened(stack, 'U0STRANGER', 'Ev_stranger');
    const [published] = await stack.slack.waitFor(() => {
      const calls = publishedFor(mark, 'U0STRANGER');
      return calls.length > 0 ? calls : undefined;
    });
    expect(JSON.stringify(published!.args.view)).toContain('not linked');
  });

  it('handles an event once when Slack retries it', async () => {
    const mark = stack.slack.calls.length;
    await homeOpened(stack, OTHER.slack, 'Ev_retried');
    await stack.slack.waitFor(() => publishedFor(mark, OTHER.slack).length === 1);
    await homeOpened(stack, OTHER.slack, 'Ev_retried', 1);
    await eventually(
      async () => stack.logger.lines.some((l) => l.text.includes('event:Ev_retried')),
      (seen) => seen,
    );
    // A later, distinct event is published: the retry in between was not.
    await homeOpened(stack, OTHER.slack, 'Ev_after_retry');
    await stack.slack.waitFor(() => publishedFor(mark, OTHER.slack).length >= 2);
    expect(publishedFor(mark, OTHER.slack)).toHaveLength(2);
  });
});

describe('/greenlight', () => {
  it('answers at once and then lists the pending requests, only to the user who asked', async () => {
    const booking = await requestBooking(stack);
    await cardOf(stack, booking.id);
    const response = await command(stack, MENTOR.slack, '', 'cmd-pending');
    expect(response.status).toBe(200);
    const reply = await stack.slack.waitFor(() =>
      stack.slack.callsOf('response_url').find((c) => JSON.stringify(c.args).includes('Pending requests')),
    );
    expect(reply.args.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.args.blocks)).toContain(`${ACTIONS.approve}:${booking.id}`);
  });

  it('shows settings with the auto-approval toggle', async () => {
    await command(stack, MENTOR.slack, 'settings', 'cmd-settings');
    const reply = await stack.slack.waitFor(() =>
      stack.slack
        .callsOf('response_url')
        .find((c) => JSON.stringify(c.args).includes('Your Greenlight settings')),
    );
    expect(JSON.stringify(reply.args.blocks)).toContain(ACTIONS.autoApprove);
  });

  it('answers help (and anything unknown) in the acknowledgement itself', async () => {
    const help = await (await command(stack, MENTOR.slack, 'help', 'cmd-help')).json();
    expect(help.response_type).toBe('ephemeral');
    expect(JSON.stringify(help.blocks)).toContain('/greenlight settings');
    const unknown = await (await command(stack, MENTOR.slack, 'frobnicate', 'cmd-unknown')).json();
    expect(unknown.text).toContain('Unknown option "frobnicate"');
  });

  it('tells an unlinked user', async () => {
    await command(stack, 'U0STRANGER', 'pending', 'cmd-stranger');
    const reply = await stack.slack.waitFor(() =>
      stack.slack.callsOf('response_url').find((c) => JSON.stringify(c.args).includes('not linked')),
    );
    expect(reply.args.response_type).toBe('ephemeral');
  });
});

describe('request signatures', () => {
  it('refuses a bad signature and a timestamp older than 5 minutes with 401, acting on nothing', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const element = button(card.message.blocks, `${ACTIONS.approve}:`);
    const payload = blockActions({
      user: MENTOR.slack,
      actionId: element.action_id,
      value: element.value!,
      message: { channel: card.channel, ts: card.ts },
      responseUrl: stack.slack.responseUrl(),
    });
    const mark = stack.slack.calls.length;
    expect((await send(stack, payload, { signature: `v0=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await send(stack, payload, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(
      401,
    );
    expect(stack.slack.calls.slice(mark)).toEqual([]);
    expect((await stack.sdk.bookings.get(booking.id)).status).toBe('pending');
  });
});

describe('platform webhooks', () => {
  it('refuses an event with a bad signature or an old timestamp', async () => {
    const booking = await requestBooking(stack);
    await cardOf(stack, booking.id);
    const mark = stack.slack.calls.length;
    expect(
      (await deliverEvent(stack, 'booking.response_due', booking, { secret: 'not-the-secret' })).status,
    ).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 10 * 60;
    expect((await deliverEvent(stack, 'booking.response_due', booking, { timestamp: old })).status).toBe(401);
    expect(stack.slack.calls.slice(mark)).toEqual([]);
  });

  it('handles a redelivered event once', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const mark = stack.slack.calls.length;
    const first = await deliverEvent(stack, 'booking.response_due', booking, { id: 'evt_dup_1' });
    const second = await deliverEvent(stack, 'booking.response_due', booking, { id: 'evt_dup_1' });
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    expect(await second.json()).toEqual({ received: true, duplicate: true });
    expect(since(mark, 'chat.postMessage').filter((c) => c.args.thread_ts === card.ts)).toHaveLength(1);
  });

  it('a redelivered booking.requested updates the card instead of posting a second one', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const mark = stack.slack.calls.length;
    const response = await deliverEvent(stack, 'booking.requested', booking, {
      id: `evt_again_${booking.id}`,
    });
    expect(response.status).toBe(200);
    expect(since(mark, 'chat.postMessage')).toHaveLength(0);
    expect(since(mark, 'chat.update').map((c) => c.args.ts)).toEqual([card.ts]);
  });
});

describe('when Slack’s API pushes back', () => {
  it('waits out a 429 (Retry-After) and then posts the card', async () => {
    stack.slack.script('chat.postMessage', { status: 429, retryAfter: 1 });
    const mark = stack.slack.calls.length;
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const posts = since(mark, 'chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(posts[0]!.args.text).toBe(posts[1]!.args.text);
    expect(card.message.text).toContain('New booking request');
  });

  it('answers 500 on a Slack error so the platform redelivers, then succeeds on the redelivery', async () => {
    const booking = await requestBooking(stack);
    await cardOf(stack, booking.id);
    stack.slack.script('chat.postMessage', { error: 'internal_error' });
    const failed = await deliverEvent(stack, 'booking.response_due', booking, { id: 'evt_flaky' });
    expect(failed.status).toBe(500);
    const retried = await deliverEvent(stack, 'booking.response_due', booking, { id: 'evt_flaky' });
    expect(await retried.json()).toEqual({ received: true, duplicate: false });
    expect((await stack.sdk.bookings.get(booking.id)).metadata[CARD_METADATA.ts]).toBeTruthy();
  });
});

describe('startSlackBot', () => {
  it('subscribes itself to every event (bookings, revoked installations) when only its public URL is configured', async () => {
    const port = await freePort();
    const running = await startSlackBot(
      loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-second',
        SLACK_SIGNING_SECRET: 'second-signing-secret',
        SLACK_API_URL: stack.slack.apiUrl,
        GREENLIGHT_URL: stack.server.url,
        GREENLIGHT_API_KEY: API_KEY,
        SLACK_BOT_PUBLIC_URL: `http://127.0.0.1:${port}`,
        PORT: String(port),
      }),
      recordingLogger(),
    );
    const url = `http://127.0.0.1:${port}/greenlight/webhooks`;
    try {
      expect(running.port).toBe(port);
      const endpoints = await stack.sdk.webhookEndpoints.list().toArray();
      const mine = endpoints.filter((e) => e.url === url);
      expect(mine.map((e) => e.id)).toEqual([running.webhookEndpointId]);
      expect(mine[0]!.events).toEqual([...WebhookEventType.options]);
      expect(mine[0]!.events).toContain('slack.installation_revoked');

      // Subscribing the same URL again replaces the endpoint (its secret is only shown at creation).
      const again = await ensureWebhookSubscription(stack.sdk, url);
      const after = (await stack.sdk.webhookEndpoints.list().toArray()).filter((e) => e.url === url);
      expect(after.map((e) => e.id)).toEqual([again.endpointId]);
      expect(again.secret).toBeTruthy();
    } finally {
      await running.bot.stop();
      for (const e of (await stack.sdk.webhookEndpoints.list().toArray()).filter((x) => x.url === url)) {
        await stack.sdk.webhookEndpoints.delete(e.id);
      }
    }
  });
});
