import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dns } from '../../test/fixtures/dns';
import { rejectionOf } from '../../test/fixtures/integrations';
import { guardedFetch, UnsafeUrlError } from './guarded-fetch';
import { send } from './request';

let server: Server;
let port: number;
let connections: number;
let requests: string[];
let handler: (req: IncomingMessage, res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.headers.host} ${req.url}`);
    handler(req, res);
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  connections = 0;
  requests = [];
  handler = (req, res) => {
    const hop = /^\/hop\/(\d+)$/.exec(req.url ?? '');
    if (hop && Number(hop[1]) > 0) {
      res.writeHead(302, { location: `/hop/${Number(hop[1]) - 1}` }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`served ${req.url}`);
  };
});

/** A remote web server outside the process: answers by URL, records what it was asked. */
function remote(answer: (url: URL, init: RequestInit) => Response) {
  const seen: Array<{ url: string; headers: Headers }> = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : input);
    seen.push({ url: url.href, headers: new Headers(init.headers) });
    return answer(url, init);
  };
  return { fetch, seen };
}

const PUBLIC = '93.184.215.14';

describe('guardedFetch refuses addresses that are not public', () => {
  it.each([
    ['loopback', () => `http://127.0.0.1:${port}/feed.ics`],
    ['loopback written as one number', () => `http://2130706433:${port}/feed.ics`],
    ['IPv4-mapped loopback', () => `http://[::ffff:127.0.0.1]:${port}/feed.ics`],
    ['IPv6 loopback', () => `http://[::1]:${port}/feed.ics`],
    ['the metadata service', () => 'http://169.254.169.254/latest/meta-data/'],
  ])('an IP literal: %s', async (_name, url) => {
    const error = await rejectionOf(guardedFetch()(url()));
    expect(error).toBeInstanceOf(UnsafeUrlError);
    expect(error).toMatchObject({ retryable: false, options: { code: 'unsafe_url' } });
    expect(connections).toBe(0);
  });

  it('a host name that resolves to loopback, checked by the lookup the socket connects with', async () => {
    const lookup = dns({ 'feed.example.test': ['127.0.0.1'] });
    const error = await rejectionOf(guardedFetch({ lookup })(`http://feed.example.test:${port}/feed.ics`));
    expect(error).toBeInstanceOf(UnsafeUrlError);
    expect((error as Error).message).toBe(
      'refused: feed.example.test resolves to an address that is loopback, not on the public internet',
    );
    expect(lookup.calls).toEqual(['feed.example.test']);
    expect(connections).toBe(0);
  });

  it('a host name with one private address among public ones', async () => {
    const lookup = dns({ 'mixed.example.test': [PUBLIC, '10.1.2.3'] });
    const { fetch, seen } = remote(() => new Response('secret'));
    const error = await rejectionOf(guardedFetch({ lookup, fetch })('https://mixed.example.test/feed.ics'));
    expect(error).toBeInstanceOf(UnsafeUrlError);
    expect((error as Error).message).toContain('private');
    expect((error as Error).message).not.toContain('10.1.2.3');
    expect(seen).toEqual([]);
  });

  it('localhost, through the system resolver', async () => {
    const error = await rejectionOf(guardedFetch()(`http://localhost:${port}/feed.ics`));
    expect(error).toBeInstanceOf(UnsafeUrlError);
    expect(connections).toBe(0);
  });

  it('schemes other than http and https', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/feed.ics', 'gopher://127.0.0.1:6379/_']) {
      const error = await rejectionOf(guardedFetch({ allowPrivateNetworks: true })(url));
      expect(error).toBeInstanceOf(UnsafeUrlError);
      expect((error as Error).message).toContain('only http: and https:');
    }
  });

  it('keeps its verdict through send (not retried as a network error)', async () => {
    const error = await rejectionOf(
      send(`http://127.0.0.1:${port}/`, {}, { service: 'Test', timeoutMs: 5000, fetch: guardedFetch() }),
    );
    expect(error).toBeInstanceOf(UnsafeUrlError);
  });
});

describe('guardedFetch connects to the address it resolved', () => {
  it('reaches a name only the given lookup knows, on any port, when private networks are allowed', async () => {
    const lookup = dns({ 'feed.example.test': ['127.0.0.1'] });
    const response = await guardedFetch({ lookup, allowPrivateNetworks: true })(
      `http://feed.example.test:${port}/feed.ics`,
    );
    expect(await response.text()).toBe('served /feed.ics');
    expect(requests).toEqual([`feed.example.test:${port} /feed.ics`]);
    expect(lookup.calls).toEqual(['feed.example.test']);
  });
});

describe('guardedFetch redirects', () => {
  it('follows up to three redirects and refuses a fourth', async () => {
    const get = guardedFetch({ allowPrivateNetworks: true });
    const followed = await get(`http://127.0.0.1:${port}/hop/3`);
    expect(await followed.text()).toBe('served /hop/0');
    expect(requests).toHaveLength(4);

    const error = await rejectionOf(get(`http://127.0.0.1:${port}/hop/4`));
    expect(error).toMatchObject({ retryable: false, options: { code: 'too_many_redirects' } });
  });

  it('checks every target: a public feed redirecting to the metadata service is refused', async () => {
    const lookup = dns({ 'calendar.example.com': [PUBLIC], 'internal.example.com': ['192.168.0.10'] });
    for (const target of ['http://169.254.169.254/latest/meta-data/', 'http://internal.example.com/']) {
      const { fetch, seen } = remote((url) =>
        url.hostname === 'calendar.example.com'
          ? new Response(null, { status: 302, headers: { location: target } })
          : new Response('secret'),
      );
      const error = await rejectionOf(
        guardedFetch({ lookup, fetch })('https://calendar.example.com/feed.ics'),
      );
      expect(error).toBeInstanceOf(UnsafeUrlError);
      expect(seen.map((s) => s.url)).toEqual(['https://calendar.example.com/feed.ics']);
    }
  });

  it('refuses a redirect to another scheme', async () => {
    const { fetch } = remote(
      () => new Response(null, { status: 301, headers: { location: 'file:///etc/passwd' } }),
    );
    const error = await rejectionOf(
      guardedFetch({ lookup: dns({ 'calendar.example.com': [PUBLIC] }), fetch })(
        'https://calendar.example.com/',
      ),
    );
    expect(error).toBeInstanceOf(UnsafeUrlError);
  });

  it('drops credentials on a redirect to another origin, keeps other headers', async () => {
    const lookup = dns({ 'a.example.com': [PUBLIC], 'b.example.com': [PUBLIC] });
    const { fetch, seen } = remote((url) =>
      url.hostname === 'a.example.com'
        ? new Response(null, { status: 307, headers: { location: 'https://b.example.com/feed.ics' } })
        : new Response('ok'),
    );
    await guardedFetch({ lookup, fetch })('https://a.example.com/feed.ics', {
      headers: { authorization: 'Bearer t', accept: 'text/calendar' },
    });
    expect(seen.map((s) => [s.url, s.headers.get('authorization'), s.headers.get('accept')])).toEqual([
      ['https://a.example.com/feed.ics', 'Bearer t', 'text/calendar'],
      ['https://b.example.com/feed.ics', null, 'text/calendar'],
    ]);
  });

  it("hands the redirect back for other methods and for redirect: 'manual'", async () => {
    const lookup = dns({ 'a.example.com': [PUBLIC] });
    const { fetch, seen } = remote(
      () => new Response(null, { status: 302, headers: { location: 'https://a.example.com/elsewhere' } }),
    );
    const get = guardedFetch({ lookup, fetch });
    expect((await get('https://a.example.com/hook', { method: 'POST', body: '{}' })).status).toBe(302);
    expect((await get('https://a.example.com/feed', { redirect: 'manual' })).status).toBe(302);
    expect(seen).toHaveLength(2);
  });
});
