import { PortError } from '@greenlight/core';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ctx, manualClock, mentee, mentor, rejectionOf } from '../../test/fixtures/integrations';
import { ZoomMeetings, zoomStartTime } from './zoom';
import { ZoomApiError } from './zoom-errors';

const OAUTH = 'https://zoom.test/oauth/token';
const API = 'https://api.zoom.test/v2';
const server = setupServer();

let tokenRequests: Request[];
let tokenCounter: number;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

beforeEach(() => {
  tokenRequests = [];
  tokenCounter = 0;
  server.use(
    http.post(OAUTH, ({ request }) => {
      tokenRequests.push(request.clone());
      tokenCounter += 1;
      return HttpResponse.json({
        access_token: `token-${tokenCounter}`,
        token_type: 'bearer',
        expires_in: 3599,
        scope: 'meeting:write:meeting meeting:delete:meeting',
        api_url: 'https://api.zoom.us',
      });
    }),
  );
});

let clock = manualClock('2026-11-20T10:00:00.000Z');
beforeEach(() => {
  clock = manualClock('2026-11-20T10:00:00.000Z');
});

function zoom(options: Partial<ConstructorParameters<typeof ZoomMeetings>[0]> = {}) {
  return new ZoomMeetings({
    accountId: 'acc-1',
    clientId: 'client',
    clientSecret: 'secret',
    oauthUrl: OAUTH,
    apiUrl: API,
    clock,
    ...options,
  });
}

const request = {
  bookingId: 'bkg_1',
  topic: 'Career chat: Ada Mentor & Max',
  agenda: 'Mentoring session booked through Greenlight.',
  start: new Date('2026-12-01T15:00:00.000Z'),
  durationMinutes: 45,
  timezone: 'Europe/Berlin',
  mentor,
  mentee,
};

const created = {
  id: 85746065432,
  uuid: 'aDYlohsHRtCd4ii1uC2+hA==',
  host_id: 'z8yAAAAA8bbbQ',
  topic: request.topic,
  type: 2,
  start_time: '2026-12-01T15:00:00Z',
  duration: 45,
  timezone: 'Europe/Berlin',
  join_url: 'https://us05web.zoom.us/j/85746065432?pwd=abc',
  start_url: 'https://us05web.zoom.us/s/85746065432?zak=xyz',
  password: 'abc',
};

function meetingsRoute(...responses: Array<() => Response | Promise<Response>>) {
  const seen: Request[] = [];
  server.use(
    http.post(`${API}/users/:userId/meetings`, ({ request: req }) => {
      seen.push(req.clone());
      const next = responses[Math.min(seen.length - 1, responses.length - 1)]!;
      return next();
    }),
  );
  return seen;
}

/** A retry first looks for a meeting an earlier attempt made: here there is none. */
function noEarlierMeetings() {
  server.use(http.get(`${API}/users/:userId/meetings`, () => HttpResponse.json({ meetings: [] })));
}

describe('zoomStartTime', () => {
  it('formats UTC without milliseconds', () => {
    expect(zoomStartTime(new Date('2026-12-01T15:00:00.123Z'))).toBe('2026-12-01T15:00:00Z');
  });
});

describe('ZoomMeetings.createMeeting', () => {
  it('gets a Server-to-Server token and creates a scheduled meeting in the mentor time zone', async () => {
    const seen = meetingsRoute(() => HttpResponse.json(created, { status: 201 }));
    const meeting = await zoom({ userId: 'host@example.com' }).createMeeting(request, ctx());

    expect(meeting).toEqual({ provider: 'zoom', id: '85746065432', joinUrl: created.join_url });
    expect(tokenRequests).toHaveLength(1);
    const tokenUrl = new URL(tokenRequests[0]!.url);
    expect(tokenUrl.searchParams.get('grant_type')).toBe('account_credentials');
    expect(tokenUrl.searchParams.get('account_id')).toBe('acc-1');
    expect(tokenRequests[0]!.headers.get('authorization')).toBe(`Basic ${btoa('client:secret')}`);

    expect(seen).toHaveLength(1);
    const sent = seen[0]!;
    expect(new URL(sent.url).pathname).toBe('/v2/users/host%40example.com/meetings');
    expect(sent.headers.get('authorization')).toBe('Bearer token-1');
    expect(sent.headers.get('content-type')).toBe('application/json');
    expect(await sent.json()).toEqual({
      topic: request.topic,
      type: 2,
      start_time: '2026-12-01T15:00:00Z',
      duration: 45,
      timezone: 'Europe/Berlin',
      agenda: `Greenlight booking bkg_1\n\n${request.agenda}`,
      settings: {
        join_before_host: false,
        waiting_room: true,
        host_video: true,
        participant_video: true,
        mute_upon_entry: false,
        approval_type: 2,
        auto_recording: 'none',
      },
    });
  });

  it('reuses the cached token, shares one fetch between concurrent calls, and refreshes before expiry', async () => {
    const seen = meetingsRoute(() => HttpResponse.json(created, { status: 201 }));
    const provider = zoom();
    await Promise.all([provider.createMeeting(request, ctx()), provider.createMeeting(request, ctx())]);
    await provider.createMeeting(request, ctx());
    expect(tokenRequests).toHaveLength(1);

    clock.advance(3599_000 - 60_000 - 1);
    await provider.createMeeting(request, ctx());
    expect(tokenRequests).toHaveLength(1);
    clock.advance(1);
    await provider.createMeeting(request, ctx());
    expect(tokenRequests).toHaveLength(2);
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('fetches a new token once after a 401 and retries the call', async () => {
    const seen = meetingsRoute(
      () => HttpResponse.json({ code: 124, message: 'Invalid access token.' }, { status: 401 }),
      () => HttpResponse.json(created, { status: 201 }),
    );
    const meeting = await zoom().createMeeting(request, ctx());
    expect(meeting.id).toBe('85746065432');
    expect(tokenRequests).toHaveLength(2);
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('gives up without retry when the fresh token is refused too', async () => {
    const seen = meetingsRoute(() =>
      HttpResponse.json({ code: 124, message: 'Invalid access token.' }, { status: 401 }),
    );
    const error = await rejectionOf(zoom().createMeeting(request, ctx()));
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error).toMatchObject({ retryable: false, status: 401, zoomCode: 124 });
    expect(seen).toHaveLength(2);
  });

  it('reports wrong client credentials as a permanent failure', async () => {
    server.use(
      http.post(OAUTH, () =>
        HttpResponse.json(
          { reason: 'Invalid client_id or client_secret', error: 'invalid_client' },
          { status: 401 },
        ),
      ),
    );
    const error = await rejectionOf(zoom().createMeeting(request, ctx()));
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error).toMatchObject({ retryable: false, zoomCode: 'invalid_client' });
    expect((error as Error).message).toContain('Invalid client_id or client_secret');
  });

  describe('429 rate limits', () => {
    const limited = (headers: Record<string, string>) => () =>
      HttpResponse.json(
        {
          code: 429,
          message: 'You have exceeded the daily rate limit of (100) of Create meeting API requests.',
        },
        { status: 429, headers },
      );

    it.each([
      ['delta seconds', () => '30', 30_000],
      ['an HTTP date', () => new Date(clock.now().getTime() + 90_000).toUTCString(), 90_000],
      ['an ISO timestamp', () => new Date(clock.now().getTime() + 3_600_000).toISOString(), 3_600_000],
    ])('honours Retry-After as %s', async (_name, header, expected) => {
      meetingsRoute(limited({ 'Retry-After': header() }));
      const error = await rejectionOf(zoom().createMeeting(request, ctx()));
      expect(error).toBeInstanceOf(ZoomApiError);
      expect(error).toMatchObject({ retryable: true, status: 429, retryAfterMs: expected });
    });

    it('backs off by attempt when Retry-After is absent', async () => {
      noEarlierMeetings();
      meetingsRoute(limited({}));
      const error = await rejectionOf(zoom().createMeeting(request, ctx({ attempt: 3 })));
      expect(error).toMatchObject({ retryable: true, retryAfterMs: 4000 });
    });
  });

  it('fails retryably on a 500 and succeeds on the next attempt', async () => {
    noEarlierMeetings();
    const seen = meetingsRoute(
      () => HttpResponse.json({ code: 500, message: 'Internal error' }, { status: 500 }),
      () => HttpResponse.json(created, { status: 201 }),
    );
    const provider = zoom();
    const error = await rejectionOf(provider.createMeeting(request, ctx()));
    expect(error).toMatchObject({ retryable: true, status: 500 });
    await expect(provider.createMeeting(request, ctx({ attempt: 2 }))).resolves.toMatchObject({
      id: '85746065432',
    });
    expect(seen).toHaveLength(2);
  });

  it('times out retryably', async () => {
    meetingsRoute(async () => {
      await delay('infinite');
      return HttpResponse.json(created);
    });
    const error = await rejectionOf(zoom({ timeoutMs: 50 }).createMeeting(request, ctx()));
    expect(error).toBeInstanceOf(PortError);
    expect(error).toMatchObject({ retryable: true, options: { code: 'timeout' } });
  });

  it('treats a success body that is not JSON as retryable', async () => {
    meetingsRoute(() => new HttpResponse('<html>upstream hiccup</html>', { status: 201 }));
    const error = await rejectionOf(zoom().createMeeting(request, ctx()));
    expect(error).toMatchObject({ retryable: true, options: { code: 'malformed_response' } });
  });

  it('treats a validation error as permanent, with Zoom code and message', async () => {
    meetingsRoute(() =>
      HttpResponse.json(
        {
          code: 300,
          message: 'Validation Failed.',
          errors: [{ field: 'start_time', message: 'Invalid field.' }],
        },
        { status: 400 },
      ),
    );
    const error = await rejectionOf(zoom().createMeeting(request, ctx()));
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error).toMatchObject({ retryable: false, status: 400, zoomCode: 300, retryAfterMs: undefined });
    expect((error as Error).message).toBe(
      'Zoom create meeting failed with 400 (code 300): Validation Failed.',
    );
  });
});

describe('ZoomMeetings.createMeeting marks the meeting with its booking', () => {
  async function agendaSent(agenda: string): Promise<string> {
    const seen = meetingsRoute(() => HttpResponse.json(created, { status: 201 }));
    await zoom().createMeeting({ ...request, agenda }, ctx());
    return ((await seen[0]!.json()) as { agenda: string }).agenda;
  }

  it('first in the agenda (Zoom lists only 250 characters), alone when the mentee wrote nothing', async () => {
    expect(await agendaSent('')).toBe('Greenlight booking bkg_1');
    expect(await agendaSent('  ')).toBe('Greenlight booking bkg_1');
  });

  it('within the 2000 characters Zoom keeps', async () => {
    const agenda = await agendaSent('x'.repeat(2500));
    expect(agenda).toHaveLength(2000);
    expect(agenda.startsWith('Greenlight booking bkg_1\n\nxxx')).toBe(true);
  });
});

describe('ZoomMeetings.createMeeting retried (Zoom takes no idempotency key)', () => {
  interface FakeMeeting {
    id: number;
    topic: string;
    agenda: string;
    join_url: string;
  }

  /** Zoom's meetings of one host, as the API shows them: created by POST, listed two per page. */
  function fakeZoom(existing: FakeMeeting[] = []) {
    const meetings = [...existing];
    const posts: Request[] = [];
    const lists: URL[] = [];
    let loseNextAnswer = false;
    let listFailure: (() => Response) | undefined;
    server.use(
      http.post(`${API}/users/:userId/meetings`, async ({ request: req }) => {
        posts.push(req.clone());
        const body = (await req.json()) as { topic: string; agenda: string };
        const id = 90_000_000_000 + meetings.length;
        const meeting = { id, topic: body.topic, agenda: body.agenda, join_url: `https://zoom.test/j/${id}` };
        meetings.push(meeting);
        if (loseNextAnswer) {
          loseNextAnswer = false;
          await delay('infinite');
        }
        return HttpResponse.json({ ...created, ...meeting }, { status: 201 });
      }),
      http.get(`${API}/users/:userId/meetings`, ({ request: req }) => {
        const url = new URL(req.url);
        lists.push(url);
        if (listFailure) return listFailure();
        const start = Number(url.searchParams.get('next_page_token') || 0);
        const page = meetings.slice(start, start + 2).map((m) => ({
          ...m,
          agenda: m.agenda.slice(0, 250),
          type: 2,
          start_time: '2026-12-01T15:00:00Z',
          duration: 45,
        }));
        const next = start + 2 < meetings.length ? String(start + 2) : '';
        return HttpResponse.json({
          page_size: 300,
          total_records: meetings.length,
          next_page_token: next,
          meetings: page,
        });
      }),
    );
    return {
      meetings,
      posts,
      lists,
      loseNextAnswer: () => {
        loseNextAnswer = true;
      },
      failLists: (response: () => Response) => {
        listFailure = response;
      },
    };
  }

  const other = (id: number, agenda: string): FakeMeeting => ({
    id,
    topic: 'Someone else',
    agenda,
    join_url: `https://zoom.test/j/${id}`,
  });

  it('reuses the meeting a timed-out create made: exactly one meeting exists', async () => {
    const fake = fakeZoom([other(1, 'Team sync'), other(2, 'Greenlight booking bkg_10'), other(3, '1:1')]);
    fake.loseNextAnswer();
    const provider = zoom({ timeoutMs: 50 });

    const lost = await rejectionOf(provider.createMeeting(request, ctx({ attempt: 1 })));
    expect(lost).toMatchObject({ retryable: true, options: { code: 'timeout' } });
    expect(fake.lists).toHaveLength(0);
    expect(fake.meetings).toHaveLength(4);

    const retried = await provider.createMeeting(request, ctx({ attempt: 2 }));
    const made = fake.meetings[3]!;
    expect(retried).toEqual({ provider: 'zoom', id: String(made.id), joinUrl: made.join_url });
    expect(fake.posts).toHaveLength(1);
    expect(fake.meetings.filter((m) => m.agenda.startsWith('Greenlight booking bkg_1\n'))).toHaveLength(1);
    expect(fake.lists.map((u) => Object.fromEntries(u.searchParams))).toEqual([
      { type: 'upcoming', page_size: '300' },
      { type: 'upcoming', page_size: '300', next_page_token: '2' },
    ]);
  });

  it('reuses the meeting of a worker that lost its claim mid-call: the next worker is told it may be a rerun', async () => {
    const fake = fakeZoom([other(1, 'Team sync')]);
    fake.loseNextAnswer();
    // The first worker's create reached Zoom; its answer never came back, and nothing was recorded.
    await rejectionOf(zoom({ timeoutMs: 50 }).createMeeting(request, ctx({ attempt: 1 })));
    expect(fake.meetings).toHaveLength(2);

    // Another worker's first recorded attempt, on another instance of the adapter.
    const meeting = await zoom().createMeeting(request, ctx({ attempt: 1, rerun: true }));
    expect(meeting.id).toBe(String(fake.meetings[1]!.id));
    expect(fake.posts).toHaveLength(1);
    expect(fake.lists).toHaveLength(1);
  });

  it('does not look before a create that cannot be a rerun', async () => {
    const fake = fakeZoom();
    await zoom().createMeeting(request, ctx({ attempt: 1, rerun: false }));
    expect(fake.lists).toHaveLength(0);
    expect(fake.posts).toHaveLength(1);
  });

  it('creates the meeting on a retry when no earlier attempt made it (bkg_10 is not bkg_1)', async () => {
    const fake = fakeZoom([
      other(1, 'Greenlight booking bkg_10\n\nHello'),
      other(2, 'Greenlight booking bkg_1x'),
    ]);
    const meeting = await zoom().createMeeting(request, ctx({ attempt: 3 }));
    expect(fake.lists).toHaveLength(1);
    expect(fake.posts).toHaveLength(1);
    expect(meeting.id).toBe(String(fake.meetings[2]!.id));
  });

  it("ignores the marker in a mentee's message or a topic: only the agenda's first line is ours", async () => {
    const fake = fakeZoom([
      other(1, 'Greenlight booking bkg_2\n\nHi!\nGreenlight booking bkg_1'),
      { ...other(2, ''), topic: 'Career chat\nGreenlight booking bkg_1' },
      other(3, 'Greenlight booking bkg_1 and more'),
    ]);
    const meeting = await zoom().createMeeting(request, ctx({ attempt: 2 }));
    expect(fake.posts).toHaveLength(1);
    expect(meeting.id).toBe(String(fake.meetings[3]!.id));
  });

  it('fails retryably, without creating, when the list fails retryably', async () => {
    const fake = fakeZoom();
    fake.failLists(() => HttpResponse.json({ code: 500, message: 'oops' }, { status: 503 }));
    const error = await rejectionOf(zoom().createMeeting(request, ctx({ attempt: 2 })));
    expect(error).toMatchObject({ retryable: true, status: 503 });
    expect((error as Error).message).toContain('Zoom list meetings failed');
    expect(fake.posts).toHaveLength(0);
  });

  it('creates the meeting when Zoom refuses the list outright (the app lacks the read scope)', async () => {
    const fake = fakeZoom();
    fake.failLists(() =>
      HttpResponse.json(
        { code: 4711, message: 'Invalid access token, does not contain scopes.' },
        { status: 400 },
      ),
    );
    await zoom().createMeeting(request, ctx({ attempt: 2 }));
    expect(fake.posts).toHaveLength(1);
  });
});

describe('ZoomMeetings.deleteMeeting', () => {
  function deleteRoute(response: () => Response) {
    const seen: Request[] = [];
    server.use(
      http.delete(`${API}/meetings/:id`, ({ request: req }) => {
        seen.push(req);
        return response();
      }),
    );
    return seen;
  }

  it('deletes the meeting', async () => {
    const seen = deleteRoute(() => new HttpResponse(null, { status: 204 }));
    await zoom().deleteMeeting({ id: '85746065432' }, ctx());
    expect(seen.map((r) => [r.method, new URL(r.url).pathname, r.headers.get('authorization')])).toEqual([
      ['DELETE', '/v2/meetings/85746065432', 'Bearer token-1'],
    ]);
  });

  it('counts a meeting that no longer exists as deleted', async () => {
    deleteRoute(() =>
      HttpResponse.json({ code: 3001, message: 'Meeting does not exist: 1.' }, { status: 404 }),
    );
    await expect(zoom().deleteMeeting({ id: '1' }, ctx())).resolves.toBeUndefined();
  });

  it('counts code 3001 as deleted whatever the status', async () => {
    deleteRoute(() =>
      HttpResponse.json({ code: 3001, message: 'Meeting does not exist: 1.' }, { status: 400 }),
    );
    await expect(zoom().deleteMeeting({ id: '1' }, ctx())).resolves.toBeUndefined();
  });

  it('fails retryably on a server error', async () => {
    deleteRoute(() =>
      HttpResponse.json({ code: 500, message: 'oops' }, { status: 503, headers: { 'Retry-After': '5' } }),
    );
    const error = await rejectionOf(zoom().deleteMeeting({ id: '1' }, ctx()));
    expect(error).toMatchObject({ retryable: true, status: 503, retryAfterMs: 5000 });
  });
});
