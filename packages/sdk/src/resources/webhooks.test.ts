import { signWebhookPayload, type WebhookEvent } from '@greenlight/core/contract';
import { describe, expect, it } from 'vitest';
import { aBooking } from '../../test/fixtures';
import { Greenlight } from '../client';

const client = new Greenlight({ baseUrl: 'https://api.greenlight.test', apiKey: 'sk_test' });
const secret = 'whsec_test_secret';
const event: WebhookEvent = {
  id: 'evt_1',
  type: 'booking.approved',
  createdAt: '2026-12-01T10:00:00.000Z',
  data: { booking: aBooking({ status: 'approved' }) },
};
const rawBody = JSON.stringify(event);
const now = () => Math.floor(Date.now() / 1000);

describe('webhooks.verify', () => {
  it('returns the typed event for a valid signature', async () => {
    const header = await signWebhookPayload(rawBody, secret, now());
    const verified = await client.webhooks.verify(rawBody, header, secret);
    expect(verified).toEqual(event);
  });

  it('accepts the raw body as bytes', async () => {
    const header = await signWebhookPayload(rawBody, secret, now());
    const verified = await client.webhooks.verify(new TextEncoder().encode(rawBody), header, secret);
    expect(verified.id).toBe('evt_1');
  });

  it('rejects a tampered body', async () => {
    const header = await signWebhookPayload(rawBody, secret, now());
    const tampered = rawBody.replace('"approved"', '"rejected"');
    await expect(client.webhooks.verify(tampered, header, secret)).rejects.toMatchObject({
      name: 'WebhookSignatureError',
      reason: 'mismatch',
    });
  });

  it('rejects a signature made with another secret', async () => {
    const header = await signWebhookPayload(rawBody, 'whsec_other', now());
    await expect(client.webhooks.verify(rawBody, header, secret)).rejects.toMatchObject({
      reason: 'mismatch',
    });
  });

  it('rejects a stale timestamp, and honours a custom tolerance', async () => {
    const header = await signWebhookPayload(rawBody, secret, now() - 301);
    await expect(client.webhooks.verify(rawBody, header, secret)).rejects.toMatchObject({
      reason: 'timestamp_outside_tolerance',
    });
    await expect(client.webhooks.verify(rawBody, header, secret, { toleranceSeconds: 600 })).resolves.toEqual(
      event,
    );
  });

  it('rejects a missing header', async () => {
    await expect(client.webhooks.verify(rawBody, null, secret)).rejects.toMatchObject({
      reason: 'malformed_header',
    });
  });
});
