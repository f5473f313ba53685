import { describe, expect, it } from 'vitest';
import { as, harness, MENTEE, MENTOR, platform, STRANGER } from '../../test/harness';
import { isBookingEvent } from '../contract/webhooks';
import {
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../errors';

const MINUTE = 60_000;

async function conversation() {
  const h = await harness();
  const booking = await h.book();
  const post = (who: string, body: string, id = booking.id) =>
    h.workflow.messages.post(as(who), id, { body });
  const emails = () => h.ports.calls.notify.filter((c) => c.notification.kind === 'message_posted');
  return { h, booking, post, emails };
}

describe('posting a message', () => {
  it('keeps it on the booking for both sides, newest first, without changing the booking', async () => {
    const { h, booking, post } = await conversation();
    const first = await post(MENTEE, 'Hi! Is system design in your wheelhouse?');
    h.clock.advance(MINUTE);
    const second = await post(MENTOR, '  Yes, happy to help.  ');

    expect(first).toMatchObject({ bookingId: booking.id, authorId: MENTEE, from: 'mentee', readAt: null });
    expect(second.body).toBe('Yes, happy to help.');
    const asMentee = await h.workflow.messages.list(as(MENTEE), booking.id, {});
    expect(asMentee.data.map((m) => m.id)).toEqual([second.id, first.id]);
    const stored = await h.workflow.bookings.get(as(MENTEE), booking.id);
    expect(stored.version).toBe(booking.version);
  });

  it('pages older messages through nextCursor', async () => {
    const { h, booking, post } = await conversation();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await post(i % 2 ? MENTOR : MENTEE, `message ${i}`)).id);
      h.clock.advance(MINUTE);
    }
    const first = await h.workflow.messages.list(as(MENTOR), booking.id, { limit: 2 });
    const second = await h.workflow.messages.list(as(MENTOR), booking.id, {
      limit: 2,
      cursor: first.nextCursor!,
    });
    const third = await h.workflow.messages.list(as(MENTOR), booking.id, {
      limit: 2,
      cursor: second.nextCursor!,
    });
    expect([...first.data, ...second.data, ...third.data].map((m) => m.id)).toEqual([...ids].reverse());
    expect(third.nextCursor).toBeNull();
  });

  it('shows the tone check of the mentee’s messages to the mentor and the platform, never to the mentee', async () => {
    const { h, booking, post } = await conversation();
    const rude = await post(MENTEE, 'Just answer, you idiot.');
    await post(MENTEE, 'Sorry, long day.');
    expect(rude.redFlags).toBeUndefined();

    const asMentor = (await h.workflow.messages.list(as(MENTOR), booking.id, {})).data;
    expect(asMentor.map((m) => m.redFlags?.map((f) => f.code))).toEqual([[], ['rude_message']]);
    expect(asMentor[1]?.redFlags?.[0]?.evidence).toEqual(['"i***t"']);
    const asPlatform = (await h.workflow.messages.list(platform, booking.id, {})).data;
    expect(asPlatform[1]!.redFlags?.[0]?.code).toBe('rude_message');
    const asMentee = (await h.workflow.messages.list(as(MENTEE), booking.id, {})).data;
    expect(asMentee.every((m) => m.redFlags === undefined)).toBe(true);
    const mentorOwn = await post(MENTOR, 'No worries, you idiot-proof planner.');
    expect(mentorOwn.redFlags).toBeUndefined();
  });

  it('records where it was written', async () => {
    const { h, booking } = await conversation();
    const message = await h.workflow.messages.post(
      { kind: 'user', userId: MENTOR, channel: 'slack' },
      booking.id,
      { body: 'Sent from Slack' },
    );
    expect(message.channel).toBe('slack');
  });

  it('refuses an empty or overlong body, naming the field', async () => {
    const { post } = await conversation();
    for (const body of ['   ', 'x'.repeat(2001)]) {
      const error = await post(MENTEE, body).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors?.map((e) => e.path)).toEqual(['body']);
    }
    await expect(post(MENTEE, 'x'.repeat(2000))).resolves.toMatchObject({ from: 'mentee' });
  });

  it('is for the two participants: a stranger gets 404, the platform must act as one of them', async () => {
    const { h, booking, post } = await conversation();
    await expect(post(STRANGER, 'hello')).rejects.toBeInstanceOf(NotFoundError);
    await expect(h.workflow.messages.list(as(STRANGER), booking.id, {})).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(h.workflow.messages.markRead(as(STRANGER), booking.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(h.workflow.messages.post(platform, booking.id, { body: 'hello' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(h.workflow.messages.markRead(platform, booking.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(h.workflow.messages.unread(platform)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(h.workflow.messages.list(platform, booking.id, {})).resolves.toMatchObject({ data: [] });
  });
});

describe('when messages may be posted', () => {
  it('while pending, while a time is suggested, and before an approved session starts', async () => {
    const { h, booking, post } = await conversation();
    await expect(post(MENTEE, 'pending')).resolves.toBeDefined();
    await h.workflow.bookings.suggest(as(MENTOR), booking.id, { start: '2026-12-03T10:00:00Z' });
    await expect(post(MENTEE, 'suggested')).resolves.toBeDefined();
    await h.workflow.bookings.acceptProposal(as(MENTEE), booking.id);
    await expect(post(MENTOR, 'see you then')).resolves.toBeDefined();
  });

  it('not once the approved session has started, saying so', async () => {
    const { h, booking, post } = await conversation();
    await h.workflow.bookings.approve(as(MENTOR), booking.id);
    h.clock.set('2026-12-02T10:00:00.000Z');
    const error = await post(MENTEE, 'running late').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(error).toMatchObject({ status: 409, currentStatus: 'approved' });
    expect((error as Error).message).toMatch(/session has started \(approved, started 2026-12-02T10:00:00/);
  });

  it('not on a closed booking, naming its status', async () => {
    const { h, booking, post } = await conversation();
    await h.workflow.bookings.reject(as(MENTOR), booking.id, { reason: 'Outside my expertise, sorry' });
    const error = await post(MENTEE, 'why?').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as Error).message).toBe('cannot post a message on a booking that is rejected');
    // What was said stays readable.
    await expect(h.workflow.messages.list(as(MENTEE), booking.id, {})).resolves.toMatchObject({ data: [] });
  });
});

describe('the rate limit', () => {
  it('takes 10 messages a minute per author and booking, then says when the next one fits', async () => {
    const { h, post } = await conversation();
    for (let i = 0; i < 10; i++) {
      await post(MENTEE, `message ${i}`);
      h.clock.advance(1_000);
    }
    const error = await post(MENTEE, 'one more').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    // The first of the ten went out 10 s ago: the window frees up in 50 s.
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 50 });
    // The other side and other bookings have their own count.
    await expect(post(MENTOR, 'slow down')).resolves.toBeDefined();
    const other = await h.book({ start: '2026-12-04T10:00:00Z' });
    await expect(post(MENTEE, 'elsewhere', other.id)).resolves.toBeDefined();
    h.clock.advance(50_000);
    await expect(post(MENTEE, 'one more')).resolves.toBeDefined();
  });

  it('follows the policy', async () => {
    const h = await harness({ policy: { messages: { perMinute: 1 } } });
    const booking = await h.book();
    await h.workflow.messages.post(as(MENTEE), booking.id, { body: 'one' });
    await expect(h.workflow.messages.post(as(MENTEE), booking.id, { body: 'two' })).rejects.toBeInstanceOf(
      RateLimitedError,
    );
  });
});

describe('telling the other side', () => {
  it('one bell notification per conversation until read, and a webhook per message', async () => {
    const { h, booking, post } = await conversation();
    await h.workflow.webhookEndpoints.create(platform, {
      url: 'https://hooks.example.test/gl',
      events: ['booking.message_posted'],
    });
    const first = await post(MENTEE, 'First question');
    await post(MENTEE, 'Second question');
    const bell = (await h.notificationsOf(MENTOR)).filter((n) => n.kind === 'message_posted');
    expect(bell).toHaveLength(1);
    expect(bell[0]).toMatchObject({ bookingId: booking.id, title: 'New message from Theo Mentee' });

    const hooks = await h.effects({ kind: 'deliver_webhook' });
    const events = hooks.flatMap((e) =>
      e.payload.kind === 'deliver_webhook' && isBookingEvent(e.payload.event) ? [e.payload.event] : [],
    );
    expect(events.map((e) => [e.type, e.data.message?.body])).toEqual([
      ['booking.message_posted', 'First question'],
      ['booking.message_posted', 'Second question'],
    ]);
    expect(events[0]!.data.message).toMatchObject({ id: first.id, redFlags: [] });

    await h.workflow.messages.markRead(as(MENTOR), booking.id);
    expect((await h.notificationsOf(MENTOR)).find((n) => n.kind === 'message_posted')?.readAt).not.toBeNull();
    await post(MENTEE, 'Third question');
    expect((await h.notificationsOf(MENTOR)).filter((n) => n.kind === 'message_posted')).toHaveLength(2);
  });

  it('emails one digest of everything still unread five minutes after the first message', async () => {
    const { h, booking, post, emails } = await conversation();
    const first = await post(MENTEE, 'First question');
    h.clock.advance(2 * MINUTE);
    const second = await post(MENTEE, 'Second question');
    const digests = await h.effects({ kind: 'send_message_digest' });
    expect(digests.map((e) => [e.idempotencyKey, e.runAt])).toEqual([
      [`message_digest:${booking.id}:mentor:${first.id}`, '2026-11-30T08:05:00.000Z'],
    ]);

    h.clock.advance(2 * MINUTE);
    await h.drain();
    expect(emails()).toHaveLength(0);
    h.clock.advance(MINUTE);
    await h.drain();
    expect(emails()).toHaveLength(1);
    const sent = emails()[0]!.notification;
    expect(sent).toMatchObject({ role: 'mentor', recipient: { id: MENTOR } });
    expect(sent.messages?.map((m) => m.id)).toEqual([first.id, second.id]);
    expect(sent.messages?.[0]?.redFlags).toEqual([]);

    // A message after the digest went out starts the next one.
    const third = await post(MENTEE, 'Third question');
    h.clock.advance(5 * MINUTE);
    await h.drain();
    expect(emails().map((c) => c.notification.messages?.map((m) => m.id))).toEqual([
      [first.id, second.id],
      [third.id],
    ]);
  });

  it('sends no email when everything was read in time, and leaves out what was read', async () => {
    const { h, booking, post, emails } = await conversation();
    await post(MENTEE, 'Read in time');
    await h.workflow.messages.markRead(as(MENTOR), booking.id);
    h.clock.advance(5 * MINUTE);
    await h.drain();
    expect(emails()).toHaveLength(0);
    const [skipped] = await h.effects({ kind: 'send_message_digest' });
    expect(skipped).toMatchObject({ status: 'done', result: { skipped: expect.any(String) } });

    const read = await post(MENTEE, 'Read');
    h.clock.advance(MINUTE);
    const unread = await post(MENTEE, 'Not read');
    await h.workflow.messages.markRead(as(MENTOR), booking.id, { upTo: read.id });
    h.clock.advance(5 * MINUTE);
    await h.drain();
    expect(emails().map((c) => c.notification.messages?.map((m) => m.id))).toEqual([[unread.id]]);
  });

  it('never puts a message in two emails, even when two digests are due at once', async () => {
    const { h, booking, post, emails } = await conversation();
    const first = await post(MENTEE, 'First');
    h.clock.advance(MINUTE);
    await post(MENTEE, 'Second');
    // Reading the first makes the second the oldest unread message: a second digest is keyed on it.
    await h.workflow.messages.markRead(as(MENTOR), booking.id, { upTo: first.id });
    await post(MENTEE, 'Third');
    expect(await h.effects({ kind: 'send_message_digest' })).toHaveLength(2);
    h.clock.advance(10 * MINUTE);
    await h.drain();
    expect(emails().map((c) => c.notification.messages?.map((m) => m.body))).toEqual([['Second', 'Third']]);
  });

  it('emails each side about the other side’s messages only', async () => {
    const { h, post, emails } = await conversation();
    await post(MENTEE, 'Question');
    await post(MENTOR, 'Answer');
    h.clock.advance(5 * MINUTE);
    await h.drain();
    expect(
      emails().map((c) => [c.notification.recipient.id, c.notification.messages?.map((m) => m.body)]),
    ).toEqual(
      expect.arrayContaining([
        [MENTOR, ['Question']],
        [MENTEE, ['Answer']],
      ]),
    );
    // The mentee's email carries no tone check.
    expect(
      emails().find((c) => c.notification.recipient.id === MENTEE)?.notification.messages?.[0]?.redFlags,
    ).toBeUndefined();
  });
});

describe('reading', () => {
  it('marks the other side’s messages read up to one, and counts what is left per booking', async () => {
    const { h, booking, post } = await conversation();
    const other = await h.book({ start: '2026-12-04T10:00:00Z' });
    const a = await post(MENTEE, 'a');
    h.clock.advance(MINUTE);
    await post(MENTOR, 'reply');
    const b = await post(MENTEE, 'b');
    h.clock.advance(MINUTE);
    await post(MENTEE, 'c');
    h.clock.advance(MINUTE);
    await post(MENTEE, 'elsewhere', other.id);

    expect(await h.workflow.messages.unread(as(MENTOR))).toEqual({
      total: 4,
      bookings: [
        { bookingId: other.id, unread: 1, latestAt: '2026-11-30T08:03:00.000Z' },
        { bookingId: booking.id, unread: 3, latestAt: '2026-11-30T08:02:00.000Z' },
      ],
    });
    expect(await h.workflow.messages.markRead(as(MENTOR), booking.id, { upTo: b.id })).toEqual({
      marked: 2,
      unread: 1,
    });
    const list = (await h.workflow.messages.list(as(MENTEE), booking.id, {})).data;
    expect(list.find((m) => m.id === a.id)?.readAt).toBe('2026-11-30T08:03:00.000Z');
    expect(await h.workflow.messages.markRead(as(MENTOR), booking.id)).toEqual({ marked: 1, unread: 0 });
    // The mentor's own reply is the mentee's to read.
    expect(await h.workflow.messages.unread(as(MENTEE))).toMatchObject({ total: 1 });
    expect(await h.workflow.messages.markRead(as(MENTOR), booking.id)).toEqual({ marked: 0, unread: 0 });
  });

  it('refuses to mark read up to a message of another booking', async () => {
    const { h, booking, post } = await conversation();
    const other = await h.book({ start: '2026-12-04T10:00:00Z' });
    const elsewhere = await post(MENTEE, 'elsewhere', other.id);
    const error = await h.workflow.messages
      .markRead(as(MENTOR), booking.id, { upTo: elsewhere.id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      { path: 'upTo', message: `is not a message of booking ${booking.id}` },
    ]);
  });
});
