import type { Workflow } from '@greenlight/core';
import {
  GrantDelegateBody,
  PatchSettingsBody,
  PutSlackDeliveryBody,
  PutUserBody,
} from '@greenlight/core/contract';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env';
import {
  DelegationListSchema,
  DelegationSchema,
  IdParams,
  MentorStatsSchema,
  UserSchema,
  UserSettingsSchema,
} from '../openapi/schemas';
import { body, json, problems } from './helpers';

const tags = ['Users'];

const DelegateParams = z.object({ id: IdParams.shape.id, assistantId: IdParams.shape.id });

const SlackLookupQuery = z.strictObject({
  slackUserId: PutUserBody.shape.slackUserId.unwrap().unwrap(),
});

export function userRoutes(app: OpenAPIHono<AppEnv>, workflow: Workflow): void {
  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/users/{id}',
      tags,
      summary: 'Create or replace a profile (platform only)',
      request: { params: IdParams, body: body(PutUserBody) },
      responses: { 200: json(UserSchema, 'The stored profile'), ...problems(403, 413, 422) },
    }),
    async (c) =>
      c.json(await workflow.users.put(c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users',
      tags,
      summary: 'Find the user with a Slack user id (platform only)',
      request: { query: SlackLookupQuery },
      responses: { 200: json(UserSchema, 'The user'), ...problems(403, 404) },
    }),
    async (c) =>
      c.json(await workflow.users.findBySlackUserId(c.get('actor'), c.req.valid('query').slackUserId), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users/{id}',
      tags,
      summary: 'A profile',
      request: { params: IdParams },
      responses: { 200: json(UserSchema, 'The user'), ...problems(403, 404) },
    }),
    async (c) => c.json(await workflow.users.get(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/users/{id}/slack-delivery',
      tags,
      summary: 'Record whether the Slack app reaches the user (platform only)',
      description:
        'The Slack app reports `failing` (with a reason) when it cannot deliver a request to the user in Slack, and `ok` once it can again. The failure shows as `slackDelivery` on the profile, to the user and the platform; the user still gets every request by email. A new `slackUserId` or `slackTeamId` clears it.',
      request: { params: IdParams, body: body(PutSlackDeliveryBody) },
      responses: { 200: json(UserSchema, 'The profile'), ...problems(403, 404, 413) },
    }),
    async (c) =>
      c.json(
        await workflow.users.setSlackDelivery(c.get('actor'), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users/{id}/settings',
      tags,
      summary: 'A mentor’s settings (the user or the platform)',
      request: { params: IdParams },
      responses: { 200: json(UserSettingsSchema, 'The settings'), ...problems(403, 404) },
    }),
    async (c) => c.json(await workflow.users.getSettings(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/users/{id}/settings',
      tags,
      summary: 'Change auto-approval, the calendar feed or availability (the user or the platform)',
      description:
        'Only the fields sent change. `autoApprovalRules` replaces the rule sets, in order: a booking is approved ' +
        'at once when every condition of at least one enabled rule set holds (minimum notice, a returning mentee, ' +
        'session types, no red flag of given kinds) and the mentor’s calendar is free; otherwise it is pending. ' +
        '`autoApprove` is shorthand for a rule set without conditions: reading it says whether every booking is ' +
        'approved; true adds (or re-enables) such a rule set, false disables it, conditional rule sets untouched. ' +
        'The two cannot be sent together. Field errors name their path, e.g. `autoApprovalRules[0].minNoticeHours`.',
      request: { params: IdParams, body: body(PatchSettingsBody) },
      responses: { 200: json(UserSettingsSchema, 'The settings'), ...problems(403, 404, 413, 422) },
    }),
    async (c) =>
      c.json(
        await workflow.users.updateSettings(c.get('actor'), c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users/{id}/mentor-stats',
      tags,
      summary: 'Approval rate, badge, response times and search boost of a mentor',
      request: { params: IdParams },
      responses: { 200: json(MentorStatsSchema, 'The statistics'), ...problems(403, 404) },
    }),
    async (c) => c.json(await workflow.users.mentorStats(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users/{id}/delegates',
      tags,
      summary: 'Who may decide for a mentor (the mentor or the platform)',
      request: { params: IdParams },
      responses: {
        200: json(DelegationListSchema, 'The mentor’s assistants, oldest first'),
        ...problems(403, 404),
      },
    }),
    async (c) => c.json(await workflow.users.listDelegates(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/users/{id}/delegates',
      tags,
      summary: 'Let an assistant decide for a mentor (the mentor or the platform)',
      description:
        'The assistant acts with their own credentials on the mentor’s bookings as the mentor’s side: approve, ' +
        'reject, suggest, write to the mentee, cancel, report a no-show, read the review. History entries name ' +
        'them as `actor` with the mentor as `onBehalfOf`. They cannot change the mentor’s settings or assistants. ' +
        '201 when granted, 200 when they already were an assistant (the first grant is kept). At most 20.',
      request: { params: IdParams, body: body(GrantDelegateBody) },
      responses: {
        200: json(DelegationSchema, 'Already an assistant'),
        201: json(DelegationSchema, 'Granted'),
        ...problems(403, 404, 413, 422),
      },
    }),
    async (c) => {
      const { delegation, created } = await workflow.users.grantDelegate(
        c.get('actor'),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(delegation, created ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/users/{id}/delegates/{assistantId}',
      tags,
      summary: 'Revoke an assistant (the mentor or the platform)',
      description: 'At once: afterwards the mentor’s bookings are 404 to them, as to anyone else.',
      request: { params: DelegateParams },
      responses: { 204: { description: 'Revoked' }, ...problems(403, 404) },
    }),
    async (c) => {
      const { id, assistantId } = c.req.valid('param');
      await workflow.users.revokeDelegate(c.get('actor'), id, assistantId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users/{id}/assisting',
      tags,
      summary: 'The mentors a user decides for (the user or the platform)',
      description: 'List a mentor’s bookings with `GET /v1/bookings?mentorId=<mentor>`.',
      request: { params: IdParams },
      responses: {
        200: json(DelegationListSchema, 'Their delegations, oldest first'),
        ...problems(403, 404),
      },
    }),
    async (c) => c.json(await workflow.users.listAssisting(c.get('actor'), c.req.valid('param').id), 200),
  );
}
