import { SignJWT } from 'jose';
import { describe, expect } from 'vitest';
import { mintUserToken } from '../src/http/auth';
import {
  book,
  type CallOptions,
  endedAnHourAgo,
  type Harness,
  hoursFromNow,
  JWT_SECRET,
  pair,
  user,
} from './harness';
import { STORES, useHarness } from './suite';

interface Fixture {
  mentorId: string;
  menteeId: string;
  otherId: string;
  bookingId: string;
  /** The booking with a pending suggestion from the mentor (for the mentee's answers). */
  suggestedId: string;
  /** A session that ended an hour ago (for no-show reports). */
  endedId: string;
  /** A notification of the mentor. */
  notificationId: string;
  endpointId: string;
  deadEffectId: string;
  slackUserId: string;
  /** A workspace with a stored Slack installation. */
  slackTeamId: string;
  /** An organization with a stored org-wide Slack installation. */
  slackEnterpriseId: string;
  /** A user the mentor made an assistant. */
  assistantId: string;
}

const slackInstallation = (teamId: string) => ({
  installation: { team: { id: teamId, name: 'Acme' }, bot: { token: 'xoxb-auth-matrix' }, authVersion: 'v2' },
});
const orgInstallation = (enterpriseId: string) => ({
  installation: {
    enterprise: { id: enterpriseId, name: 'Acme Org' },
    isEnterpriseInstall: true,
    bot: { token: 'xoxb-auth-matrix-org' },
    authVersion: 'v2',
  },
});

let fixtureCount = 0;

async function fixture(h: Harness): Promise<Fixture> {
  fixtureCount += 1;
  const slackUserId = `UAUTH${fixtureCount}${Date.now().toString(36).toUpperCase()}`;
  const ids = await pair(h);
  await h.call('PUT', `/v1/users/${ids.mentorId}`, user('Mentor', 'Europe/Berlin', { slackUserId }));
  const otherId = `${ids.menteeId}_other`;
  await h.call('PUT', `/v1/users/${otherId}`, user('Other', 'Asia/Tokyo'));
  const assistantId = `${ids.mentorId}_assistant`;
  await h.call('PUT', `/v1/users/${assistantId}`, user('Assistant', 'Europe/Paris'));
  await h.call('POST', `/v1/users/${ids.mentorId}/delegates`, { assistantId });
  const booking = await book(h, ids);
  const suggested = await book(h, ids);
  await h.call(
    'POST',
    `/v1/bookings/${suggested.id}/suggest`,
    { start: hoursFromNow(24 * 12 + fixtureCount) },
    { as: ids.mentorId },
  );
  const ended = await book(h, ids);
  await h.call('POST', `/v1/bookings/${ended.id}/approve`, {}, { as: ids.mentorId });
  await endedAnHourAgo(h, ended.id);
  const bell = await h.call('GET', '/v1/notifications', undefined, { as: ids.mentorId });
  const endpoint = await h.call('POST', '/v1/webhook-endpoints', {
    url: 'https://hooks.example.com/x',
    events: ['booking.approved'],
  });
  const slackTeamId = `TAUTH${fixtureCount}${Date.now().toString(36).toUpperCase()}`;
  await h.call('PUT', `/v1/integrations/slack/installations/${slackTeamId}`, slackInstallation(slackTeamId));
  const slackEnterpriseId = `EAUTH${fixtureCount}${Date.now().toString(36).toUpperCase()}`;
  await h.call(
    'PUT',
    `/v1/integrations/slack/installations/${slackEnterpriseId}`,
    orgInstallation(slackEnterpriseId),
  );
  const deadEffectId = await h.server.runtime.store.transaction(async (tx) => {
    const effect = (await tx.listEffects({ status: 'pending', bookingId: booking.id, limit: 1 })).data[0]!;
    await tx.updateEffect({ ...effect, status: 'dead', lastError: 'failed for the test' });
    return effect.id;
  });
  return {
    ...ids,
    otherId,
    bookingId: booking.id,
    suggestedId: suggested.id,
    endedId: ended.id,
    notificationId: bell.body.data[0].id,
    endpointId: endpoint.body.id,
    deadEffectId,
    slackUserId,
    slackTeamId,
    slackEnterpriseId,
    assistantId,
  };
}

/** `assistant`: a user the mentor lets decide for them, with their own token. */
type Who = 'platform' | 'platformAsMentor' | 'mentor' | 'mentee' | 'other' | 'assistant';
const WHO: Who[] = ['platform', 'platformAsMentor', 'mentor', 'mentee', 'other', 'assistant'];

interface Row {
  name: string;
  /** Changes state: each cell gets a fresh fixture. */
  writes?: boolean;
  request(f: Fixture): [method: string, path: string, body?: unknown];
  /** Without `assistant`, the assistant is expected to fare like `other`, a stranger. */
  expect: Record<Exclude<Who, 'assistant'>, number> & { assistant?: number };
}

const all = (status: number): Record<Who, number> => ({
  platform: status,
  platformAsMentor: status,
  mentor: status,
  mentee: status,
  other: status,
  assistant: status,
});
const platformOnly = (status: number): Record<Who, number> => ({ ...all(403), platform: status });
/** The mentor's side, which the mentor's assistant is on. */
const mentorSide = (status: number): Record<Who, number> => ({
  platform: status,
  platformAsMentor: status,
  mentor: status,
  mentee: 403,
  other: 404,
  assistant: status,
});
const menteeSide: Record<Who, number> = {
  platform: 200,
  platformAsMentor: 403,
  mentor: 403,
  mentee: 200,
  other: 404,
  assistant: 403,
};
const eitherSide: Record<Who, number> = { ...all(200), other: 404 };
const ownUser: Record<Who, number> = { ...all(200), platform: 403 };

const ROWS: Row[] = [
  {
    name: 'PUT /v1/users/{id}',
    writes: true,
    request: (f) => ['PUT', `/v1/users/${f.menteeId}`, user('Renamed', 'UTC')],
    expect: platformOnly(200),
  },
  {
    name: 'PUT /v1/users/{id}/slack-delivery',
    writes: true,
    request: (f) => [
      'PUT',
      `/v1/users/${f.mentorId}/slack-delivery`,
      { status: 'failing', reason: 'user_deleted' },
    ],
    expect: platformOnly(200),
  },
  {
    name: 'GET /v1/users?slackUserId=',
    request: (f) => ['GET', `/v1/users?slackUserId=${f.slackUserId}`],
    expect: platformOnly(200),
  },
  {
    name: 'GET /v1/users/{id}',
    request: (f) => ['GET', `/v1/users/${f.menteeId}`],
    // The assistant is on the mentor's side of the mentor's bookings, and sees the people on them.
    expect: { ...all(200), other: 404 },
  },
  {
    name: 'GET /v1/users/{id} (the mentor)',
    request: (f) => ['GET', `/v1/users/${f.mentorId}`],
    expect: { ...all(200), other: 404 },
  },
  {
    name: 'GET /v1/users/{id} (the assistant)',
    request: (f) => ['GET', `/v1/users/${f.assistantId}`],
    expect: { ...all(200), other: 404 },
  },
  {
    name: 'GET /v1/users/{id}/settings',
    request: (f) => ['GET', `/v1/users/${f.mentorId}/settings`],
    expect: { ...all(200), mentee: 403, other: 403, assistant: 403 },
  },
  {
    name: 'PATCH /v1/users/{id}/settings',
    writes: true,
    request: (f) => ['PATCH', `/v1/users/${f.mentorId}/settings`, { autoApprove: false }],
    expect: { ...all(200), mentee: 403, other: 403, assistant: 403 },
  },
  {
    name: 'GET /v1/users/{id}/delegates',
    request: (f) => ['GET', `/v1/users/${f.mentorId}/delegates`],
    expect: { ...all(200), mentee: 403, other: 403, assistant: 403 },
  },
  {
    name: 'POST /v1/users/{id}/delegates',
    writes: true,
    request: (f) => ['POST', `/v1/users/${f.mentorId}/delegates`, { assistantId: f.otherId }],
    expect: { ...all(201), mentee: 403, other: 403, assistant: 403 },
  },
  {
    name: 'DELETE /v1/users/{id}/delegates/{assistantId}',
    writes: true,
    request: (f) => ['DELETE', `/v1/users/${f.mentorId}/delegates/${f.assistantId}`],
    expect: { ...all(204), mentee: 403, other: 403, assistant: 403 },
  },
  {
    name: 'GET /v1/users/{id}/assisting',
    request: (f) => ['GET', `/v1/users/${f.assistantId}/assisting`],
    expect: { ...all(403), platform: 200, assistant: 200 },
  },
  {
    name: 'GET /v1/users/{id}/mentor-stats',
    request: (f) => ['GET', `/v1/users/${f.mentorId}/mentor-stats`],
    expect: all(200),
  },
  {
    name: 'POST /v1/bookings',
    writes: true,
    request: (f) => [
      'POST',
      '/v1/bookings',
      {
        mentorId: f.mentorId,
        menteeId: f.menteeId,
        start: hoursFromNow(24 * 30 + fixtureCount),
        durationMinutes: 30,
        price: { amount: 100, currency: 'EUR' },
      },
    ],
    expect: { platform: 201, platformAsMentor: 403, mentor: 403, mentee: 201, other: 403 },
  },
  {
    // Refunds are paid against paymentRef: only the platform, which took the payment, attaches one.
    name: 'POST /v1/bookings with a paymentRef',
    writes: true,
    request: (f) => [
      'POST',
      '/v1/bookings',
      {
        mentorId: f.mentorId,
        menteeId: f.menteeId,
        start: hoursFromNow(24 * 30 + fixtureCount),
        durationMinutes: 30,
        price: { amount: 100, currency: 'EUR' },
        paymentRef: `pi_matrix_${f.bookingId}`,
      },
    ],
    expect: { platform: 201, platformAsMentor: 403, mentor: 403, mentee: 403, other: 403 },
  },
  { name: 'GET /v1/bookings', request: () => ['GET', '/v1/bookings'], expect: all(200) },
  {
    // An assistant lists the bookings of the mentor they assist; anyone else's mentorId filter is refused.
    name: 'GET /v1/bookings?mentorId=',
    request: (f) => ['GET', `/v1/bookings?mentorId=${f.mentorId}`],
    expect: { ...all(200), mentee: 403, other: 403 },
  },
  {
    // Always 200: each decision carries its own outcome (see the batch test).
    name: 'POST /v1/bookings/batch-decisions',
    writes: true,
    request: (f) => [
      'POST',
      '/v1/bookings/batch-decisions',
      { decisions: [{ bookingId: f.bookingId, action: 'approve' }] },
    ],
    expect: all(200),
  },
  {
    name: 'GET /v1/bookings?expand=mentee,mentor',
    request: () => ['GET', '/v1/bookings?expand=mentee,mentor'],
    expect: all(200),
  },
  {
    // Filtering by someone is the platform's; a user may name only themself.
    name: 'GET /v1/bookings?menteeId=&expand=mentee',
    request: (f) => ['GET', `/v1/bookings?menteeId=${f.menteeId}&expand=mentee`],
    expect: { platform: 200, platformAsMentor: 403, mentor: 403, mentee: 200, other: 403, assistant: 403 },
  },
  {
    name: 'GET /v1/bookings/{id}',
    request: (f) => ['GET', `/v1/bookings/${f.bookingId}`],
    expect: eitherSide,
  },
  {
    name: 'GET /v1/bookings/{id}/review',
    request: (f) => ['GET', `/v1/bookings/${f.bookingId}/review`],
    expect: mentorSide(200),
  },
  {
    // Integrations trust their references in metadata, so only the platform writes it.
    name: 'PATCH /v1/bookings/{id}',
    writes: true,
    request: (f) => ['PATCH', `/v1/bookings/${f.bookingId}`, { metadata: { k: 'v' } }],
    expect: { ...all(403), platform: 200, other: 404 },
  },
  {
    name: 'GET /v1/bookings/{id}/action-links',
    request: (f) => ['GET', `/v1/bookings/${f.bookingId}/action-links?recipientId=${f.mentorId}`],
    expect: { ...all(403), platform: 200, other: 404 },
  },
  {
    name: 'POST /v1/bookings/{id}/approve',
    writes: true,
    request: (f) => ['POST', `/v1/bookings/${f.bookingId}/approve`, {}],
    expect: mentorSide(200),
  },
  {
    name: 'POST /v1/bookings/{id}/reject',
    writes: true,
    request: (f) => ['POST', `/v1/bookings/${f.bookingId}/reject`, { reason: 'Outside my expertise, sorry' }],
    expect: mentorSide(200),
  },
  {
    name: 'POST /v1/bookings/{id}/suggest',
    writes: true,
    request: (f) => [
      'POST',
      `/v1/bookings/${f.bookingId}/suggest`,
      { start: hoursFromNow(24 * 13 + fixtureCount) },
    ],
    expect: mentorSide(200),
  },
  {
    name: 'POST /v1/bookings/{id}/accept-proposal',
    writes: true,
    request: (f) => ['POST', `/v1/bookings/${f.suggestedId}/accept-proposal`],
    expect: menteeSide,
  },
  {
    name: 'POST /v1/bookings/{id}/decline-proposal',
    writes: true,
    request: (f) => ['POST', `/v1/bookings/${f.suggestedId}/decline-proposal`, {}],
    expect: menteeSide,
  },
  {
    name: 'POST /v1/bookings/{id}/counter',
    writes: true,
    request: (f) => [
      'POST',
      `/v1/bookings/${f.suggestedId}/counter`,
      { start: hoursFromNow(24 * 14 + fixtureCount) },
    ],
    expect: menteeSide,
  },
  {
    name: 'POST /v1/bookings/{id}/cancel',
    writes: true,
    request: (f) => ['POST', `/v1/bookings/${f.bookingId}/cancel`, { reason: 'Plans changed' }],
    expect: eitherSide,
  },
  {
    name: 'POST /v1/bookings/{id}/no-show',
    writes: true,
    request: (f) => [
      'POST',
      `/v1/bookings/${f.endedId}/no-show`,
      { absent: 'mentor', note: 'Nobody joined the call' },
    ],
    expect: eitherSide,
  },
  {
    name: 'GET /v1/bookings/{id}/calendar.ics',
    request: (f) => ['GET', `/v1/bookings/${f.bookingId}/calendar.ics`],
    expect: eitherSide,
  },
  {
    name: 'POST /v1/bookings/{id}/messages',
    writes: true,
    request: (f) => [
      'POST',
      `/v1/bookings/${f.bookingId}/messages`,
      { body: 'A question before you decide' },
    ],
    expect: { platform: 403, platformAsMentor: 201, mentor: 201, mentee: 201, other: 404, assistant: 201 },
  },
  {
    name: 'GET /v1/bookings/{id}/messages',
    request: (f) => ['GET', `/v1/bookings/${f.bookingId}/messages`],
    expect: eitherSide,
  },
  {
    name: 'POST /v1/bookings/{id}/messages/read',
    writes: true,
    request: (f) => ['POST', `/v1/bookings/${f.bookingId}/messages/read`, {}],
    expect: { platform: 403, platformAsMentor: 200, mentor: 200, mentee: 200, other: 404, assistant: 200 },
  },
  { name: 'GET /v1/messages/unread', request: () => ['GET', '/v1/messages/unread'], expect: ownUser },
  { name: 'GET /v1/notifications', request: () => ['GET', '/v1/notifications'], expect: ownUser },
  {
    name: 'GET /v1/notifications/unread-count',
    request: () => ['GET', '/v1/notifications/unread-count'],
    expect: ownUser,
  },
  {
    name: 'POST /v1/notifications/{id}/read',
    writes: true,
    request: (f) => ['POST', `/v1/notifications/${f.notificationId}/read`],
    expect: { platform: 403, platformAsMentor: 200, mentor: 200, mentee: 404, other: 404 },
  },
  {
    name: 'POST /v1/notifications/read-all',
    writes: true,
    request: () => ['POST', '/v1/notifications/read-all'],
    expect: ownUser,
  },
  {
    name: 'POST /v1/webhook-endpoints',
    writes: true,
    request: () => [
      'POST',
      '/v1/webhook-endpoints',
      { url: 'https://hooks.example.com/y', events: ['booking.requested'] },
    ],
    expect: platformOnly(201),
  },
  {
    name: 'GET /v1/webhook-endpoints',
    request: () => ['GET', '/v1/webhook-endpoints'],
    expect: platformOnly(200),
  },
  {
    name: 'GET /v1/webhook-endpoints/{id}',
    request: (f) => ['GET', `/v1/webhook-endpoints/${f.endpointId}`],
    expect: platformOnly(200),
  },
  {
    name: 'PATCH /v1/webhook-endpoints/{id}',
    writes: true,
    request: (f) => ['PATCH', `/v1/webhook-endpoints/${f.endpointId}`, { enabled: true }],
    expect: platformOnly(200),
  },
  {
    name: 'DELETE /v1/webhook-endpoints/{id}',
    writes: true,
    request: (f) => ['DELETE', `/v1/webhook-endpoints/${f.endpointId}`],
    expect: platformOnly(204),
  },
  { name: 'GET /v1/effects/dead', request: () => ['GET', '/v1/effects/dead'], expect: platformOnly(200) },
  {
    name: 'POST /v1/effects/{id}/retry',
    writes: true,
    request: (f) => ['POST', `/v1/effects/${f.deadEffectId}/retry`],
    expect: platformOnly(200),
  },
  {
    name: 'PUT /v1/integrations/slack/installations/{key}',
    writes: true,
    request: (f) => [
      'PUT',
      `/v1/integrations/slack/installations/${f.slackTeamId}`,
      slackInstallation(f.slackTeamId),
    ],
    expect: platformOnly(200),
  },
  {
    name: 'GET /v1/integrations/slack/installations/{key}',
    request: (f) => ['GET', `/v1/integrations/slack/installations/${f.slackTeamId}`],
    expect: platformOnly(200),
  },
  {
    name: 'POST /v1/integrations/slack/installations/{key}/refresh-claim',
    writes: true,
    request: (f) => [
      'POST',
      `/v1/integrations/slack/installations/${f.slackTeamId}/refresh-claim`,
      { expectedVersion: 1 },
    ],
    expect: platformOnly(200),
  },
  {
    name: 'POST /v1/integrations/slack/installations/{key}/revoke',
    writes: true,
    request: (f) => [
      'POST',
      `/v1/integrations/slack/installations/${f.slackTeamId}/revoke`,
      { reason: 'app_uninstalled' },
    ],
    expect: platformOnly(200),
  },
  {
    name: 'POST /v1/integrations/slack/installations/{key}/team-access',
    writes: true,
    request: (f) => [
      'POST',
      `/v1/integrations/slack/installations/${f.slackEnterpriseId}/team-access`,
      { teamIds: ['T0GRANTED'], access: 'granted' },
    ],
    expect: platformOnly(200),
  },
  {
    name: 'DELETE /v1/integrations/slack/installations/{key}',
    writes: true,
    request: (f) => ['DELETE', `/v1/integrations/slack/installations/${f.slackTeamId}`],
    expect: platformOnly(204),
  },
];

async function credentials(h: Harness, who: Who, f: Fixture): Promise<CallOptions> {
  switch (who) {
    case 'platform':
      return {};
    case 'platformAsMentor':
      return { as: f.mentorId };
    case 'mentor':
      return { token: await h.token(f.mentorId) };
    case 'mentee':
      return { token: await h.token(f.menteeId) };
    case 'other':
      return { token: await h.token(f.otherId) };
    case 'assistant':
      return { token: await h.token(f.assistantId) };
  }
}

const BAD_CREDENTIALS: Array<[string, () => Promise<CallOptions>]> = [
  ['no token', async () => ({ token: null })],
  ['a malformed token', async () => ({ token: 'definitely-not-a-token' })],
  [
    'an expired JWT',
    async () => ({ token: await mintUserToken(JWT_SECRET, 'usr_x', 60, new Date(Date.now() - 7200_000)) }),
  ],
  [
    'a JWT with a wrong signature',
    async () => ({ token: await mintUserToken('a-completely-different-secret-of-32-chars', 'usr_x', 3600) }),
  ],
  [
    'a JWT with alg none',
    async () => ({
      token: `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ sub: 'usr_x', exp: Math.floor(Date.now() / 1000) + 600 }),
      ).toString('base64url')}.`,
    }),
  ],
  [
    'an HS512 JWT',
    async () => ({
      token: await new SignJWT({})
        .setProtectedHeader({ alg: 'HS512' })
        .setSubject('usr_x')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(JWT_SECRET)),
    }),
  ],
];

describe.each(STORES)('authorization matrix (%s)', (kind) => {
  const { test } = useHarness(kind);

  test('every endpoint × platform, platform as the mentor, mentor, mentee, another user', async (h) => {
    const shared = await fixture(h);
    const failures: string[] = [];
    for (const row of ROWS) {
      for (const who of WHO) {
        const f = row.writes ? await fixture(h) : shared;
        const [method, path, body] = row.request(f);
        const reply = await h.call(method, path, body, await credentials(h, who, f));
        const expected = who === 'assistant' ? (row.expect.assistant ?? row.expect.other) : row.expect[who];
        if (reply.status !== expected) {
          failures.push(
            `${row.name} as ${who}: expected ${expected}, got ${reply.status} ${reply.text.slice(0, 160)}`,
          );
        }
        if (reply.status >= 400) {
          expect(reply.headers.get('content-type')).toBe('application/problem+json');
          expect(reply.body.code).toBe(
            { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' }[reply.status as 401],
          );
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  test('every endpoint refuses missing, malformed, expired, wrongly signed and wrong-algorithm tokens with 401', async (h) => {
    const f = await fixture(h);
    for (const [label, make] of BAD_CREDENTIALS) {
      const options = await make();
      for (const row of ROWS) {
        const [method, path, body] = row.request(f);
        const reply = await h.call(method, path, body, options);
        expect(reply.status, `${row.name} with ${label}`).toBe(401);
        expect(reply.body).toMatchObject({ code: 'unauthorized', status: 401 });
        expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
    const expired = await h.call('GET', '/v1/bookings', undefined, await BAD_CREDENTIALS[2]![1]());
    expect(expired.body.detail).toMatch(/expired/);
    const forged = await h.call('GET', '/v1/bookings', undefined, await BAD_CREDENTIALS[3]![1]());
    expect(forged.body.detail).toMatch(/signature/);
  }, 60_000);

  test('a revoked assistant is a stranger again: every row of the mentor’s bookings answers as to another user', async (h) => {
    const f = await fixture(h);
    expect((await h.call('DELETE', `/v1/users/${f.mentorId}/delegates/${f.assistantId}`)).status).toBe(204);
    const token = { token: await h.token(f.assistantId) };
    const failures: string[] = [];
    for (const row of ROWS.filter((r) => r.request(f)[1].startsWith('/v1/bookings/') && !r.writes)) {
      const [method, path, body] = row.request(f);
      const reply = await h.call(method, path, body, token);
      if (reply.status !== row.expect.other) failures.push(`${row.name}: ${reply.status}`);
    }
    for (const action of ['approve', 'no-show', 'messages']) {
      const path = `/v1/bookings/${action === 'no-show' ? f.endedId : f.bookingId}/${action}`;
      const reply = await h.call('POST', path, action === 'approve' ? {} : { body: 'hi', note: 'x' }, token);
      if (reply.status !== 404 && reply.status !== 400) failures.push(`POST ${action}: ${reply.status}`);
    }
    const approve = await h.call('POST', `/v1/bookings/${f.bookingId}/approve`, {}, token);
    expect(approve.status).toBe(404);
    expect(failures).toEqual([]);
  });

  test('batch decisions report each booking as its single endpoint would, for each caller', async (h) => {
    const f = await fixture(h);
    const decide = async (options: CallOptions) =>
      (
        await h.call(
          'POST',
          '/v1/bookings/batch-decisions',
          {
            decisions: [
              { bookingId: f.bookingId, action: 'reject', reason: 'Schedule conflict that week' },
              { bookingId: 'bkg_nowhere', action: 'approve' },
            ],
          },
          options,
        )
      ).body;
    const asMentee = await decide({ token: await h.token(f.menteeId) });
    expect(asMentee.results.map((r: { problem?: { status: number } }) => r.problem?.status)).toEqual([
      403, 404,
    ]);
    const asOther = await decide({ token: await h.token(f.otherId) });
    expect(asOther.results.map((r: { problem?: { status: number } }) => r.problem?.status)).toEqual([
      404, 404,
    ]);
    const asAssistant = await decide({ token: await h.token(f.assistantId) });
    expect(asAssistant).toMatchObject({ succeeded: 1, failed: 1 });
    expect(asAssistant.results[0].booking.history.at(-1)).toMatchObject({
      actor: f.assistantId,
      onBehalfOf: f.mentorId,
      event: 'rejected',
    });
  });

  test('a list’s expand names only the people on the caller’s own bookings, and only id, name and photo', async (h) => {
    const f = await fixture(h);
    // The other user has a booking with the same mentor: still not on the mentee's list.
    const theirs = await book(h, { mentorId: f.mentorId, menteeId: f.otherId });
    const people = async (userId: string) => {
      const reply = await h.call('GET', '/v1/bookings?expand=mentee,mentor&limit=100', undefined, {
        token: await h.token(userId),
      });
      expect(reply.status).toBe(200);
      return reply.body.data.flatMap((b: { mentee?: { id: string }; mentor?: { id: string } }) => [
        b.mentee,
        b.mentor,
      ]);
    };
    const seenByMentee = await people(f.menteeId);
    expect(new Set(seenByMentee.map((p: { id: string }) => p.id))).toEqual(new Set([f.menteeId, f.mentorId]));
    for (const person of seenByMentee) expect(Object.keys(person).sort()).toEqual(['id', 'name', 'photoUrl']);
    expect(new Set((await people(f.mentorId)).map((p: { id: string }) => p.id))).toEqual(
      new Set([f.mentorId, f.menteeId, f.otherId]),
    );
    expect(new Set((await people(f.otherId)).map((p: { id: string }) => p.id))).toEqual(
      new Set([f.otherId, f.mentorId]),
    );
    // The mentor's assistant, listing her bookings, sees their mentees (as each booking's review shows them).
    const assisted = await h.call(
      'GET',
      `/v1/bookings?mentorId=${f.mentorId}&expand=mentee&limit=100`,
      undefined,
      { token: await h.token(f.assistantId) },
    );
    expect(assisted.status).toBe(200);
    expect(new Set(assisted.body.data.map((b: { mentee: { id: string } }) => b.mentee.id))).toEqual(
      new Set([f.menteeId, f.otherId]),
    );
    const platform = await h.call('GET', `/v1/bookings?mentorId=${f.mentorId}&expand=mentee&limit=100`);
    expect(platform.body.data.find((b: { id: string }) => b.id === theirs.id).mentee).toEqual({
      id: f.otherId,
      name: 'Other',
      photoUrl: null,
    });
  });

  test('a user cannot act as someone else with Greenlight-Actor', async (h) => {
    const f = await fixture(h);
    const reply = await h.call('GET', '/v1/bookings', undefined, {
      token: await h.token(f.menteeId),
      as: f.mentorId,
    });
    expect(reply.status).toBe(403);
  });

  test('a mentee cannot attach a paymentRef, with a JWT or through the platform acting as them; nothing is stored', async (h) => {
    const f = await fixture(h);
    const body = {
      mentorId: f.mentorId,
      start: hoursFromNow(24 * 20),
      durationMinutes: 60,
      price: { amount: 5000, currency: 'USD' },
      paymentRef: `pi_first_${f.bookingId}`,
    };
    for (const options of [{ token: await h.token(f.menteeId) }, { as: f.menteeId }]) {
      const reply = await h.call('POST', '/v1/bookings', body, options);
      expect(reply.status).toBe(403);
      expect(reply.body).toMatchObject({ code: 'forbidden' });
      expect(reply.body.detail).toMatch(/paymentRef .*platform/);
    }
    const stored = await h.call('GET', `/v1/bookings?menteeId=${f.menteeId}`);
    expect(stored.body.data.map((b: { id: string }) => b.id).sort()).toEqual(
      [f.bookingId, f.suggestedId, f.endedId].sort(),
    );
  });

  test('the platform cannot attach a paymentRef that already backs another booking', async (h) => {
    const f = await fixture(h);
    const paymentRef = `pi_once_${f.bookingId}`;
    const first = await book(h, f, { paymentRef });
    expect(first.paymentRef).toBe(paymentRef);
    await h.call('POST', `/v1/bookings/${first.id}/cancel`, { reason: 'Plans changed' }, { as: f.menteeId });
    const reply = await h.call('POST', '/v1/bookings', {
      mentorId: f.mentorId,
      menteeId: f.menteeId,
      start: hoursFromNow(24 * 21),
      durationMinutes: 60,
      price: { amount: 5000, currency: 'USD' },
      paymentRef,
    });
    expect(reply.status).toBe(422);
    expect(reply.body.errors).toEqual([
      { path: 'paymentRef', message: expect.stringContaining(`already backs booking ${first.id}`) },
    ]);
    const stored = await h.call('GET', `/v1/bookings?menteeId=${f.menteeId}`);
    expect(stored.body.data).toHaveLength(4);
  });

  test('a mentee cannot overwrite the metadata integrations keep on a booking', async (h) => {
    const f = await fixture(h);
    const cards = { slack_channel: 'D0MENTOR', slack_ts: '1700000000.000100', slack_user: 'U0MENTOR' };
    const set = await h.call('PATCH', `/v1/bookings/${f.bookingId}`, { metadata: cards });
    expect(set.status).toBe(200);
    const reply = await h.call(
      'PATCH',
      `/v1/bookings/${f.bookingId}`,
      { metadata: { slack_channel: 'D0ATTACKER', slack_ts: null } },
      { token: await h.token(f.menteeId) },
    );
    expect(reply.status).toBe(403);
    expect(reply.body.detail).toMatch(/only the platform .*metadata/);
    const after = await h.call('GET', `/v1/bookings/${f.bookingId}`);
    expect(after.body).toMatchObject({ metadata: cards, version: set.body.version });
  });

  test('a user sees only their own bookings in lists', async (h) => {
    const f = await fixture(h);
    const asOther = await h.call('GET', '/v1/bookings', undefined, { token: await h.token(f.otherId) });
    expect(asOther.body.data).toEqual([]);
    const asMentee = await h.call('GET', '/v1/bookings', undefined, { token: await h.token(f.menteeId) });
    expect(asMentee.body.data.map((b: { id: string }) => b.id).sort()).toEqual(
      [f.bookingId, f.suggestedId, f.endedId].sort(),
    );
  });
});
