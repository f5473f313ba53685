import { describe, expect, it } from 'vitest';
import { aWebhookEndpoint } from '../../test/fixtures';
import { BASE_URL, mockApi } from '../../test/mock-api';
import { Greenlight } from '../client';
import type { ValidationError } from '../errors';

const api = mockApi();
const client = new Greenlight({ baseUrl: BASE_URL, apiKey: 'sk_test', maxRetries: 0 });

describe('webhookEndpoints', () => {
  it('create POSTs url and events and returns the secret', async () => {
    api.json(aWebhookEndpoint({ secret: 'whsec_1' }), 201);
    const endpoint = await client.webhookEndpoints.create({
      url: 'https://hooks.example.com/greenlight',
      events: ['booking.requested', 'booking.approved'],
    });
    expect(endpoint.secret).toBe('whsec_1');
    expect(api.last).toMatchObject({
      method: 'POST',
      path: '/v1/webhook-endpoints',
      body: {
        url: 'https://hooks.example.com/greenlight',
        events: ['booking.requested', 'booking.approved'],
      },
    });
    expect(api.last.headers.get('idempotency-key')).toBeTruthy();
  });

  it('create refuses an empty event list before sending', async () => {
    const error = await client.webhookEndpoints
      .create({ url: 'https://hooks.example.com/x', events: [] })
      .catch((e: unknown) => e);
    expect((error as ValidationError).errors).toEqual([
      { path: 'events', message: 'subscribe to at least one event' },
    ]);
    expect(api.requests).toHaveLength(0);
  });

  it('list GETs every endpoint', async () => {
    api.json({ data: [aWebhookEndpoint()], nextCursor: null });
    await expect(client.webhookEndpoints.list().toArray()).resolves.toHaveLength(1);
    expect(api.last).toMatchObject({ method: 'GET', path: '/v1/webhook-endpoints' });
  });

  it('get GETs one endpoint', async () => {
    api.json(aWebhookEndpoint({ enabled: false, consecutiveFailures: 12 }));
    await expect(client.webhookEndpoints.get('whe_1')).resolves.toMatchObject({ enabled: false });
    expect(api.last).toMatchObject({ method: 'GET', path: '/v1/webhook-endpoints/whe_1' });
  });

  it('update PATCHes, e.g. to re-enable a disabled endpoint', async () => {
    api.json(aWebhookEndpoint({ enabled: true }));
    await client.webhookEndpoints.update('whe_1', { enabled: true });
    expect(api.last).toMatchObject({
      method: 'PATCH',
      path: '/v1/webhook-endpoints/whe_1',
      body: { enabled: true },
    });
  });

  it('delete DELETEs the endpoint', async () => {
    api.reply(() => new Response(null, { status: 204 }));
    await expect(client.webhookEndpoints.delete('whe_1')).resolves.toBeUndefined();
    expect(api.last).toMatchObject({ method: 'DELETE', path: '/v1/webhook-endpoints/whe_1' });
    expect(api.last.headers.get('idempotency-key')).toBeNull();
  });
});
