import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const BASE_URL = 'https://api.greenlight.test';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** Parsed JSON, the raw text, or undefined without a body. */
  body: unknown;
}

type Reply = Response | 'network-error' | (() => Response | Promise<Response>);

/**
 * One msw server answering every request to `BASE_URL` from a queue of replies, recording each request.
 * Anything outside `BASE_URL`, or a request with no reply queued, fails the test.
 */
export function mockApi() {
  const requests: Recorded[] = [];
  const replies: Reply[] = [];
  const server = setupServer(
    http.all(`${BASE_URL}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const text = await request.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      requests.push({
        method: request.method,
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body,
      });
      const reply = replies.shift();
      if (reply === undefined) throw new Error(`no reply queued for ${request.method} ${url.pathname}`);
      if (reply === 'network-error') return HttpResponse.error();
      return typeof reply === 'function' ? reply() : reply;
    }),
  );
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    requests.length = 0;
    replies.length = 0;
  });
  afterAll(() => server.close());

  return {
    requests,
    get last(): Recorded {
      const last = requests.at(-1);
      if (!last) throw new Error('no request was made');
      return last;
    },
    /** Queue replies, answered in order. */
    reply(...next: Reply[]) {
      replies.push(...next);
    },
    json(body: unknown, status = 200, headers: Record<string, string> = {}) {
      replies.push(() => HttpResponse.json(body as Record<string, unknown>, { status, headers }));
    },
    problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}, headers = {}) {
      replies.push(() =>
        HttpResponse.json(
          { type: `urn:greenlight:problem:${code}`, title: code, status, detail, code, ...extra },
          { status, headers: { 'content-type': 'application/problem+json', ...headers } },
        ),
      );
    },
  };
}
