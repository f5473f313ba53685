import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookEndpointRecord, WebhookEvent } from '@greenlight/core';
import { PortError, verifyWebhook } from '@greenlight/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { booking, ctx, manualClock, rejectionOf } from '../../test/fixtures/integrations';
import { HttpWebhookSender } from './http-sender';

interface Received {
  method: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
let received: Received[];
let respond: (res: ServerResponse, count: number) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      respond(res, received.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
  respond = (res) => res.writeHead(204).end();
});

const clock = manualClock('2026-11-20T10:00:00.000Z');
const endpoint = (): WebhookEndpointRecord => ({
  id: 'whe_1',
  url: `${base}/hooks/greenlight`,
  events: ['booking.approved'],
  secret: 'whsec_abc',
  enabled: true,
  consecutiveFailures: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const event: WebhookEvent = {
  id: 'evt_1',
  type: 'booking.approved',
  createdAt: '2026-11-20T10:00:00.000Z',
  data: { booking: booking({ status: 'approved' }) },
};
const sender = (timeoutMs?: number) => new HttpWebhookSender({ clock, timeoutMs });

describe('HttpWebhookSender', () => {
  it('posts the event as JSON with a signature the receiver can verify', async () => {
    await sender().deliver(endpoint(), event, ctx());
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery!.method).toBe('POST');
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.headers['user-agent']).toBe('Greenlight-Webhooks/1.0');
    expect(delivery!.headers['greenlight-event-id']).toBe('evt_1');
    expect(delivery!.headers['greenlight-event-type']).toBe('booking.approved');
    const signature = delivery!.headers['greenlight-signature'] as string;
    expect(signature).toMatch(new RegExp(`^t=${Date.parse('2026-11-20T10:00:00Z') / 1000},v1=[0-9a-f]{64}$`));
    await expect(
      verifyWebhook(delivery!.body, signature, 'whsec_abc', { now: clock.now() }),
    ).resolves.toEqual(event);
  });

  it('treats 410 Gone as permanent', async () => {
    respond = (res) => res.writeHead(410).end();
    const error = await rejectionOf(sender().deliver(endpoint(), event, ctx()));
    expect(error).toBeInstanceOf(PortError);
    expect(error).toMatchObject({ retryable: false, options: { status: 410, code: 'gone' } });
  });

  it('retries a 500 and then delivers', async () => {
    respond = (res, count) => res.writeHead(count === 1 ? 500 : 200).end('ok');
    expect(await rejectionOf(sender().deliver(endpoint(), event, ctx()))).toMatchObject({
      retryable: true,
      options: { status: 500 },
    });
    await expect(sender().deliver(endpoint(), event, ctx({ attempt: 2 }))).resolves.toBeUndefined();
    expect(received).toHaveLength(2);
    expect(received[0]!.headers['greenlight-event-id']).toBe(received[1]!.headers['greenlight-event-id']);
  });

  it.each([
    ['delta seconds', () => '120', 120_000],
    ['an HTTP date', () => new Date(clock.now().getTime() + 30_000).toUTCString(), 30_000],
    ['an ISO timestamp', () => new Date(clock.now().getTime() + 45_000).toISOString(), 45_000],
  ])('honours Retry-After as %s on a 429', async (_name, header, expected) => {
    const value = header();
    respond = (res) => res.writeHead(429, { 'Retry-After': value }).end();
    expect(await rejectionOf(sender().deliver(endpoint(), event, ctx()))).toMatchObject({
      retryable: true,
      retryAfterMs: expected,
    });
  });

  it('backs off on a 429 without Retry-After', async () => {
    respond = (res) => res.writeHead(429).end();
    expect(await rejectionOf(sender().deliver(endpoint(), event, ctx({ attempt: 4 })))).toMatchObject({
      retryAfterMs: 8000,
    });
  });

  it('does not follow redirects', async () => {
    respond = (res, count) => res.writeHead(count === 1 ? 307 : 200, { location: `${base}/elsewhere` }).end();
    expect(await rejectionOf(sender().deliver(endpoint(), event, ctx()))).toMatchObject({
      retryable: true,
      options: { status: 307 },
    });
    expect(received).toHaveLength(1);
  });

  it('times out retryably when the receiver hangs', async () => {
    respond = () => {};
    const error = await rejectionOf(sender(50).deliver(endpoint(), event, ctx()));
    expect(error).toMatchObject({ retryable: true, options: { code: 'timeout' } });
  });

  it('fails retryably when the receiver cannot be reached', async () => {
    const error = await rejectionOf(
      sender().deliver({ ...endpoint(), url: 'http://127.0.0.1:1/hook' }, event, ctx()),
    );
    expect(error).toMatchObject({ retryable: true, options: { code: 'network_error' } });
  });

  it('delivers to the platform network by default (the platform registers endpoints)', async () => {
    await new HttpWebhookSender({ clock }).deliver(endpoint(), event, ctx());
    expect(received).toHaveLength(1);
  });

  it('refuses, permanently, an endpoint that is not on the public internet when private networks are not allowed', async () => {
    const guarded = new HttpWebhookSender({ clock, allowPrivateNetworks: false });
    const error = await rejectionOf(guarded.deliver(endpoint(), event, ctx()));
    expect(error).toMatchObject({ retryable: false, options: { code: 'unsafe_url' } });
    expect(received).toHaveLength(0);
  });
});
