import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PortError } from '@greenlight/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, retryDelayMs, send } from './request';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    if (req.url === '/html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<PortError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PortError);
  return error as PortError;
}

describe('send', () => {
  it('returns the response', async () => {
    const response = await send(`${base}/ok`, {}, { service: 'Test', timeoutMs: 5000 });
    await expect(readJson(response, 'Test')).resolves.toEqual({ ok: true });
  });

  it('turns a timeout into a retryable PortError', async () => {
    const error = await failure(send(`${base}/hang`, {}, { service: 'Test', timeoutMs: 50 }));
    expect(error.retryable).toBe(true);
    expect(error.options.code).toBe('timeout');
    expect(error.message).toContain('Test did not answer within 50 ms');
  });

  it('turns a refused connection into a retryable PortError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(send(`http://127.0.0.1:${port}/`, {}, { service: 'Test', timeoutMs: 5000 }));
    expect(error.retryable).toBe(true);
    expect(error.options.code).toBe('network_error');
  });

  it("stops when the caller's signal aborts", async () => {
    const controller = new AbortController();
    const pending = send(
      `${base}/hang`,
      {},
      { service: 'Test', timeoutMs: 60_000, signal: controller.signal },
    );
    controller.abort();
    expect((await failure(pending)).options.code).toBe('aborted');
  });
});

describe('readJson', () => {
  it('turns a body that is not JSON into a retryable malformed_response error', async () => {
    const response = await send(`${base}/html`, {}, { service: 'Test', timeoutMs: 5000 });
    const error = await failure(readJson(response, 'Test'));
    expect(error.retryable).toBe(true);
    expect(error.options.code).toBe('malformed_response');
    expect(error.message).toContain('Bad gateway');
  });
});

describe('retryDelayMs', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');
  it("prefers the service's Retry-After", () => {
    expect(retryDelayMs(new Response(null, { status: 503, headers: { 'retry-after': '7' } }), 1, now)).toBe(
      7000,
    );
  });
  it('backs off by attempt on a 429 without Retry-After', () => {
    expect(retryDelayMs(new Response(null, { status: 429 }), 3, now)).toBe(4000);
  });
  it('leaves other failures to the worker', () => {
    expect(retryDelayMs(new Response(null, { status: 500 }), 3, now)).toBeUndefined();
  });
});
