import { HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aBooking } from '../test/fixtures';
import { BASE_URL, mockApi } from '../test/mock-api';
import { Greenlight } from './client';
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  type GreenlightError,
  IdempotencyKeyInUseError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from './errors';

const api = mockApi();

function client(overrides: Partial<ConstructorParameters<typeof Greenlight>[0]> = {}) {
  return new Greenlight({ baseUrl: BASE_URL, apiKey: 'sk_test', ...overrides } as ConstructorParameters<
    typeof Greenlight
  >[0]);
}

afterEach(() => {
  // Mocks first: fakeClock's spy wraps the fake setTimeout, and restoring it after the real timers came back
  // would put the fake one back on globalThis.
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/**
 * Fake `setTimeout` and `Date` while real I/O (msw, streams) keeps running. `sleepsExactly(ms, count, n)`
 * waits until the SDK has scheduled a timer of `ms`, checks that `count()` is still `n` 1 ms before it
 * fires, then fires it and lets the next attempt start.
 */
function fakeClock(now?: Date) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], ...(now ? { now } : {}) });
  const scheduled = vi.spyOn(globalThis, 'setTimeout');
  const letIoRun = () => new Promise<void>((resolve) => setImmediate(resolve));
  const untilTimer = async (ms: number, nth: number) => {
    for (let i = 0; i < 500; i++) {
      if (scheduled.mock.calls.filter(([, t]) => t === ms).length > nth) return;
      await letIoRun();
    }
    throw new Error(`the SDK never scheduled a ${ms} ms timer`);
  };
  return {
    async sleepsExactly(ms: number, count: () => number, n: number, alreadyScheduled = 0) {
      await untilTimer(ms, alreadyScheduled);
      await vi.advanceTimersByTimeAsync(ms - 1);
      expect(count()).toBe(n);
      await vi.advanceTimersByTimeAsync(1);
      // A zero-delay retry scheduled while the clock ticks lands 1 ms later on the fake clock.
      for (let i = 0; i < 500 && count() === n; i++) {
        await letIoRun();
        await vi.advanceTimersByTimeAsync(1);
      }
    },
  };
}

/** Full jitter draws from [0, backoff): pinning Math.random to 0 makes retries immediate. */
function noJitterDelay() {
  vi.spyOn(Math, 'random').mockReturnValue(0);
}

describe('retries', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries a %i and reuses the idempotency key', async (status) => {
    noJitterDelay();
    api.problem(status, status === 429 ? 'rate_limited' : 'internal_error', 'try again');
    api.json(aBooking({ status: 'approved' }));
    const booking = await client().bookings.approve('bkg_1');
    expect(booking.status).toBe('approved');
    const keys = api.requests.map((r) => r.headers.get('idempotency-key'));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    expect(api.requests[1]?.body).toEqual(api.requests[0]?.body);
  });

  it('retries a dropped connection with the same idempotency key, then succeeds', async () => {
    noJitterDelay();
    api.reply('network-error', 'network-error');
    api.json(aBooking({ status: 'rejected' }));
    await client().bookings.reject(
      'bkg_1',
      { reason: 'Outside my expertise, sorry' },
      { idempotencyKey: 'k-1' },
    );
    expect(api.requests.map((r) => r.headers.get('idempotency-key'))).toEqual(['k-1', 'k-1', 'k-1']);
  });

  it('gives up after maxRetries with a ConnectionError', async () => {
    noJitterDelay();
    api.reply('network-error', 'network-error');
    const error = await client({ maxRetries: 1 })
      .bookings.get('bkg_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'connection_error', status: undefined });
    expect(api.requests).toHaveLength(2);
  });

  it('gives up after maxRetries with the last error response', async () => {
    noJitterDelay();
    api.problem(503, 'internal_error', 'down', { requestId: 'req_1' });
    api.problem(503, 'internal_error', 'still down', { requestId: 'req_2' });
    api.problem(503, 'internal_error', 'down for good', { requestId: 'req_3' });
    const error = await client()
      .bookings.get('bkg_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503, detail: 'down for good', requestId: 'req_3' });
    expect(api.requests).toHaveLength(3);
  });

  it('a per-call maxRetries overrides the client’s', async () => {
    api.problem(500, 'internal_error', 'boom');
    await expect(client({ maxRetries: 5 }).bookings.get('bkg_1', { maxRetries: 0 })).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(api.requests).toHaveLength(1);
  });

  it.each([
    [400, 'validation_failed'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'invalid_transition'],
    [422, 'idempotency_key_reused'],
  ])('does not retry a %i', async (status, code) => {
    api.problem(status, code, 'no');
    await expect(client().bookings.approve('bkg_1')).rejects.toMatchObject({ status, code });
    expect(api.requests).toHaveLength(1);
  });

  it('backs off exponentially with full jitter between attempts', async () => {
    const clock = fakeClock();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    api.problem(500, 'internal_error', 'boom');
    api.problem(500, 'internal_error', 'boom');
    api.json(aBooking());
    const done = client().bookings.get('bkg_1');
    // Half (the jitter draw) of 500 ms, then of 1 000 ms.
    await clock.sleepsExactly(250, () => api.requests.length, 1);
    await clock.sleepsExactly(500, () => api.requests.length, 2);
    await expect(done).resolves.toMatchObject({ id: 'bkg_1' });
  });

  it('waits Retry-After seconds before retrying', async () => {
    const clock = fakeClock();
    api.problem(429, 'rate_limited', 'slow down', {}, { 'retry-after': '3' });
    api.json(aBooking());
    const done = client().bookings.approve('bkg_1');
    await clock.sleepsExactly(3_000, () => api.requests.length, 1);
    await expect(done).resolves.toMatchObject({ id: 'bkg_1' });
  });

  it('retries a 409 idempotency_key_in_use after its Retry-After, with the same key, and gets the outcome', async () => {
    const clock = fakeClock();
    api.problem(409, 'idempotency_key_in_use', 'still being processed', {}, { 'retry-after': '1' });
    api.json(aBooking({ status: 'approved' }));
    const done = client().bookings.approve('bkg_1', {}, { idempotencyKey: 'k-busy' });
    await clock.sleepsExactly(1_000, () => api.requests.length, 1);
    await expect(done).resolves.toMatchObject({ status: 'approved' });
    expect(api.requests.map((r) => r.headers.get('idempotency-key'))).toEqual(['k-busy', 'k-busy']);
  });

  it('gives up on a key that stays in use with an IdempotencyKeyInUseError', async () => {
    noJitterDelay();
    for (let i = 0; i < 3; i++)
      api.problem(409, 'idempotency_key_in_use', 'still being processed', {}, { 'retry-after': '0' });
    const error = await client()
      .bookings.approve('bkg_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdempotencyKeyInUseError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(api.requests).toHaveLength(3);
  });

  it('waits until a Retry-After HTTP date before retrying', async () => {
    const clock = fakeClock(new Date('2026-12-01T10:00:00Z'));
    api.problem(503, 'internal_error', 'maintenance', {}, { 'retry-after': 'Tue, 01 Dec 2026 10:00:05 GMT' });
    api.json(aBooking());
    const done = client().bookings.get('bkg_1');
    await clock.sleepsExactly(5_000, () => api.requests.length, 1);
    await expect(done).resolves.toMatchObject({ id: 'bkg_1' });
  });

  it('does not sleep through a long Retry-After: the caller gets a RateLimitError with retryAfter', async () => {
    api.problem(429, 'rate_limited', 'come back later', {}, { 'retry-after': '3600' });
    const error = await client()
      .bookings.get('bkg_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfter: 3600, status: 429, code: 'rate_limited' });
    expect(api.requests).toHaveLength(1);
  });

  it('stops waiting for a retry when the caller aborts', async () => {
    api.problem(429, 'rate_limited', 'slow down', {}, { 'retry-after': '30' });
    const controller = new AbortController();
    const done = client().bookings.get('bkg_1', { signal: controller.signal });
    await vi.waitFor(() => expect(api.requests).toHaveLength(1));
    controller.abort(new Error('user gave up'));
    await expect(done).rejects.toThrow('user gave up');
    expect(api.requests).toHaveLength(1);
  });
});

describe('timeouts', () => {
  /** A fetch that never answers, only giving up when its signal aborts. */
  const hangingFetch = vi.fn(
    (_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_, reject) => {
        const signal = init?.signal ?? (_input instanceof Request ? _input.signal : undefined);
        signal?.addEventListener('abort', () => reject(signal.reason));
      }),
  );

  it('throws a TimeoutError after timeoutMs on each attempt, retrying in between', async () => {
    const clock = fakeClock();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    hangingFetch.mockClear();
    const done = client({ fetch: hangingFetch, timeoutMs: 1_000, maxRetries: 1 })
      .bookings.approve('bkg_1')
      .catch((e: unknown) => e);
    await clock.sleepsExactly(1_000, () => hangingFetch.mock.calls.length, 1);
    await clock.sleepsExactly(1_000, () => hangingFetch.mock.calls.length, 2, 1);
    const error = await done;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'timeout', detail: expect.stringContaining('1000 ms') });
    expect(hangingFetch).toHaveBeenCalledTimes(2);
    const keys = hangingFetch.mock.calls.map(([input]) => (input as Request).headers.get('idempotency-key'));
    expect(keys[1]).toBe(keys[0]);
  });

  it('a per-call timeoutMs overrides the client’s', async () => {
    const clock = fakeClock();
    hangingFetch.mockClear();
    const done = client({ fetch: hangingFetch, timeoutMs: 60_000, maxRetries: 0 })
      .bookings.get('bkg_1', { timeoutMs: 50 })
      .catch((e: unknown) => e);
    await clock.sleepsExactly(50, () => hangingFetch.mock.calls.length, 1);
    await expect(done).resolves.toBeInstanceOf(TimeoutError);
  });
});

describe('responses', () => {
  it('rejects a response that breaks the contract', async () => {
    api.json({ ...aBooking(), status: 'maybe' }, 200, { 'request-id': 'req_9' });
    const error = await client()
      .bookings.get('bkg_1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ code: 'invalid_response', status: 200, requestId: 'req_9' });
    expect((error as GreenlightError).errors.map((e) => e.path)).toEqual(['status']);
  });

  it('passes a non-conforming response through with validateResponses: false', async () => {
    api.json({ ...aBooking(), status: 'maybe' });
    const booking = await client({ validateResponses: false }).bookings.get('bkg_1');
    expect(booking.status).toBe('maybe');
  });

  it('keeps fields the server added after this SDK was built', async () => {
    api.json({ ...aBooking(), newField: 'hello' });
    const booking = await client().bookings.get('bkg_1');
    expect(booking).toHaveProperty('newField', 'hello');
  });

  it('rejects a 2xx that is not JSON', async () => {
    api.reply(() => new HttpResponse('<html>proxy</html>', { headers: { 'content-type': 'text/html' } }));
    await expect(client().bookings.get('bkg_1')).rejects.toMatchObject({
      code: 'invalid_response',
      detail: expect.stringContaining('not JSON'),
    });
  });
});

describe('headers', () => {
  it('sends the bearer credential, Accept and a User-Agent naming the SDK and the app', async () => {
    api.json(aBooking());
    await client({ userAgent: 'my-app/1.2' }).bookings.get('bkg_1');
    expect(api.last.headers.get('authorization')).toBe('Bearer sk_test');
    expect(api.last.headers.get('accept')).toBe('application/json');
    expect(api.last.headers.get('user-agent')).toMatch(/^my-app\/1\.2 greenlight-sdk\/\d+\.\d+\.\d+/);
    expect(api.last.headers.get('greenlight-actor')).toBeNull();
  });

  it('leaves User-Agent to the browser, whose CORS preflight would refuse a custom one', async () => {
    vi.stubGlobal('document', {});
    try {
      api.json(aBooking());
      await client({ userAgent: 'my-app/1.2' }).bookings.get('bkg_1');
      expect(api.last.headers.get('user-agent') ?? '').not.toContain('greenlight-sdk');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('as(userId) adds Greenlight-Actor and leaves the original client alone', async () => {
    const platform = client();
    const mentor = platform.as('usr_mentor');
    api.json(aBooking());
    api.json(aBooking());
    await mentor.bookings.approve('bkg_1');
    await platform.bookings.get('bkg_1');
    const [asMentor, asPlatform] = api.requests;
    expect(asMentor?.headers.get('greenlight-actor')).toBe('usr_mentor');
    expect(asMentor?.headers.get('authorization')).toBe('Bearer sk_test');
    expect(asPlatform?.headers.get('greenlight-actor')).toBeNull();
    expect(mentor.actor).toBe('usr_mentor');
    expect(mentor.as('usr_mentee').actor).toBe('usr_mentee');
  });

  it('sends its channel as Greenlight-Channel on every request, through as() too', async () => {
    const slack = client({ channel: 'slack' });
    api.json(aBooking());
    api.json(aBooking());
    api.json(aBooking());
    await slack.as('usr_mentor').bookings.approve('bkg_1');
    await slack.bookings.get('bkg_1');
    await client().bookings.get('bkg_1');
    expect(api.requests.map((r) => r.headers.get('greenlight-channel'))).toEqual(['slack', 'slack', null]);
  });

  it('keeps a path prefix in the base URL', async () => {
    api.json(aBooking());
    await client({ baseUrl: `${BASE_URL}/greenlight/` }).bookings.get('bkg_1');
    expect(api.last.path).toBe('/greenlight/v1/bookings/bkg_1');
  });
});

describe('token provider', () => {
  it('asks for the token before every request and sends it as the bearer', async () => {
    const provider = vi.fn(({ refresh }: { refresh: boolean }) =>
      refresh ? 'stale' : `jwt_${provider.mock.calls.length}`,
    );
    const user = new Greenlight({ baseUrl: BASE_URL, token: provider });
    api.json(aBooking());
    api.json(aBooking());
    await user.bookings.get('bkg_1');
    await user.bookings.get('bkg_1');
    expect(api.requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer jwt_1', 'Bearer jwt_2']);
    expect(provider.mock.calls.map(([context]) => context)).toEqual([{ refresh: false }, { refresh: false }]);
  });

  it('awaits an async provider', async () => {
    const user = new Greenlight({ baseUrl: BASE_URL, token: async () => 'jwt_async' });
    api.json(aBooking());
    await user.bookings.get('bkg_1');
    expect(api.last.headers.get('authorization')).toBe('Bearer jwt_async');
  });

  it('on a 401 asks for a fresh token and sends the call once more with the same idempotency key', async () => {
    const provider = vi.fn(({ refresh }: { refresh: boolean }) => (refresh ? 'jwt_fresh' : 'jwt_expired'));
    const user = new Greenlight({ baseUrl: BASE_URL, token: provider });
    api.problem(401, 'unauthorized', 'the token has expired; mint a new one');
    api.json(aBooking({ status: 'approved' }));
    await expect(user.bookings.approve('bkg_1')).resolves.toMatchObject({ status: 'approved' });
    const [first, second] = api.requests;
    expect(first?.headers.get('authorization')).toBe('Bearer jwt_expired');
    expect(second?.headers.get('authorization')).toBe('Bearer jwt_fresh');
    expect(second?.headers.get('idempotency-key')).toBe(first?.headers.get('idempotency-key'));
    expect(provider).toHaveBeenLastCalledWith({ refresh: true });
  });

  it('gives up with the AuthenticationError when the fresh token is refused too', async () => {
    const user = new Greenlight({ baseUrl: BASE_URL, token: () => 'jwt_revoked' });
    api.problem(401, 'unauthorized', 'the token signature is invalid');
    api.problem(401, 'unauthorized', 'the token signature is invalid');
    await expect(user.bookings.get('bkg_1')).rejects.toBeInstanceOf(AuthenticationError);
    expect(api.requests).toHaveLength(2);
  });

  it('a static token is not retried on a 401', async () => {
    const user = new Greenlight({ baseUrl: BASE_URL, token: 'jwt_static' });
    api.problem(401, 'unauthorized', 'the token has expired; mint a new one');
    await expect(user.bookings.get('bkg_1')).rejects.toBeInstanceOf(AuthenticationError);
    expect(api.requests).toHaveLength(1);
  });
});

describe('configuration', () => {
  it('refuses a client without credentials or base URL', () => {
    expect(() => new Greenlight({ baseUrl: BASE_URL } as never)).toThrow(/apiKey .* or token/);
    expect(() => new Greenlight({ baseUrl: '', apiKey: 'k' })).toThrow(/baseUrl is required/);
  });

  it('refuses a channel the server would refuse, naming the allowed ones', () => {
    expect(() => new Greenlight({ baseUrl: BASE_URL, apiKey: 'k', channel: 'email' as never })).toThrow(
      'Greenlight: channel must be one of api, web, slack',
    );
  });

  it('refuses as() on a user-token client', () => {
    const user = new Greenlight({ baseUrl: BASE_URL, token: 'jwt' });
    expect(() => user.as('usr_other')).toThrow(/platform API key/);
  });
});
