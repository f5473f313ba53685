import { describe, expect, it } from 'vitest';
import { aNotification } from '../../test/fixtures';
import { BASE_URL, mockApi } from '../../test/mock-api';
import { Greenlight } from '../client';

const api = mockApi();
const client = new Greenlight({ baseUrl: BASE_URL, token: 'jwt.for.mentor', maxRetries: 0 });

describe('notifications', () => {
  it('list sends unread as true/false and walks every page', async () => {
    api.json({ data: [aNotification({ id: 'ntf_1' })], nextCursor: 'n2' });
    api.json({ data: [aNotification({ id: 'ntf_2' })], nextCursor: null });
    const ids: string[] = [];
    for await (const n of client.notifications.list({ unread: true, limit: 1 })) ids.push(n.id);
    expect(ids).toEqual(['ntf_1', 'ntf_2']);
    expect(api.requests.map((r) => Object.fromEntries(r.query))).toEqual([
      { unread: 'true', limit: '1' },
      { unread: 'true', limit: '1', cursor: 'n2' },
    ]);
    expect(api.last.headers.get('authorization')).toBe('Bearer jwt.for.mentor');
  });

  it('list firstPage gives the cursor to continue from', async () => {
    api.json({ data: [aNotification()], nextCursor: 'n2' });
    await expect(client.notifications.list({ unread: false }).firstPage()).resolves.toMatchObject({
      nextCursor: 'n2',
    });
    expect(api.last.query.get('unread')).toBe('false');
  });

  it('unreadCount returns the number', async () => {
    api.json({ count: 3 });
    await expect(client.notifications.unreadCount()).resolves.toBe(3);
    expect(api.last).toMatchObject({ method: 'GET', path: '/v1/notifications/unread-count' });
  });

  it('markRead POSTs to the notification', async () => {
    api.json(aNotification({ readAt: '2026-12-01T11:00:00.000Z' }));
    const n = await client.notifications.markRead('ntf_1');
    expect(n.readAt).toBe('2026-12-01T11:00:00.000Z');
    expect(api.last).toMatchObject({ method: 'POST', path: '/v1/notifications/ntf_1/read' });
    expect(api.last.headers.get('idempotency-key')).toBeTruthy();
  });

  it('markAllRead POSTs read-all and returns how many it marked', async () => {
    api.json({ count: 4 });
    await expect(client.notifications.markAllRead()).resolves.toBe(4);
    expect(api.last).toMatchObject({ method: 'POST', path: '/v1/notifications/read-all' });
  });
});
