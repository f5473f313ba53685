import { isBookingEvent, verifyWebhook } from '@greenlight/core';
import type { BookingMessage } from '@greenlight/core/contract';
import { describe, expect } from 'vitest';
import { book, type Harness, type Loose, localPeer, pair } from './harness';
import { STORES, useHarness } from './suite';

function post(
  h: Harness,
  bookingId: string,
  as: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return h.call<BookingMessage & Loose>('POST', `/v1/bookings/${bookingId}/messages`, body, { as, headers });
}

describe.each(STORES)('the conversation on a booking over HTTP (%s)', (kind) => {
  const { test } = useHarness(kind);

  test('mentor and mentee write, read newest first, mark read and count what is unread', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    const first = await post(h, booking.id, ids.menteeId, { body: 'Is system design your thing?' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      from: 'mentee',
      authorId: ids.menteeId,
      channel: 'api',
      readAt: null,
    });
    const reply = await post(
      h,
      booking.id,
      ids.mentorId,
      { body: 'It is.' },
      { 'Greenlight-Channel': 'web' },
    );
    expect(reply.body.channel).toBe('web');

    const asMentor = await h.call('GET', `/v1/bookings/${booking.id}/messages`, undefined, {
      as: ids.mentorId,
    });
    expect(asMentor.status).toBe(200);
    expect(asMentor.body.data.map((m: BookingMessage) => m.id)).toEqual([reply.body.id, first.body.id]);
    expect(asMentor.body.data[1].redFlags).toEqual([]);
    const paged = await h.call('GET', `/v1/bookings/${booking.id}/messages?limit=1`, undefined, {
      as: ids.menteeId,
    });
    expect(paged.body.data).toHaveLength(1);
    const older = await h.call(
      'GET',
      `/v1/bookings/${booking.id}/messages?limit=1&cursor=${paged.body.nextCursor}`,
      undefined,
      { as: ids.menteeId },
    );
    expect(older.body.data[0].id).toBe(first.body.id);
    expect(older.body.data[0].redFlags).toBeUndefined();

    const unread = await h.call('GET', '/v1/messages/unread', undefined, { as: ids.mentorId });
    expect(unread.body).toEqual({
      total: 1,
      bookings: [{ bookingId: booking.id, unread: 1, latestAt: first.body.createdAt }],
    });
    const marked = await h.call('POST', `/v1/bookings/${booking.id}/messages/read`, undefined, {
      as: ids.mentorId,
    });
    expect(marked.body).toEqual({ marked: 1, unread: 0 });
    expect((await h.call('GET', '/v1/messages/unread', undefined, { as: ids.mentorId })).body).toEqual({
      total: 0,
      bookings: [],
    });
    const bell = await h.call('GET', '/v1/notifications?unread=true', undefined, { as: ids.mentorId });
    expect(bell.body.data.map((n: { kind: string }) => n.kind)).toEqual(['booking_requested']);
    const digests = await h.server.runtime.store.transaction((tx) =>
      tx.listEffects({ status: 'pending', bookingId: booking.id, limit: 100 }),
    );
    expect(digests.data.filter((e) => e.payload.kind === 'send_message_digest')).toHaveLength(2);
  });

  test('the mentor sees the tone check on the mentee’s message; webhooks get booking.message_posted', async (h) => {
    const peer = await localPeer(() => ({ status: 200 }));
    const endpoint = await h.call('POST', '/v1/webhook-endpoints', {
      url: `${peer.url}/hooks`,
      events: ['booking.message_posted'],
    });
    try {
      const ids = await pair(h);
      const booking = await book(h, ids);
      await post(h, booking.id, ids.menteeId, { body: 'Hurry up, you moron.' });
      const asMentor = await h.call('GET', `/v1/bookings/${booking.id}/messages`, undefined, {
        as: ids.mentorId,
      });
      expect(asMentor.body.data[0].redFlags).toEqual([
        expect.objectContaining({ code: 'rude_message', evidence: ['"m***n"'] }),
      ]);
      await h.drain();
      const delivered = peer.requests.find((r) => r.body.includes('booking.message_posted'));
      expect(delivered).toBeDefined();
      const event = await verifyWebhook(
        delivered!.body,
        String(delivered!.headers['greenlight-signature']),
        endpoint.body.secret,
      );
      expect(isBookingEvent(event) && event.data.message).toMatchObject({
        body: 'Hurry up, you moron.',
        from: 'mentee',
      });
    } finally {
      await h.call('DELETE', `/v1/webhook-endpoints/${endpoint.body.id}`);
      await peer.close();
    }
  });

  test('a closed conversation is a 409 naming the status; a stranger gets 404', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    await h.call(
      'POST',
      `/v1/bookings/${booking.id}/reject`,
      { reason: 'Outside my expertise, sorry' },
      {
        as: ids.mentorId,
      },
    );
    const closed = await post(h, booking.id, ids.menteeId, { body: 'Why not?' });
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({
      code: 'invalid_transition',
      currentStatus: 'rejected',
      detail: 'cannot post a message on a booking that is rejected',
    });
    const other = await pair(h);
    const stranger = await post(h, booking.id, other.menteeId, { body: 'Hello' });
    expect(stranger.status).toBe(404);
  });

  test('the eleventh message in a minute is a 429 with Retry-After, never replayed from the Idempotency-Key', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    for (let i = 0; i < 10; i++) {
      expect((await post(h, booking.id, ids.menteeId, { body: `message ${i}` })).status).toBe(201);
    }
    const headers = { 'Idempotency-Key': `rate-${booking.id}` };
    const limited = await post(h, booking.id, ids.menteeId, { body: 'one more' }, headers);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect(limited.body).toMatchObject({ code: 'rate_limited', status: 429 });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The key was not spent on the refusal: the same request runs again (and is refused again, not replayed).
    const again = await post(h, booking.id, ids.menteeId, { body: 'one more' }, headers);
    expect(again.status).toBe(429);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });

  test('bad input names the field', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    const cases: Array<[unknown, number, string]> = [
      [{ body: '' }, 400, 'body'],
      [{ body: 'x'.repeat(2001) }, 400, 'body'],
      [{ body: 42 }, 400, 'body'],
      [{}, 400, 'body'],
      [{ body: 'hi', extra: 1 }, 400, '(body)'],
    ];
    for (const [input, status, path] of cases) {
      const reply = await post(h, booking.id, ids.menteeId, input);
      expect(reply.status, JSON.stringify(input).slice(0, 40)).toBe(status);
      expect(reply.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const badLimit = await h.call('GET', `/v1/bookings/${booking.id}/messages?limit=0`, undefined, {
      as: ids.menteeId,
    });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors[0].path).toBe('limit');
    const badCursor = await h.call('GET', `/v1/bookings/${booking.id}/messages?cursor=nope`, undefined, {
      as: ids.menteeId,
    });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0].path).toBe('cursor');
    const foreign = await h.call(
      'POST',
      `/v1/bookings/${booking.id}/messages/read`,
      { upTo: 'msg_elsewhere' },
      { as: ids.mentorId },
    );
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors).toEqual([
      { path: 'upTo', message: `is not a message of booking ${booking.id}` },
    ]);
  });
});
