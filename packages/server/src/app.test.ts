import { type BookingStore, createWorkflow, InMemoryStore, type Workflow } from '@greenlight/core';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { createActionLinkSigner } from './actions/links';
import { createActionTokens } from './actions/tokens';
import { createApp } from './app';
import { mintUserToken } from './http/auth';
import { createJsonLogger } from './http/logger';

const auth = { apiKey: 'unit-test-api-key-0123456789', jwtSecret: 'unit-test-jwt-secret-0123456789-abcdef' };

function setup(
  options: { workflow?: (w: Workflow) => Workflow; cors?: { origins: string[] }; maxBodyBytes?: number } = {},
) {
  const store = new InMemoryStore();
  const base = createWorkflow({ store });
  const logs: Array<Record<string, unknown>> = [];
  const app = createApp({
    workflow: options.workflow ? options.workflow(base) : base,
    store,
    auth,
    logger: createJsonLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line)) }),
    ...(options.cors ? { cors: options.cors } : {}),
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    idempotency: { waitMs: 200 },
  });
  const request = (
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {},
  ) => {
    const headers: Record<string, string> = { ...init.headers };
    const token = init.token === undefined ? auth.apiKey : init.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    return app.fetch(
      new Request(`http://greenlight.test${path}`, {
        method,
        headers,
        body:
          init.body === undefined
            ? undefined
            : typeof init.body === 'string'
              ? init.body
              : JSON.stringify(init.body),
      }),
    );
  };
  return { app, store, logs, request };
}

const mentor = { name: 'Mia', email: 'mia@example.com', timezone: 'Europe/Berlin' };

describe('createApp: the fetch handler', () => {
  it('publishes an OpenAPI 3.1 document that an independent validator accepts', async () => {
    const { request } = setup();
    const response = await request('GET', '/openapi.json', { token: null });
    expect(response.status).toBe(200);
    const document = await response.json();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/users/{id}',
        '/v1/users',
        '/v1/users/{id}/settings',
        '/v1/users/{id}/mentor-stats',
        '/v1/bookings',
        '/v1/bookings/{id}',
        '/v1/bookings/{id}/review',
        '/v1/bookings/{id}/approve',
        '/v1/bookings/{id}/reject',
        '/v1/bookings/{id}/suggest',
        '/v1/bookings/{id}/accept-proposal',
        '/v1/bookings/{id}/decline-proposal',
        '/v1/bookings/{id}/counter',
        '/v1/bookings/{id}/cancel',
        '/v1/bookings/{id}/calendar.ics',
        '/v1/notifications',
        '/v1/notifications/unread-count',
        '/v1/notifications/{id}/read',
        '/v1/notifications/read-all',
        '/v1/webhook-endpoints',
        '/v1/webhook-endpoints/{id}',
        '/v1/effects/dead',
        '/v1/effects/{id}/retry',
        '/healthz',
      ]),
    );
    expect(document.components.schemas.Booking.properties.status.enum).toContain('alternative_suggested');
    expect(
      document.paths['/v1/bookings/{id}/reject'].post.requestBody.content['application/json'].schema,
    ).toMatchObject({
      additionalProperties: false,
      required: ['reason'],
    });
    const suggest = document.paths['/v1/bookings/{id}/suggest'].post;
    expect(suggest.requestBody.content['application/json'].schema).toMatchObject({
      required: ['start'],
      properties: {
        force: { type: 'boolean', description: expect.stringContaining('calendar_conflict') },
      },
    });
    expect(suggest.description).toContain('`calendar_conflict`');
    expect(suggest.responses['409'].description).toContain('calendar_conflict');
    const patch = document.paths['/v1/bookings/{id}'].patch;
    expect(patch.requestBody.content['application/json'].schema).toMatchObject({
      required: ['metadata'],
      properties: {
        expectedVersion: {
          type: 'integer',
          minimum: 1,
          description: expect.stringContaining('version_conflict'),
        },
      },
    });
    expect(patch.description).toContain('`expectedVersion`');
    const list = document.paths['/v1/bookings'].get;
    expect(list.parameters).toContainEqual(
      expect.objectContaining({ name: 'expand', in: 'query', required: false }),
    );
    expect(document.components.schemas.BookingPage.properties.data.items).toEqual({
      $ref: '#/components/schemas/BookingListItem',
    });
    expect(document.components.schemas.BookingListItem.properties.mentee).toEqual({
      $ref: '#/components/schemas/UserSummary',
    });
    expect(document.components.schemas.UserSummary).toMatchObject({
      required: ['id', 'name', 'photoUrl'],
    });
    expect(patch.responses['409'].description).toContain('version_conflict');
  });

  it('documents what it POSTs to webhook endpoints, slack.installation_revoked among the events', async () => {
    const { request } = setup();
    const document = await (await request('GET', '/openapi.json', { token: null })).json();
    expect(document.components.schemas.WebhookEndpoint.properties.events.items.enum).toContain(
      'slack.installation_revoked',
    );
    expect(Object.keys(document.webhooks)).toEqual(['booking', 'slack.installation_revoked']);
    const revoked = document.webhooks['slack.installation_revoked'].post;
    expect(revoked.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/SlackInstallationRevokedEvent',
    });
    const event = document.components.schemas.SlackInstallationRevokedEvent;
    expect(event.properties.type).toMatchObject({ type: 'string', enum: ['slack.installation_revoked'] });
    // The installation named, never its tokens.
    expect(Object.keys(event.properties.data.properties.installation.properties)).toEqual([
      'key',
      'teamId',
      'enterpriseId',
      'revocation',
    ]);
    expect(document.components.schemas.BookingWebhookEvent.properties.type.enum).not.toContain(
      'slack.installation_revoked',
    );
    for (const path of ['refresh-claim', 'revoke', 'team-access']) {
      expect(document.paths).toHaveProperty([`/v1/integrations/slack/installations/{key}/${path}`, 'post']);
    }
    expect(document.paths).toHaveProperty(['/v1/users/{id}/slack-delivery', 'put']);
  });

  it('documents the email action pages and the action-links endpoint when email actions are on', async () => {
    const store = new InMemoryStore();
    const tokens = createActionTokens([{ id: 'k1', secret: 'a'.repeat(32) }]);
    const app = createApp({
      workflow: createWorkflow({ store }),
      store,
      auth,
      emailActions: { tokens, signer: createActionLinkSigner(tokens) },
    });
    const document = app.openapi() as {
      paths: Record<
        string,
        Record<
          string,
          { responses: Record<string, { content: Record<string, unknown> }>; security?: unknown[] }
        >
      >;
    };
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    const page = document.paths['/actions/{token}']!;
    expect(Object.keys(page).sort()).toEqual(['get', 'post']);
    expect(page.get!.security).toEqual([]);
    expect(Object.keys(page.get!.responses).sort()).toEqual(['200', '400', '403', '404', '409', '410']);
    expect(page.post!.responses['422']!.content).toHaveProperty('text/html');
    expect(document.paths['/v1/bookings/{id}/action-links']!.get!.responses['200']!.content).toHaveProperty(
      'application/json',
    );
    // Without a keyring neither exists.
    const { app: plain } = setup();
    expect(Object.keys((plain.openapi() as { paths: object }).paths)).not.toContain('/actions/{token}');
  });

  it('serves /healthz and /docs without credentials', async () => {
    const { request } = setup();
    const health = await request('GET', '/healthz', { token: null });
    expect(await health.json()).toEqual({ ok: true });
    const docs = await request('GET', '/docs', { token: null });
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    const html = await docs.text();
    expect(html).toContain('openapi.json');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('reports an unreachable store on /healthz as 503 without saying where it is', async () => {
    const store = new InMemoryStore();
    const broken: BookingStore = {
      transaction: () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5432')),
      close: () => store.close(),
    };
    const app = createApp({ workflow: createWorkflow({ store: broken }), store: broken, auth });
    const health = await app.fetch(new Request('http://greenlight.test/healthz'));
    expect(health.status).toBe(503);
    expect(await health.text()).not.toContain('10.1.2.3');
  });

  it('turns unexpected errors into a 500 problem without internals, logged with the request id', async () => {
    const { request, logs } = setup({
      workflow: (w) => ({
        ...w,
        bookings: {
          ...w.bookings,
          get: () => Promise.reject(new Error('relation "bookings" does not exist at 10.1.2.3')),
        },
      }),
    });
    const response = await request('GET', '/v1/bookings/bkg_1');
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body).toMatchObject({ code: 'internal_error', status: 500 });
    expect(JSON.stringify(body)).not.toMatch(/relation|10\.1\.2\.3/);
    const requestId = response.headers.get('request-id');
    expect(body.requestId).toBe(requestId);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', requestId }));
  });

  it('sets a request id on every response and reuses a safe incoming one', async () => {
    const { request } = setup();
    for (const response of [
      await request('GET', '/healthz', { token: null }),
      await request('GET', '/v1/bookings', { token: null }),
      await request('GET', '/v1/nowhere'),
    ]) {
      expect(response.headers.get('request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    }
    const echoed = await request('GET', '/healthz', {
      token: null,
      headers: { 'x-request-id': 'trace-abc.123' },
    });
    expect(echoed.headers.get('request-id')).toBe('trace-abc.123');
    const unsafe = await request('GET', '/healthz', {
      token: null,
      headers: { 'request-id': 'evil\u00e9 value' },
    });
    expect(unsafe.headers.get('request-id')).toMatch(/^req_/);
  });

  it('logs one JSON line per request with method, path, status, duration, request id and actor, never a credential', async () => {
    const { request, logs } = setup();
    const token = await mintUserToken(auth.jwtSecret, 'usr_someone', 600);
    await request('PUT', '/v1/users/usr_mia', { body: mentor });
    await request('GET', '/v1/notifications', { token });
    await request('GET', '/v1/bookings', { token: 'wrong-key-wrong-key' });
    const lines = logs.filter((l) => l.msg === 'request');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      method: 'PUT',
      path: '/v1/users/usr_mia',
      status: 200,
      actor: 'platform',
      requestId: expect.any(String),
      ms: expect.any(Number),
    });
    expect(lines[1]).toMatchObject({ status: 200, actor: 'user', userId: 'usr_someone' });
    expect(lines[2]).toMatchObject({ status: 401, actor: 'anonymous' });
    const all = JSON.stringify(logs);
    expect(all).not.toContain(auth.apiKey);
    expect(all).not.toContain(token);
    expect(all).not.toContain(auth.jwtSecret);
    expect(all).not.toContain('wrong-key-wrong-key');
  });

  it('answers CORS preflights for configured origins only', async () => {
    const { request } = setup({ cors: { origins: ['https://app.example.com'] } });
    const preflight = await request('OPTIONS', '/v1/bookings', {
      token: null,
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, idempotency-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    // The React components say where a decision was made on every request.
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'greenlight-channel',
    );
    const other = await request('GET', '/healthz', {
      token: null,
      headers: { origin: 'https://evil.example.com' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const exposed = await request('GET', '/healthz', {
      token: null,
      headers: { origin: 'https://app.example.com' },
    });
    expect(exposed.headers.get('access-control-expose-headers')).toContain('Request-Id');
    const { request: noCors } = setup();
    expect(
      (
        await noCors('GET', '/healthz', { token: null, headers: { origin: 'https://app.example.com' } })
      ).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it('applies a configured body limit to the declared and the streamed size', async () => {
    const { request } = setup({ maxBodyBytes: 100 });
    const big = { ...mentor, name: 'x'.repeat(200) };
    const declared = await request('PUT', '/v1/users/usr_big', { body: big });
    expect(declared.status).toBe(413);
    expect(declared.headers.get('connection')).toBe('close');
    const encoded = new TextEncoder().encode(JSON.stringify(big));
    const chunked = await setup({ maxBodyBytes: 100 }).app.fetch(
      new Request('http://greenlight.test/v1/users/usr_big', {
        method: 'PUT',
        headers: { authorization: `Bearer ${auth.apiKey}`, 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(encoded.slice(0, 90));
            controller.enqueue(encoded.slice(90));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit),
    );
    expect(chunked.status).toBe(413);
  });
});

describe('createApp: Idempotency-Key', () => {
  const body = {
    mentorId: 'usr_mia',
    menteeId: 'usr_ned',
    start: '2031-03-03T10:00:00Z',
    durationMinutes: 60,
    price: { amount: 100, currency: 'USD' },
  };

  async function withUsers() {
    const s = setup();
    await s.request('PUT', '/v1/users/usr_mia', { body: mentor });
    await s.request('PUT', '/v1/users/usr_ned', {
      body: { name: 'Ned', email: 'ned@example.com', timezone: 'UTC' },
    });
    return s;
  }

  it('replays the first response, status and body, with Idempotent-Replayed', async () => {
    const { request } = await withUsers();
    const first = await request('POST', '/v1/bookings', { body, headers: { 'idempotency-key': 'abc' } });
    const again = await request('POST', '/v1/bookings', { body, headers: { 'idempotency-key': 'abc' } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await again.json()).toEqual(await first.json());
    const list = await (await request('GET', '/v1/bookings')).json();
    expect(list.data).toHaveLength(1);
  });

  it('refuses the same key with another body: 422 idempotency_key_reused', async () => {
    const { request } = await withUsers();
    await request('POST', '/v1/bookings', { body, headers: { 'idempotency-key': 'abc' } });
    const reused = await request('POST', '/v1/bookings', {
      body: { ...body, durationMinutes: 30 },
      headers: { 'idempotency-key': 'abc' },
    });
    expect(reused.status).toBe(422);
    expect((await reused.json()).code).toBe('idempotency_key_reused');
  });

  it('tells a duplicate sent while the first is still running to retry: 409 idempotency_key_in_use with Retry-After', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => {};
    const firstIsRunning = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const s = setup({
      workflow: (w) => ({
        ...w,
        bookings: {
          ...w.bookings,
          request: (actor, input) => {
            entered();
            return gate.then(() => w.bookings.request(actor, input));
          },
        },
      }),
    });
    await s.request('PUT', '/v1/users/usr_mia', { body: mentor });
    await s.request('PUT', '/v1/users/usr_ned', {
      body: { name: 'Ned', email: 'ned@example.com', timezone: 'UTC' },
    });
    const first = s.request('POST', '/v1/bookings', { body, headers: { 'idempotency-key': 'slow' } });
    await firstIsRunning; // it holds the key now
    // The duplicate waits 200 ms (the app's idempotency.waitMs) for the first, which is still held at the gate.
    const duplicate = await s.request('POST', '/v1/bookings', {
      body,
      headers: { 'idempotency-key': 'slow' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('retry-after')).toBe('1');
    expect(await duplicate.json()).toMatchObject({
      code: 'idempotency_key_in_use',
      detail: 'a request with this Idempotency-Key is still being processed; retry in a moment',
    });
    release();
    expect((await first).status).toBe(201);
    const again = await s.request('POST', '/v1/bookings', { body, headers: { 'idempotency-key': 'slow' } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('scopes keys to the caller: another principal with the same key runs its own request', async () => {
    const { request } = await withUsers();
    const token = await mintUserToken(auth.jwtSecret, 'usr_ned', 600);
    const platform = await request('POST', '/v1/bookings', { body, headers: { 'idempotency-key': 'same' } });
    const user = await request('POST', '/v1/bookings', {
      body: { ...body, start: '2031-03-04T10:00:00Z' },
      token,
      headers: { 'idempotency-key': 'same' },
    });
    expect(platform.status).toBe(201);
    expect(user.status).toBe(201);
    expect(user.headers.get('idempotent-replayed')).toBeNull();
  });

  it('replays errors too, so a retried refusal stays a refusal', async () => {
    const { request } = await withUsers();
    const first = await request('POST', '/v1/bookings', {
      body: { ...body, mentorId: 'usr_nobody' },
      headers: { 'idempotency-key': 'k404' },
    });
    expect(first.status).toBe(404);
    await request('PUT', '/v1/users/usr_nobody', { body: mentor });
    const again = await request('POST', '/v1/bookings', {
      body: { ...body, mentorId: 'usr_nobody' },
      headers: { 'idempotency-key': 'k404' },
    });
    expect(again.status).toBe(404);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('does not store 5xx responses: a retry with the key runs again', async () => {
    let calls = 0;
    const { request } = setup({
      workflow: (w) => ({
        ...w,
        webhookEndpoints: {
          ...w.webhookEndpoints,
          create: (actor, input) => {
            calls += 1;
            return calls === 1
              ? Promise.reject(new Error('transient'))
              : w.webhookEndpoints.create(actor, input);
          },
        },
      }),
    });
    const hook = { url: 'https://hooks.example.com/a', events: ['booking.approved'] };
    expect(
      (await request('POST', '/v1/webhook-endpoints', { body: hook, headers: { 'idempotency-key': 'w1' } }))
        .status,
    ).toBe(500);
    const retry = await request('POST', '/v1/webhook-endpoints', {
      body: hook,
      headers: { 'idempotency-key': 'w1' },
    });
    expect(retry.status).toBe(201);
    expect(calls).toBe(2);
  });

  it('refuses an unusable key and ignores keys on reads', async () => {
    const { request } = await withUsers();
    const bad = await request('POST', '/v1/bookings', {
      body,
      headers: { 'idempotency-key': 'x'.repeat(300) },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe('Idempotency-Key');
    const read = await request('GET', '/v1/bookings', { headers: { 'idempotency-key': 'r' } });
    expect(read.headers.get('idempotent-replayed')).toBeNull();
  });
});
