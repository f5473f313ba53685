import type { BookingMessage } from '@greenlight/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, BLOCKS, CALLBACKS, ELEMENTS } from '../src/views/ids';
import type { StoredMessage } from './fake-slack';
import { eventCallback } from './slack-requests';
import { eventually, type Stack, startStack } from './stack';
import { type Card, cardOf, click, MENTEE, MENTOR, requestBooking, seedUsers, send, submit } from './world';

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

/** The card's thread as the mentor sees it: every reply under it, oldest first. */
function thread(card: Card): StoredMessage[] {
  return [...stack.slack.messages.values()].filter(
    (m) => m.channel === card.channel && m.threadTs === card.ts,
  );
}

async function threadSays(card: Card, text: string): Promise<StoredMessage> {
  return stack.slack.waitFor(() =>
    thread(card).find((m) => `${m.text}\n${JSON.stringify(m.blocks)}`.includes(text)),
  );
}

/** The booking's conversation as the platform keeps it, oldest first. */
async function conversation(bookingId: string): Promise<BookingMessage[]> {
  const all = await stack.sdk.messages.list(bookingId, { limit: 100 }).toArray();
  return all.reverse();
}

let replies = 0;
/** The mentor (or `user`) replying in the card's thread, as Slack delivers it: a signed `message.im` event. */
function replyInThread(card: Card, text: string, extra: Record<string, unknown> = {}) {
  replies += 1;
  const ts = `1700009999.${String(replies).padStart(6, '0')}`;
  return send(
    stack,
    eventCallback(
      {
        type: 'message',
        channel: card.channel,
        channel_type: 'im',
        user: MENTOR.slack,
        text,
        ts,
        thread_ts: card.ts,
        event_ts: ts,
        ...extra,
      },
      `Ev_reply_${replies}`,
    ),
  );
}

describe('talking to the mentee from Slack', () => {
  it('the card’s Message button opens a form; sending writes to the mentee as the mentor and shows it in the thread', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const mark = stack.slack.calls.length;
    await click(stack, MENTOR.slack, card, `${ACTIONS.message}:`);
    const [opened] = await stack.slack.waitFor(() => {
      const calls = since(mark, 'views.open');
      return calls.length > 0 ? calls : undefined;
    });
    const modal = opened!.args.view as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe(CALLBACKS.message);

    const form = {
      user: MENTOR.slack,
      callbackId: CALLBACKS.message,
      privateMetadata: modal.private_metadata,
    };
    const values = (body: string) => ({
      [BLOCKS.messageBody]: { [ELEMENTS.messageBody]: { type: 'plain_text_input', value: body } },
    });
    const empty = await submit(stack, { ...form, values: values('   ') });
    expect((await empty.json()).errors[BLOCKS.messageBody]).toBe('Write something to send.');

    const sent = await submit(stack, { ...form, values: values('Could you tell me more about the role?') });
    expect(sent.status).toBe(200);
    const messages = await eventually(
      () => conversation(booking.id),
      (list) => list.length === 1,
    );
    expect(messages[0]).toMatchObject({
      from: 'mentor',
      authorId: MENTOR.id,
      channel: 'slack',
      body: 'Could you tell me more about the role?',
    });
    const shown = await threadSays(card, 'Could you tell me more about the role?');
    expect(shown.text).toMatch(/^You wrote/);
    expect(shown.broadcast).toBeUndefined();
  });

  it('the mentee’s messages come into the card’s thread, with the tone check, and notify the mentor', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    await stack.sdk.as(MENTEE.id).messages.post(booking.id, { body: 'Is <@U0ALL> Kubernetes in scope?' });
    const polite = await threadSays(card, 'Kubernetes');
    expect(polite.text).toContain('Ana López wrote');
    expect(polite.broadcast).toBe(true);
    // The mentee's text is escaped: it cannot mention anyone.
    expect(JSON.stringify(polite.blocks)).toContain('&lt;@U0ALL&gt; Kubernetes');

    await stack.sdk.as(MENTEE.id).messages.post(booking.id, { body: 'Answer me, you moron.' });
    const rude = await threadSays(card, 'Answer me');
    expect(JSON.stringify(rude.blocks)).toContain('m***n');
  });

  it('the mentor’s replies in the thread go to the mentee; the bot’s own posts there do not', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    await stack.sdk.as(MENTEE.id).messages.post(booking.id, { body: 'Should I bring my CV?' });
    await threadSays(card, 'Should I bring my CV?');

    const reply = await replyInThread(card, 'Yes &amp; your portfolio: <https://example.com/tips|my tips>');
    expect(reply.status).toBe(200);
    const messages = await eventually(
      () => conversation(booking.id),
      (list) => list.length === 2,
    );
    expect(messages[1]).toMatchObject({
      from: 'mentor',
      authorId: MENTOR.id,
      channel: 'slack',
      body: 'Yes & your portfolio: my tips (https://example.com/tips)',
    });

    // Slack delivers the bot's own thread posts and edits as message events too: none is a message to send.
    await replyInThread(card, 'Echo of a relayed message', { bot_id: 'B0BOT' });
    await replyInThread(card, 'edited', { subtype: 'message_changed' });
    await replyInThread(card, 'not in a thread', { thread_ts: undefined });
    // A reply written in Slack is not posted back into the thread by the webhook.
    await stack.sdk.as(MENTEE.id).messages.post(booking.id, { body: 'Great, thanks!' });
    await threadSays(card, 'Great, thanks!');
    expect((await conversation(booking.id)).map((m) => m.body)).toEqual([
      'Should I bring my CV?',
      'Yes & your portfolio: my tips (https://example.com/tips)',
      'Great, thanks!',
    ]);
    expect(thread(card).filter((m) => m.text.includes('my tips'))).toEqual([]);
  });

  it('a reply the platform refuses is not lost silently: the mentor is told why, in the thread', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    await stack.sdk.as(MENTOR.id).bookings.reject(booking.id, { reason: 'Outside my expertise, sorry' });
    const mark = stack.slack.calls.length;
    await replyInThread(card, 'One more thing');
    const [told] = await stack.slack.waitFor(() => {
      const calls = since(mark, 'chat.postEphemeral');
      return calls.length > 0 ? calls : undefined;
    });
    expect(told!.args).toMatchObject({ channel: card.channel, user: MENTOR.slack, thread_ts: card.ts });
    expect(String(told!.args.text)).toMatch(/^Not sent: this conversation is closed .*rejected/);
    expect(await conversation(booking.id)).toEqual([]);
  });

  it('what the mentor writes on the web shows in the thread too, marked as such', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const web = stack.sdk.as(MENTOR.id);
    await web.messages.post(booking.id, { body: 'Written in the dashboard' });
    // The platform key's own channel is api.
    const shown = await threadSays(card, 'Written in the dashboard');
    expect(shown.text).toMatch(/^You wrote through the platform/);
  });
});
