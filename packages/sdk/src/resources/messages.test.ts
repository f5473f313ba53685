import { describe, expect, it } from 'vitest';
import { aMessage } from '../../test/fixtures';
import { BASE_URL, mockApi } from '../../test/mock-api';
import { Greenlight } from '../client';
import { RateLimitError, ValidationError } from '../errors';

const api = mockApi();
const client = new Greenlight({ baseUrl: BASE_URL, token: 'jwt.for.mentee', maxRetries: 0 });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('messages', () => {
  it('post sends the body with an idempotency key and returns the message', async () => {
    api.json(aMessage(), 201);
    const message = await client.messages.post('bkg_1', { body: 'Could we start with my portfolio?' });
    expect(message.id).toBe('msg_1');
    expect(api.last).toMatchObject({
      method: 'POST',
      path: '/v1/bookings/bkg_1/messages',
      body: { body: 'Could we start with my portfolio?' },
    });
    expect(api.last.headers.get('idempotency-key')).toMatch(UUID);
  });

  it('refuses an empty or overlong message before sending, with the server’s field error', async () => {
    for (const body of ['  ', 'x'.repeat(2001)]) {
      const error = await client.messages.post('bkg_1', { body }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['body']);
    }
    expect(api.requests).toHaveLength(0);
  });

  it('list walks from the newest page to the oldest', async () => {
    api.json({ data: [aMessage({ id: 'msg_3' }), aMessage({ id: 'msg_2' })], nextCursor: 'older' });
    api.json({ data: [aMessage({ id: 'msg_1' })], nextCursor: null });
    const ids: string[] = [];
    for await (const m of client.messages.list('bkg_1', { limit: 2 })) ids.push(m.id);
    expect(ids).toEqual(['msg_3', 'msg_2', 'msg_1']);
    expect(api.requests.map((r) => [r.path, Object.fromEntries(r.query)])).toEqual([
      ['/v1/bookings/bkg_1/messages', { limit: '2' }],
      ['/v1/bookings/bkg_1/messages', { limit: '2', cursor: 'older' }],
    ]);
  });

  it('keeps the mentor’s tone check of a message', async () => {
    const flagged = aMessage({ redFlags: [{ code: 'rude_message', detail: 'One offensive word.' }] });
    api.json({ data: [flagged], nextCursor: null });
    const page = await client.messages.list('bkg_1').firstPage();
    expect(page.data[0]?.redFlags?.[0]?.code).toBe('rude_message');
  });

  it('markRead sends upTo, or nothing to mark all', async () => {
    api.json({ marked: 2, unread: 1 });
    api.json({ marked: 1, unread: 0 });
    await expect(client.messages.markRead('bkg_1', { upTo: 'msg_2' })).resolves.toEqual({
      marked: 2,
      unread: 1,
    });
    await expect(client.messages.markRead('bkg_1')).resolves.toEqual({ marked: 1, unread: 0 });
    expect(api.requests.map((r) => [r.path, r.body])).toEqual([
      ['/v1/bookings/bkg_1/messages/read', { upTo: 'msg_2' }],
      ['/v1/bookings/bkg_1/messages/read', {}],
    ]);
  });

  it('unread counts per booking', async () => {
    const counts = {
      total: 3,
      bookings: [{ bookingId: 'bkg_1', unread: 3, latestAt: '2026-12-01T10:00:00.000Z' }],
    };
    api.json(counts);
    await expect(client.messages.unread()).resolves.toEqual(counts);
    expect(api.last).toMatchObject({ method: 'GET', path: '/v1/messages/unread' });
  });

  it('a 429 becomes a RateLimitError with the seconds to wait', async () => {
    api.problem(
      429,
      'rate_limited',
      'at most 10 messages a minute on one booking',
      {},
      { 'retry-after': '42' },
    );
    const error = await client.messages.post('bkg_1', { body: 'again' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ code: 'rate_limited', retryAfter: 42 });
  });
});
