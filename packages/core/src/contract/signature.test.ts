import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aBooking } from '../../test/policy-fixtures';
import { parseSignatureHeader, signWebhookPayload, verifyWebhook, WebhookSignatureError } from './signature';
import type { WebhookEvent } from './webhooks';

const secret = 'whsec_test_secret';
const t = 1_790_000_000;
const now = t * 1000;

const event: WebhookEvent = {
  id: 'evt_01',
  type: 'booking.approved',
  createdAt: '2026-09-21T10:00:00.000Z',
  data: {
    booking: aBooking({
      id: 'bkg_01',
      status: 'approved',
      paymentRef: null,
      createdAt: '2026-09-20T10:00:00.000Z',
      updatedAt: '2026-09-21T10:00:00.000Z',
      decidedAt: '2026-09-21T10:00:00.000Z',
      version: 2,
      history: [],
    }),
  },
};
const body = JSON.stringify(event);

async function expectReason(promise: Promise<unknown>, reason: WebhookSignatureError['reason']) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookSignatureError);
  expect((error as WebhookSignatureError).reason).toBe(reason);
}

describe('signWebhookPayload', () => {
  it('produces t=<unix>,v1=<hex HMAC-SHA256 of "t.body">, the same as Node crypto computes', async () => {
    const header = await signWebhookPayload(body, secret, t);
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${expected}`);
  });
});

describe('verifyWebhook', () => {
  it('returns the parsed event for a valid signature', async () => {
    const header = await signWebhookPayload(body, secret, t);
    await expect(verifyWebhook(body, header, secret, { now })).resolves.toEqual(event);
  });

  it('accepts timestamps within the tolerance either way', async () => {
    const header = await signWebhookPayload(body, secret, t);
    await expect(verifyWebhook(body, header, secret, { now: now + 300_000 })).resolves.toMatchObject({
      id: 'evt_01',
    });
    await expect(verifyWebhook(body, header, secret, { now: now - 300_000 })).resolves.toMatchObject({
      id: 'evt_01',
    });
  });

  it('refuses a stale timestamp beyond the default five minutes', async () => {
    const header = await signWebhookPayload(body, secret, t);
    await expectReason(
      verifyWebhook(body, header, secret, { now: now + 301_000 }),
      'timestamp_outside_tolerance',
    );
  });

  it('refuses a future timestamp beyond the tolerance', async () => {
    const header = await signWebhookPayload(body, secret, t + 61);
    await expectReason(
      verifyWebhook(body, header, secret, { now, toleranceSeconds: 60 }),
      'timestamp_outside_tolerance',
    );
  });

  it('refuses a body that was changed after signing', async () => {
    const header = await signWebhookPayload(body, secret, t);
    await expectReason(
      verifyWebhook(body.replace('approved', 'rejected'), header, secret, { now }),
      'mismatch',
    );
  });

  it('refuses another secret', async () => {
    const header = await signWebhookPayload(body, secret, t);
    await expectReason(verifyWebhook(body, header, 'whsec_other', { now }), 'mismatch');
  });

  it('refuses a signature of another length', async () => {
    const header = await signWebhookPayload(body, secret, t);
    await expectReason(verifyWebhook(body, header.slice(0, -2), secret, { now }), 'mismatch');
  });

  it('accepts any of several v1 signatures (secret rotation)', async () => {
    const header = await signWebhookPayload(body, secret, t);
    const other = (await signWebhookPayload(body, 'whsec_old', t)).split(',')[1];
    await expect(
      verifyWebhook(body, `${header.split(',')[0]},${other},${header.split(',')[1]}`, secret, { now }),
    ).resolves.toMatchObject({ id: 'evt_01' });
  });

  it('refuses a missing or malformed header, or one without v1', async () => {
    await expectReason(verifyWebhook(body, undefined, secret, { now }), 'malformed_header');
    await expectReason(verifyWebhook(body, 'garbage', secret, { now }), 'malformed_header');
    await expectReason(verifyWebhook(body, 't=abc,v1=00', secret, { now }), 'malformed_header');
    await expectReason(verifyWebhook(body, 'v1=00', secret, { now }), 'malformed_header');
    await expectReason(verifyWebhook(body, `t=${t},v0=00`, secret, { now }), 'no_signature');
  });

  it('refuses a correctly signed body that is not a webhook event', async () => {
    const other = JSON.stringify({ hello: 'world' });
    await expectReason(
      verifyWebhook(other, await signWebhookPayload(other, secret, t), secret, { now }),
      'invalid_payload',
    );
    await expectReason(
      verifyWebhook('not json', await signWebhookPayload('not json', secret, t), secret, { now }),
      'invalid_payload',
    );
  });
});

describe('parseSignatureHeader', () => {
  it('tolerates spaces and collects every v1', () => {
    expect(parseSignatureHeader(' t=12 , v1=AB, v1=cd')).toEqual({ timestamp: 12, signatures: ['ab', 'cd'] });
  });
});
