import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermissionError } from '@greenlight/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_METADATA } from '../src/cards';
import { ACTIONS, BLOCKS, CALLBACKS, ELEMENTS, SUGGEST_ANYWAY } from '../src/views/ids';
import { blockActions } from './slack-requests';
import { drained, eventually, type Stack, startStack } from './stack';
import {
  button,
  cardOf,
  cardSays,
  click,
  deliverEvent,
  historyEvents,
  MENTEE,
  MENTOR,
  nextStart,
  OTHER,
  requestBooking,
  seedUsers,
  send,
  submit,
} from './world';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await seedUsers(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const approve = `${ACTIONS.approve}:`;
const reject = `${ACTIONS.reject}:`;
const suggest = `${ACTIONS.suggest}:`;
const since = (mark: number, method: string) =>
  stack.slack.calls.slice(mark).filter((c) => c.method === method);

/**
 * A mentor whose iCal feed, served from loopback, has one busy event from 15 to 45 minutes after `busyStart`.
 * The same feed under `/slow/` answers after `SLOW_FEED_MS`. Returns the feed's server, to close after the tests.
 */
async function busyMentor(
  mentor: { id: string; slack: string; name: string },
  busyStart: Date,
  summary: string,
): Promise<Server> {
  const stamp = (d: Date) =>
    d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    `UID:${mentor.id}@test`,
    `DTSTAMP:${stamp(new Date())}`,
    `DTSTART:${stamp(new Date(busyStart.getTime() + 15 * 60_000))}`,
    `DTEND:${stamp(new Date(busyStart.getTime() + 45 * 60_000))}`,
    `SUMMARY:${summary}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const feed = createServer((req, res) => {
    const delay = req.url?.startsWith('/slow/') ? SLOW_FEED_MS : 0;
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/calendar' }).end(ics), delay);
  });
  feed.listen(0, '127.0.0.1');
  await once(feed, 'listening');
  const { port } = feed.address() as AddressInfo;
  await stack.sdk.users.put(mentor.id, {
    name: mentor.name,
    email: `${mentor.id}@example.com`,
    timezone: 'Europe/Paris',
    slackUserId: mentor.slack,
  });
  await stack.sdk.users.settings.update(mentor.id, { calendarFeedUrl: `http://127.0.0.1:${port}/feed.ics` });
  return feed;
}

/** Longer than the bot's 2 s budget for answering a modal submission (Slack allows 3 s). */
const SLOW_FEED_MS = 2_300;

async function closeFeed(feed: Server | undefined): Promise<void> {
  feed?.closeAllConnections();
  await new Promise<void>((resolve) => (feed ? feed.close(() => resolve()) : resolve()));
}

describe('the pending card', () => {
  it('DMs the mentor everything needed to decide and keeps the card’s address in the booking', async () => {
    const mark = stack.slack.calls.length;
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    expect(since(mark, 'conversations.open').map((c) => c.args.users)).toContain(MENTOR.slack);
    expect(card.channel).toBe(MENTOR.dm);
    const json = JSON.stringify(card.message.blocks);
    for (const expected of [
      'Ana López',
      'https://example.com/ana.png',
      'Portfolio review',
      '$45.00',
      'my portfolio',
      '<!date^',
      'Respond by',
    ]) {
      expect(json).toContain(expected);
    }
    const stored = await stack.sdk.bookings.get(booking.id);
    expect(stored.metadata).toMatchObject({
      [CARD_METADATA.user]: MENTOR.slack,
      [CARD_METADATA.start]: booking.start,
    });
  });

  it('keeps its address out of the mentee’s reach: their metadata write is refused and changes nothing', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const before = await stack.sdk.bookings.get(booking.id);
    const error = await stack.sdk
      .as(MENTEE.id)
      .bookings.update(booking.id, { metadata: { [CARD_METADATA.channel]: 'D0ATTACKER' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    const after = await stack.sdk.bookings.get(booking.id);
    expect(after.metadata).toEqual(before.metadata);
    expect(after.metadata[CARD_METADATA.channel]).toBe(card.channel);
  });
});

describe('Approve', () => {
  it('approves as the mentor and turns the card into the outcome, then adds the meeting link', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const response = await click(stack, MENTOR.slack, card, approve);
    expect(response.status).toBe(200);
    const approved = await eventually(
      () => stack.sdk.bookings.get(booking.id),
      (b) => b.status === 'approved',
    );
    expect(approved.history.find((h) => h.event === 'approved')).toMatchObject({
      actor: MENTOR.id,
      channel: 'slack',
    });
    const ready = await cardSays(stack, card, (text) => text.includes('Join meeting'));
    expect(ready.text).toMatch(/^Approved/);
    const urls = JSON.stringify(ready.blocks);
    expect(urls).toContain('calendar.google.com');
    expect(urls).toContain('calendar.yahoo.com');
    expect(urls).toContain('outlook');
    expect(JSON.stringify(ready.blocks)).not.toContain(approve);
  });

  it('turns away anyone but the mentor with an ephemeral note, changing nothing', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const mark = stack.slack.calls.length;
    expect((await click(stack, OTHER.slack, card, approve)).status).toBe(200);
    const notes = await stack.slack.waitFor(() => {
      const found = since(mark, 'chat.postEphemeral');
      return found.length > 0 ? found : undefined;
    });
    expect(notes).toHaveLength(1);
    expect(notes[0]!.args).toMatchObject({ user: OTHER.slack, channel: MENTOR.dm });
    expect(String(notes[0]!.args.text)).toContain(`<@${MENTOR.slack}>`);
    expect((await stack.sdk.bookings.get(booking.id)).status).toBe('pending');
    expect(since(mark, 'chat.update')).toHaveLength(0);
  });

  it('a double click approves once and shows one outcome', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const original = card.message.blocks;
    const mark = stack.slack.calls.length;
    const [first, second] = await Promise.all([
      click(stack, MENTOR.slack, card, approve),
      click(stack, MENTOR.slack, card, approve),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await cardSays(stack, card, (text) => text.startsWith('Approved'));
    // A third click after the outcome replays the same request: still one approval, no error shown.
    const mark2 = stack.slack.calls.length;
    await click(stack, MENTOR.slack, card, approve, {}, original);
    await stack.slack.waitFor(() => since(mark2, 'chat.update').length > 0);
    const after = await eventually(
      () => stack.sdk.bookings.get(booking.id),
      (b) => b.status === 'approved',
    );
    expect(historyEvents(after, 'approved')).toBe(1);
    expect(since(mark, 'chat.postEphemeral')).toHaveLength(0);
  });

  it('ignores Slack’s retry of a click it already handled', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const element = button(card.message.blocks, approve);
    const payload = blockActions({
      user: MENTOR.slack,
      actionId: element.action_id,
      value: element.value!,
      message: { channel: card.channel, ts: card.ts },
      responseUrl: stack.slack.responseUrl(),
      triggerId: `retry-${booking.id}`,
    });
    expect((await send(stack, payload)).status).toBe(200);
    await cardSays(stack, card, (text) => text.includes('Join meeting'));
    // The approval's own webhooks refresh the card too; let them finish so only the retry could add a call.
    await drained(stack, booking.id);
    const mark = stack.slack.calls.length;
    expect((await send(stack, payload, { retryNum: 1 })).status).toBe(200);
    await eventually(
      async () => stack.logger.lines.some((l) => l.text.includes(`trigger:retry-${booking.id}`)),
      (seen) => seen,
    );
    expect(stack.slack.calls.slice(mark)).toEqual([]);
  });

  it('a stale button says the booking was decided elsewhere and acts no further', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const staleBlocks = card.message.blocks;
    await stack.sdk.as(MENTOR.id).bookings.reject(booking.id, {
      reason: 'I am travelling that whole week',
      category: 'schedule_conflict',
    });
    await cardSays(stack, card, (text) => text.startsWith('Rejected'));
    const mark = stack.slack.calls.length;
    await click(stack, MENTOR.slack, card, approve, {}, staleBlocks);
    const [note] = await stack.slack.waitFor(() => {
      const notes = since(mark, 'chat.postEphemeral');
      return notes.length > 0 ? notes : undefined;
    });
    expect(String(note!.args.text)).toContain('already rejected');
    const after = await stack.sdk.bookings.get(booking.id);
    expect(after.status).toBe('rejected');
    expect(historyEvents(after, 'approved')).toBe(0);
  });
});

describe('calendar conflicts', () => {
  const BUSY = { id: 'usr_busy', slack: 'U0BUSY', name: 'Bea Busy' };
  let feed: Server | undefined;
  let busyStart: Date;

  beforeAll(async () => {
    busyStart = nextStart();
    feed = await busyMentor(BUSY, busyStart, 'Dentist');
  });
  afterAll(() => closeFeed(feed));

  it('shows the conflict and offers "Approve anyway", which forces the approval', async () => {
    const booking = await requestBooking(stack, BUSY.id, busyStart);
    const card = await cardOf(stack, booking.id);
    expect(JSON.stringify(card.message.blocks)).toContain('Dentist');
    await click(stack, BUSY.slack, card, approve);
    const conflicted = await cardSays(stack, card, (text) => text.includes(ACTIONS.approveAnyway));
    expect(JSON.stringify(conflicted.blocks)).toContain('Your calendar is busy at this time');
    expect((await stack.sdk.bookings.get(booking.id)).status).toBe('pending');

    await click(stack, BUSY.slack, card, `${ACTIONS.approveAnyway}:`, {}, conflicted.blocks);
    const approved = await eventually(
      () => stack.sdk.bookings.get(booking.id),
      (b) => b.status === 'approved',
    );
    expect(approved.history.find((h) => h.event === 'approved')?.force).toBe(true);
    await cardSays(stack, card, (text) => text.includes('Approved despite a calendar conflict'));
  });
});

describe('Reject', () => {
  it('opens the modal at once, refuses a dismissive or over-long reason inline, then rejects and updates the card', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const mark = stack.slack.calls.length;
    const element = button(card.message.blocks, reject);
    await send(
      stack,
      blockActions({
        user: MENTOR.slack,
        actionId: element.action_id,
        value: element.value!,
        message: { channel: card.channel, ts: card.ts },
        responseUrl: stack.slack.responseUrl(),
        triggerId: `trigger-reject-${booking.id}`,
      }),
    );
    const [opened] = await stack.slack.waitFor(() => {
      const calls = since(mark, 'views.open');
      return calls.length > 0 ? calls : undefined;
    });
    expect(opened!.args.trigger_id).toBe(`trigger-reject-${booking.id}`);
    const modal = opened!.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(modal.callback_id).toBe(CALLBACKS.reject);
    expect(JSON.stringify(modal.blocks)).toContain('Outside my expertise');
    // Opening the modal made no platform call and changed nothing.
    expect(since(mark, 'chat.update')).toHaveLength(0);

    const values = (reason: string, category?: string) => ({
      [BLOCKS.rejectReason]: { [ELEMENTS.rejectReason]: { type: 'plain_text_input', value: reason } },
      [BLOCKS.rejectCategory]: {
        [ELEMENTS.rejectCategory]: {
          type: 'static_select',
          selected_option: category
            ? { value: category, text: { type: 'plain_text', text: category } }
            : null,
        },
      },
    });
    const form = {
      user: MENTOR.slack,
      callbackId: CALLBACKS.reject,
      privateMetadata: modal.private_metadata,
      viewId: 'V_REJECT',
    };

    const dismissive = await submit(stack, { ...form, values: values('no') });
    expect(dismissive.status).toBe(200);
    const dismissiveBody = await dismissive.json();
    expect(dismissiveBody.response_action).toBe('errors');
    expect(dismissiveBody.errors[BLOCKS.rejectReason]).toMatch(/^A reason is required/);

    const tooLong = await submit(stack, { ...form, values: values('I cannot do it. '.repeat(80)) });
    const tooLongBody = await tooLong.json();
    expect(tooLongBody.errors[BLOCKS.rejectReason]).toContain('1000 characters');
    expect((await stack.sdk.bookings.get(booking.id)).status).toBe('pending');

    const accepted = await submit(stack, {
      ...form,
      values: values('I am not the right person for data engineering', 'outside_expertise'),
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toBe('');
    const rejected = await eventually(
      () => stack.sdk.bookings.get(booking.id),
      (b) => b.status === 'rejected',
    );
    expect(rejected.rejection).toEqual({
      reason: 'I am not the right person for data engineering',
      category: 'outside_expertise',
    });
    await cardSays(stack, card, (text) => text.includes('I am not the right person for data engineering'));
  });

  it('the modal is never opened for someone else', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const mark = stack.slack.calls.length;
    await click(stack, OTHER.slack, card, reject);
    await stack.slack.waitFor(() => since(mark, 'chat.postEphemeral').length > 0);
    expect(since(mark, 'views.open')).toHaveLength(0);
  });
});

describe('Suggest another time, and what the mentee does next', () => {
  it('opens the picker at the booking’s start, refuses past and taken times inline, then suggests', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const mark = stack.slack.calls.length;
    await click(stack, MENTOR.slack, card, suggest);
    const [opened] = await stack.slack.waitFor(() => {
      const calls = since(mark, 'views.open');
      return calls.length > 0 ? calls : undefined;
    });
    const modal = opened!.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id?: string; element?: { initial_date_time?: number }; hint?: { text: string } }[];
    };
    const picker = modal.blocks.find((b) => b.block_id === BLOCKS.suggestStart)!;
    expect(picker.element?.initial_date_time).toBe(Date.parse(booking.start) / 1000);
    expect(picker.hint?.text).toContain('America/New_York');

    const form = {
      user: MENTOR.slack,
      callbackId: CALLBACKS.suggest,
      privateMetadata: modal.private_metadata,
      viewId: 'V_SUGGEST',
    };
    const at = (date: Date) => ({
      [BLOCKS.suggestStart]: {
        [ELEMENTS.suggestStart]: {
          type: 'datetimepicker',
          selected_date_time: Math.floor(date.getTime() / 1000),
        },
      },
    });

    const past = await (
      await submit(stack, { ...form, values: at(new Date(Date.now() - 3_600_000)) })
    ).json();
    expect(past.errors[BLOCKS.suggestStart]).toContain('pick a time in the future');

    const taken = await requestBooking(stack);
    await stack.sdk.as(MENTOR.id).bookings.approve(taken.id);
    const clash = await (await submit(stack, { ...form, values: at(new Date(taken.start)) })).json();
    expect(clash.response_action).toBe('errors');
    expect(clash.errors[BLOCKS.suggestStart]).toContain('You already have an approved session');

    const proposed = nextStart();
    const ok = await submit(stack, { ...form, values: at(proposed) });
    expect(await ok.text()).toBe('');
    const suggested = await eventually(
      () => stack.sdk.bookings.get(booking.id),
      (b) => b.status === 'alternative_suggested',
    );
    expect(suggested.proposal?.start).toBe(proposed.toISOString());
    await cardSays(stack, card, (text) => text.startsWith('You suggested'));

    // The mentee proposes yet another time: a new card for the new time, the old one points at it.
    const counterStart = nextStart();
    await stack.sdk.as(MENTEE.id).bookings.counter(booking.id, { start: counterStart });
    const newCard = await cardOf(stack, booking.id, card.ts);
    expect(newCard.message.text).toContain('proposed another time');
    await cardSays(stack, card, (text) => text.includes('The newer message below has the request'));

    // Approving from the new card finishes it.
    await click(stack, MENTOR.slack, newCard, approve);
    await eventually(
      () => stack.sdk.bookings.get(booking.id),
      (b) => b.status === 'approved' && b.start === counterStart.toISOString(),
    );
    await cardSays(stack, newCard, (text) => text.startsWith('Approved'));
  });
});

describe('Suggest another time when the mentor’s calendar is busy then', () => {
  const SWAMPED = { id: 'usr_swamped', slack: 'U0SWAMPED', name: 'Sol Swamped' };
  const SLOW = { id: 'usr_slow_calendar', slack: 'U0SLOWCAL', name: 'Sid Slow' };
  const feeds: Server[] = [];
  let busyStart: Date;

  beforeAll(async () => {
    busyStart = nextStart();
    feeds.push(await busyMentor(SWAMPED, busyStart, 'Board meeting'));
    feeds.push(await busyMentor(SLOW, busyStart, 'Offsite'));
  });
  afterAll(() => Promise.all(feeds.map(closeFeed)));

  /** Opens the Suggest modal from the booking's card; the form to submit it with. */
  async function openSuggest(mentor: { slack: string }, bookingId: string, viewId: string) {
    const card = await cardOf(stack, bookingId);
    const mark = stack.slack.calls.length;
    await click(stack, mentor.slack, card, suggest);
    const [opened] = await stack.slack.waitFor(() => {
      const calls = since(mark, 'views.open');
      return calls.length > 0 ? calls : undefined;
    });
    const modal = opened!.args.view as {
      private_metadata: string;
      blocks: { block_id?: string; element?: { options?: unknown[] } }[];
    };
    const anyway = modal.blocks.find((b) => b.block_id === BLOCKS.suggestForce)!;
    expect(anyway.element?.options).toEqual([expect.objectContaining({ value: SUGGEST_ANYWAY })]);
    const form = {
      user: mentor.slack,
      callbackId: CALLBACKS.suggest,
      privateMetadata: modal.private_metadata,
      viewId,
    };
    const values = (force: boolean) => ({
      [BLOCKS.suggestStart]: {
        [ELEMENTS.suggestStart]: {
          type: 'datetimepicker',
          selected_date_time: Math.floor(busyStart.getTime() / 1000),
        },
      },
      [BLOCKS.suggestForce]: {
        [ELEMENTS.suggestForce]: {
          type: 'checkboxes',
          selected_options: force ? [anyway.element!.options![0]] : [],
        },
      },
    });
    return { card, form, values };
  }

  it('names the busy time on the picker, and "Suggest anyway" suggests it with force', async () => {
    const booking = await requestBooking(stack, SWAMPED.id);
    const { card, form, values } = await openSuggest(SWAMPED, booking.id, 'V_SUGGEST_BUSY');

    const refused = await (await submit(stack, { ...form, values: values(false) })).json();
    expect(refused.response_action).toBe('errors');
    expect(Object.keys(refused.errors)).toEqual([BLOCKS.suggestStart]);
    const text: string = refused.errors[BLOCKS.suggestStart];
    expect(text).toContain('Your calendar is busy at that time');
    expect(text).toContain('Board meeting');
    // The busy time, in the mentor's zone (Paris): 15 minutes after the suggested start.
    expect(text).toContain(
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'Europe/Paris',
        hour: 'numeric',
        minute: '2-digit',
      }).format(new Date(busyStart.getTime() + 15 * 60_000)),
    );
    expect(text).toContain('Suggest anyway');
    expect(await stack.sdk.bookings.get(booking.id)).toMatchObject({ status: 'pending', proposal: null });

    const forced = await submit(stack, { ...form, values: values(true) });
    expect(await forced.text()).toBe('');
    const suggested = await eventually(
      () => stack.sdk.bookings.get(booking.id),
      (b) => b.status === 'alternative_suggested',
    );
    expect(suggested.proposal?.start).toBe(busyStart.toISOString());
    expect(suggested.history.at(-1)).toMatchObject({ event: 'alternative_suggested', force: true });
    await cardSays(stack, card, (text) => text.includes('Suggested despite a calendar conflict'));
  });

  it('when the calendar answers after the budget, the form comes back with the conflict and the checkbox', async () => {
    const booking = await requestBooking(stack, SLOW.id);
    const { form, values } = await openSuggest(SLOW, booking.id, 'V_SUGGEST_SLOW');
    // From now on the calendar is slow to answer (a new URL, so nothing cached stands in for it).
    const { calendarFeedUrl } = await stack.sdk.users.settings.get(SLOW.id);
    const slowUrl = new URL(calendarFeedUrl!);
    slowUrl.pathname = `/slow${slowUrl.pathname}`;
    await stack.sdk.users.settings.update(SLOW.id, { calendarFeedUrl: slowUrl.href });
    const mark = stack.slack.calls.length;
    const working = await (await submit(stack, { ...form, values: values(false) })).json();
    expect(working.response_action).toBe('update');
    expect(JSON.stringify(working.view)).toContain('Suggesting');

    const [again] = await stack.slack.waitFor(() => {
      const calls = since(mark, 'views.update').filter(
        (c) => (c.args.view as { callback_id?: string }).callback_id === CALLBACKS.suggest,
      );
      return calls.length > 0 ? calls : undefined;
    });
    expect(again!.args.view_id).toBe('V_SUGGEST_SLOW');
    const form2 = again!.args.view as { blocks: { block_id?: string }[] };
    const shown = JSON.stringify(form2.blocks);
    expect(shown).toContain('Your calendar is busy at that time');
    expect(shown).toContain('Offsite');
    expect(form2.blocks.some((b) => b.block_id === BLOCKS.suggestForce)).toBe(true);
    expect((await stack.sdk.bookings.get(booking.id)).status).toBe('pending');
  });
});

describe('staying current with the platform', () => {
  it('reflects the mentee accepting, then cancelling (with the refund)', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    const proposal = nextStart();
    await stack.sdk.as(MENTOR.id).bookings.suggest(booking.id, { start: proposal });
    await cardSays(stack, card, (text) => text.startsWith('You suggested'));
    await stack.sdk.as(MENTEE.id).bookings.acceptProposal(booking.id);
    await cardSays(stack, card, (text) => text.startsWith('Approved'));
    await stack.sdk.as(MENTEE.id).bookings.cancel(booking.id, { reason: 'My manager moved our offsite' });
    await cardSays(
      stack,
      card,
      (text) => text.startsWith('Cancelled') && text.includes('My manager moved our offsite'),
    );
    await cardSays(stack, card, (text) => text.includes('Refund of $45.00'));
  });

  it('reflects a declined suggestion', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    await stack.sdk.as(MENTOR.id).bookings.suggest(booking.id, { start: nextStart() });
    await stack.sdk.as(MENTEE.id).bookings.declineProposal(booking.id, { reason: 'Only mornings work' });
    await cardSays(stack, card, (text) => text.startsWith('Declined by the mentee'));
  });

  it('reminds the mentor in the card’s thread when the 24-hour respond-by nears', async () => {
    const booking = await requestBooking(stack);
    const card = await cardOf(stack, booking.id);
    // The platform's scheduler sends this 4 hours before respond-by; delivered here as it would be.
    const response = await deliverEvent(
      stack,
      'booking.response_due',
      await stack.sdk.bookings.get(booking.id),
    );
    expect(response.status).toBe(200);
    const reminder = await stack.slack.waitFor(() =>
      stack.slack.callsOf('chat.postMessage').find((c) => c.args.thread_ts === card.ts),
    );
    expect(reminder.args).toMatchObject({ channel: card.channel, reply_broadcast: 'true' });
    expect(String(reminder.args.text)).toContain('Reminder: Ana López is waiting for your answer');
  });
});
