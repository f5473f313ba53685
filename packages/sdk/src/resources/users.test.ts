import { describe, expect, it } from 'vitest';
import { aUser, someMentorStats, someSettings } from '../../test/fixtures';
import { BASE_URL, mockApi } from '../../test/mock-api';
import { Greenlight } from '../client';
import type { ValidationError } from '../errors';

const api = mockApi();
const client = new Greenlight({ baseUrl: BASE_URL, apiKey: 'sk_test', maxRetries: 0 });

describe('users', () => {
  it('put PUTs the profile with an idempotency key', async () => {
    api.json(aUser());
    const params = {
      name: 'Ada Mentor',
      email: 'ada@example.com',
      timezone: 'Europe/Berlin',
      slackUserId: 'U024BE7LH',
    };
    const user = await client.users.put('usr_mentor', params);
    expect(user.id).toBe('usr_mentor');
    expect(api.last).toMatchObject({ method: 'PUT', path: '/v1/users/usr_mentor', body: params });
    expect(api.last.headers.get('idempotency-key')).toBeTruthy();
  });

  it('put refuses an unknown time zone with the contract’s message', async () => {
    const error = await client.users
      .put('usr_1', { name: 'A', email: 'a@example.com', timezone: 'Mars/Olympus' })
      .catch((e: unknown) => e);
    expect((error as ValidationError).errors).toEqual([
      {
        path: 'timezone',
        message: 'must be an IANA time zone name such as Europe/Berlin or America/New_York',
      },
    ]);
  });

  it('setSlackDelivery PUTs what the Slack app saw and returns the profile with it', async () => {
    const slackDelivery = {
      status: 'failing' as const,
      reason: 'user_deleted' as const,
      detail: 'users.info says U024BE7LH was deactivated',
      bookingId: 'bkg_1',
      since: '2026-12-01T10:00:00.000Z',
      at: '2026-12-01T10:00:00.000Z',
    };
    api.json(aUser({ slackDelivery }));
    const params = {
      status: 'failing',
      reason: 'user_deleted',
      detail: slackDelivery.detail,
      bookingId: 'bkg_1',
    } as const;
    await expect(client.users.setSlackDelivery('usr_mentor', params)).resolves.toMatchObject({
      slackDelivery,
    });
    expect(api.last).toMatchObject({
      method: 'PUT',
      path: '/v1/users/usr_mentor/slack-delivery',
      body: params,
    });

    const error = await client.users
      .setSlackDelivery('usr_mentor', { status: 'failing', reason: 'gone' as 'user_deleted' })
      .catch((e: unknown) => e);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['reason']);
  });

  it('get GETs the user', async () => {
    api.json(aUser());
    await expect(client.users.get('usr_mentor')).resolves.toMatchObject({ name: 'Ada Mentor' });
    expect(api.last).toMatchObject({ method: 'GET', path: '/v1/users/usr_mentor' });
  });

  it('findBySlackUserId queries by slackUserId and returns the match', async () => {
    api.json(aUser());
    await expect(client.users.findBySlackUserId('U024BE7LH')).resolves.toMatchObject({ id: 'usr_mentor' });
    expect(api.last).toMatchObject({ method: 'GET', path: '/v1/users' });
    expect(api.last.query.get('slackUserId')).toBe('U024BE7LH');
  });

  it('findBySlackUserId returns null when no user has that Slack id', async () => {
    api.problem(404, 'not_found', 'no user with Slack id U999');
    await expect(client.users.findBySlackUserId('U999')).resolves.toBeNull();
  });

  it('findBySlackUserId still throws other errors', async () => {
    api.problem(403, 'forbidden', 'platform only');
    await expect(client.users.findBySlackUserId('U999')).rejects.toMatchObject({ status: 403 });
  });

  it('settings.get GETs the settings', async () => {
    api.json(someSettings());
    await expect(client.users.settings.get('usr_mentor')).resolves.toEqual(someSettings());
    expect(api.last).toMatchObject({ method: 'GET', path: '/v1/users/usr_mentor/settings' });
  });

  it('settings.update PATCHes only the given fields', async () => {
    api.json(someSettings({ autoApprove: true }));
    const settings = await client.users.settings.update('usr_mentor', { autoApprove: true });
    expect(settings.autoApprove).toBe(true);
    expect(api.last).toMatchObject({
      method: 'PATCH',
      path: '/v1/users/usr_mentor/settings',
      body: { autoApprove: true },
    });
  });

  it('settings.update points at the broken availability window', async () => {
    const error = await client.users.settings
      .update('usr_mentor', {
        availability: [
          { weekday: 1, start: '09:00', end: '17:00' },
          { weekday: 9, start: '08:00', end: '5pm' },
        ],
      })
      .catch((e: unknown) => e);
    expect((error as ValidationError).errors).toEqual([
      { path: 'availability[1].weekday', message: 'must be 0 (Sunday) to 6 (Saturday)' },
      { path: 'availability[1].end', message: 'must be a time of day as HH:MM, e.g. 09:00' },
    ]);
  });

  it('settings.update sends auto-approval rule sets as given', async () => {
    const rule = {
      id: 'returning',
      name: 'Returning mentees',
      enabled: true,
      minNoticeHours: null,
      minCompletedSessions: 2,
      sessionTypes: null,
      noRedFlags: ['rude_message' as const],
    };
    api.json(someSettings({ autoApprovalRules: [rule] }));
    const settings = await client.users.settings.update('usr_mentor', {
      autoApprovalRules: [
        { id: 'returning', name: 'Returning mentees', minCompletedSessions: 2, noRedFlags: ['rude_message'] },
      ],
    });
    expect(settings.autoApprovalRules).toEqual([rule]);
    expect(api.last.body).toEqual({
      autoApprovalRules: [
        { id: 'returning', name: 'Returning mentees', minCompletedSessions: 2, noRedFlags: ['rude_message'] },
      ],
    });
  });

  it('settings.update names the broken rule set field before sending, and refuses autoApprove beside rule sets', async () => {
    const error = await client.users.settings
      .update('usr_mentor', { autoApprovalRules: [{ name: 'Soon', minNoticeHours: -1 }] })
      .catch((e: unknown) => e);
    expect((error as ValidationError).errors).toEqual([
      { path: 'autoApprovalRules[0].minNoticeHours', message: 'must be from 0 to 8760 hours' },
    ]);
    const both = await client.users.settings
      .update('usr_mentor', { autoApprove: true, autoApprovalRules: [] })
      .catch((e: unknown) => e);
    expect((both as ValidationError).errors.map((e) => e.path)).toEqual(['autoApprove']);
    expect(api.requests).toHaveLength(0);
  });

  it('delegates: grant POSTs the assistant, list and assisting GET, revoke DELETEs', async () => {
    const delegation = {
      mentorId: 'usr_mentor',
      assistantId: 'usr_pa',
      createdAt: '2026-12-01T10:00:00.000Z',
    };
    api.json(delegation, 201);
    api.json({ data: [delegation] });
    api.json({ data: [delegation] });
    api.reply(new Response(null, { status: 204 }));
    await expect(client.users.delegates.grant('usr_mentor', 'usr_pa')).resolves.toEqual(delegation);
    await expect(client.users.delegates.list('usr_mentor')).resolves.toEqual([delegation]);
    await expect(client.users.delegates.assisting('usr_pa')).resolves.toEqual([delegation]);
    await expect(client.users.delegates.revoke('usr_mentor', 'usr_pa')).resolves.toBeUndefined();
    expect(api.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/v1/users/usr_mentor/delegates', { assistantId: 'usr_pa' }],
      ['GET', '/v1/users/usr_mentor/delegates', undefined],
      ['GET', '/v1/users/usr_pa/assisting', undefined],
      ['DELETE', '/v1/users/usr_mentor/delegates/usr_pa', undefined],
    ]);
  });

  it('mentorStats GETs the stats', async () => {
    api.json(someMentorStats());
    await expect(client.users.mentorStats('usr_mentor')).resolves.toMatchObject({ badge: 'silver' });
    expect(api.last).toMatchObject({ method: 'GET', path: '/v1/users/usr_mentor/mentor-stats' });
  });
});
