import type { UserSettings } from '@greenlight/core';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mentor } from '../../test/fixtures/integrations';
import { GoogleFreeBusy } from './google-freebusy';

const API = 'https://google.test';
const URL_ = `${API}/calendar/v3/freeBusy`;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const settings: UserSettings = {
  autoApprove: false,
  autoApprovalRules: [],
  calendarFeedUrl: null,
  availability: [],
};
const window = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') };

function tokens() {
  const calls: boolean[] = [];
  return {
    calls,
    getAccessToken: async (_mentor: unknown, { forceRefresh }: { forceRefresh: boolean }) => {
      calls.push(forceRefresh);
      return forceRefresh ? 'fresh-token' : 'cached-token';
    },
  };
}

function route(...responses: Array<() => Response | Promise<Response>>) {
  const seen: Request[] = [];
  server.use(
    http.post(URL_, ({ request }) => {
      seen.push(request.clone());
      return responses[Math.min(seen.length - 1, responses.length - 1)]!();
    }),
  );
  return seen;
}

const ok = (calendars: Record<string, unknown>) => () =>
  HttpResponse.json({
    kind: 'calendar#freeBusy',
    timeMin: '2026-12-01T00:00:00.000Z',
    timeMax: '2026-12-02T00:00:00.000Z',
    calendars,
  });

describe('GoogleFreeBusy', () => {
  it('queries free/busy for the mentor calendars with a bearer token and returns the busy slots', async () => {
    const seen = route(
      ok({
        primary: { busy: [{ start: '2026-12-01T15:00:00Z', end: '2026-12-01T16:00:00Z' }] },
        'team@example.com': { busy: [{ start: '2026-12-01T09:00:00Z', end: '2026-12-01T09:30:00Z' }] },
      }),
    );
    const t = tokens();
    const source = new GoogleFreeBusy({
      ...t,
      apiUrl: API,
      calendarIds: () => ['primary', 'team@example.com'],
    });
    const result = await source.busyTimes({ mentor, settings, ...window });
    expect(result).toEqual({
      source: 'google',
      status: 'ok',
      busy: [
        { start: new Date('2026-12-01T09:00:00Z'), end: new Date('2026-12-01T09:30:00Z') },
        { start: new Date('2026-12-01T15:00:00Z'), end: new Date('2026-12-01T16:00:00Z') },
      ],
    });
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer cached-token');
    expect(await seen[0]!.json()).toEqual({
      timeMin: '2026-12-01T00:00:00.000Z',
      timeMax: '2026-12-02T00:00:00.000Z',
      items: [{ id: 'primary' }, { id: 'team@example.com' }],
    });
  });

  it('is unknown with the reason when a calendar answers with errors, keeping the others busy slots', async () => {
    route(
      ok({
        primary: { busy: [{ start: '2026-12-01T15:00:00Z', end: '2026-12-01T16:00:00Z' }] },
        'gone@example.com': { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] },
      }),
    );
    const result = await new GoogleFreeBusy({
      ...tokens(),
      apiUrl: API,
      calendarIds: () => ['primary', 'gone@example.com'],
    }).busyTimes({ mentor, settings, ...window });
    expect(result.status).toBe('unknown');
    expect(result.detail).toBe('Google Calendar could not be read for gone@example.com: notFound');
    expect(result.busy).toHaveLength(1);
  });

  it('refreshes the token once after a 401 and asks again', async () => {
    const seen = route(
      () =>
        HttpResponse.json(
          { error: { code: 401, message: 'Invalid Credentials', status: 'UNAUTHENTICATED' } },
          { status: 401 },
        ),
      ok({ primary: { busy: [] } }),
    );
    const t = tokens();
    const result = await new GoogleFreeBusy({ ...t, apiUrl: API }).busyTimes({ mentor, settings, ...window });
    expect(result.status).toBe('ok');
    expect(t.calls).toEqual([false, true]);
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer cached-token',
      'Bearer fresh-token',
    ]);
  });

  it('is unknown when the refreshed token is refused too', async () => {
    const seen = route(() =>
      HttpResponse.json(
        { error: { code: 401, message: 'Invalid Credentials', status: 'UNAUTHENTICATED' } },
        { status: 401 },
      ),
    );
    const result = await new GoogleFreeBusy({ ...tokens(), apiUrl: API }).busyTimes({
      mentor,
      settings,
      ...window,
    });
    expect(seen).toHaveLength(2);
    expect(result.status).toBe('unknown');
    expect(result.detail).toContain('refused even after a refresh');
    expect(result.detail).toContain('Invalid Credentials');
  });

  it('is ok with nothing busy when the mentor has not connected Google', async () => {
    const result = await new GoogleFreeBusy({ getAccessToken: async () => null, apiUrl: API }).busyTimes({
      mentor,
      settings,
      ...window,
    });
    expect(result).toEqual({
      source: 'google',
      status: 'ok',
      busy: [],
      detail: 'Google Calendar not connected',
    });
  });

  it('is unknown on a rate limit, and reads again once Google recovers', async () => {
    route(
      () =>
        HttpResponse.json(
          { error: { code: 429, message: 'Rate Limit Exceeded', status: 'RESOURCE_EXHAUSTED' } },
          { status: 429, headers: { 'Retry-After': '30' } },
        ),
      () => HttpResponse.json({ error: { code: 500, message: 'Backend Error' } }, { status: 500 }),
      ok({ primary: { busy: [] } }),
    );
    const source = new GoogleFreeBusy({ ...tokens(), apiUrl: API });
    const first = await source.busyTimes({ mentor, settings, ...window });
    expect(first.status).toBe('unknown');
    expect(first.detail).toContain('429');
    expect((await source.busyTimes({ mentor, settings, ...window })).detail).toContain('500: Backend Error');
    expect((await source.busyTimes({ mentor, settings, ...window })).status).toBe('ok');
  });

  it('is unknown on a permanent 4xx, a timeout, or a body that is not JSON', async () => {
    const source = new GoogleFreeBusy({ ...tokens(), apiUrl: API, timeoutMs: 50 });
    route(() =>
      HttpResponse.json(
        { error: { code: 400, message: 'Bad Request', status: 'INVALID_ARGUMENT' } },
        { status: 400 },
      ),
    );
    expect((await source.busyTimes({ mentor, settings, ...window })).detail).toBe(
      'Google Calendar answered 400: INVALID_ARGUMENT: Bad Request',
    );

    route(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    expect((await source.busyTimes({ mentor, settings, ...window })).detail).toContain(
      'did not answer within 50 ms',
    );

    route(() => new HttpResponse('<html>oops</html>', { status: 200 }));
    const malformed = await source.busyTimes({ mentor, settings, ...window });
    expect(malformed.status).toBe('unknown');
    expect(malformed.detail).toContain('not JSON');
  });

  it('is unknown when a requested calendar is missing from the answer', async () => {
    route(ok({}));
    const result = await new GoogleFreeBusy({ ...tokens(), apiUrl: API }).busyTimes({
      mentor,
      settings,
      ...window,
    });
    expect(result).toMatchObject({
      status: 'unknown',
      detail: 'Google Calendar could not be read for primary: missing from the answer',
    });
  });
});
