import type { BookingStore, Workflow } from '@greenlight/core';
import { RateLimitedError, ValidationError } from '@greenlight/core';
import { fieldErrors } from '@greenlight/core/contract';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import type { ActionLinkSigner } from './actions/links';
import { emailActionRoutes } from './actions/routes';
import type { ActionTokens } from './actions/tokens';
import {
  type AuthConfig,
  actorOf,
  channelOf,
  createAuthenticator,
  principalScope,
  withChannel,
} from './http/auth';
import { DEFAULT_MAX_BODY_BYTES, jsonBody } from './http/body';
import type { AppEnv } from './http/env';
import { calendarLinkPrincipal, type IcsLinks } from './http/ics-links';
import { checkIdempotencyKey, createIdempotency, requestHash } from './http/idempotency';
import { type Logger, silentLogger } from './http/logger';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problem, problemResponse, toProblem } from './http/problem';
import { requestIdFrom } from './http/request-id';
import { docsPage } from './openapi/docs-page';
import { HealthSchema, ProblemSchema } from './openapi/schemas';
import { bookingRoutes } from './routes/bookings';
import { effectRoutes } from './routes/effects';
import { json } from './routes/helpers';
import { integrationRoutes } from './routes/integrations';
import { messageRoutes } from './routes/messages';
import { notificationRoutes } from './routes/notifications';
import { userRoutes } from './routes/users';
import { type WebAppOptions, webAppRoutes } from './routes/web-app';
import { webhookDeliveries, webhookRoutes } from './routes/webhooks';

export interface AppOptions {
  workflow: Workflow;
  /** The same store the workflow uses: idempotency records and the health check. */
  store: BookingStore;
  auth: AuthConfig;
  logger?: Logger;
  /** Browser origins allowed to call the API (`*` for any); no CORS headers when absent. */
  cors?: { origins: string[] };
  maxBodyBytes?: number;
  /** The time JWT expiry is checked against; the system clock by default. */
  now?: () => Date;
  idempotency?: { leaseMs?: number; waitMs?: number };
  /** Listed as the server in the OpenAPI document. */
  publicUrl?: string;
  /**
   * Signed `.ics` links (give the workflow and the effect worker the same `icsUrl`): the calendar route opens
   * with the link's `?token=` alone, and bookings are returned with their `.ics` link signed, those stored
   * before too. Without it the route needs credentials.
   */
  icsLinks?: IcsLinks;
  /**
   * One-click email action links (give the effect worker's notifier the same keyring): serves their pages under
   * `/actions/{token}` and `GET /v1/bookings/{id}/action-links`. Without it neither exists.
   */
  emailActions?: { tokens: ActionTokens; signer: ActionLinkSigner };
  /**
   * The web app under `/app/` (and `/bookings/{id}` redirected to it). The runner gives it `@greenlight/web`'s
   * build; without this option neither path is served.
   */
  webApp?: WebAppOptions;
}

export interface GreenlightApp {
  /** The Web-standard handler: mount it in any host that speaks Request → Response. */
  fetch(request: Request): Promise<Response>;
  /** The OpenAPI 3.1 document of every route. */
  openapi(): Record<string, unknown>;
}

const VERSION = '1.0.0';
const WRITES = new Set(['POST', 'PUT', 'PATCH']);
const INTEGRATIONS_PREFIX = '/v1/integrations/';

/** The path as logged: an email action link is a credential, so its token never reaches the logs. */
function loggedPath(path: string): string {
  return path.startsWith('/actions/') ? '/actions/{token}' : path;
}

export function createApp(options: AppOptions): GreenlightApp {
  const { workflow, store } = options;
  const logger = options.logger ?? silentLogger;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const authenticator = createAuthenticator(options.auth, options.now);
  const idempotency = createIdempotency({ store, ...options.idempotency, now: options.now });

  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = fieldErrors(result.error);
        const summary = errors
          .slice(0, 3)
          .map((e) => `${e.path}: ${e.message}`)
          .join('; ');
        throw new ValidationError(`the request is invalid: ${summary}`, errors, 400);
      }
    },
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'The platform API key (optionally with `Greenlight-Actor: <userId>` to act as that user) or a user JWT (HS256, `sub` = user id). ' +
      'Any caller may add `Greenlight-Channel: api | web | slack` to say where its user is deciding; it is kept on the history entries the request makes (default `api`).',
  });

  app.onError((error, c) => {
    const requestId = c.get('requestId') ?? requestIdFrom(c.req.raw.headers);
    const { problem: body, expected } = toProblem(error, requestId);
    if (!expected) {
      logger.error('unhandled error', {
        requestId,
        method: c.req.method,
        path: loggedPath(c.req.path),
        error,
      });
    }
    const headers: Record<string, string> = error instanceof HttpProblem ? { ...error.headers } : {};
    if (error instanceof RateLimitedError) headers['Retry-After'] = String(error.retryAfterSeconds);
    if (body.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="greenlight"';
    // The rest of an oversized body is never read: the connection cannot carry another request.
    if (body.status === 413) headers.Connection = 'close';
    return problemResponse(body, headers);
  });

  app.notFound((c) =>
    problemResponse(
      problem(404, 'not_found', `no route for ${c.req.method} ${loggedPath(c.req.path)}`, {
        requestId: c.get('requestId'),
      }),
    ),
  );

  // Request id and the one log line per request; outermost, so it sees every response.
  app.use('*', async (c, next) => {
    const started = performance.now();
    const requestId = requestIdFrom(c.req.raw.headers);
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('Request-Id', requestId);
    const principal = c.get('principal');
    logger.info('request', {
      requestId,
      method: c.req.method,
      path: loggedPath(c.req.path),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      actor: principal ? principal.kind : 'anonymous',
      ...(principal?.kind === 'user' ? { userId: principal.userId } : {}),
      ...(principal?.kind === 'platform' && principal.actingAs ? { actingAs: principal.actingAs } : {}),
      ...(principal?.kind === 'calendar_link' ? { bookingId: principal.bookingId } : {}),
    });
  });

  if (options.cors) {
    const origins = options.cors.origins;
    app.use(
      '*',
      cors({
        origin: origins.includes('*') ? '*' : origins,
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        allowHeaders: [
          'Authorization',
          'Content-Type',
          'Idempotency-Key',
          'Greenlight-Actor',
          'Greenlight-Channel',
          'Request-Id',
        ],
        exposeHeaders: ['Request-Id', 'Idempotent-Replayed', 'Retry-After'],
        maxAge: 600,
      }),
    );
  }

  app.use('/v1/*', async (c, next) => {
    const principal =
      (options.icsLinks ? await calendarLinkPrincipal(options.icsLinks, c.req.raw) : null) ??
      (await authenticator.authenticate(c.req.header('authorization'), c.req.header('greenlight-actor')));
    c.set('principal', principal);
    c.set('actor', withChannel(actorOf(principal), channelOf(c.req.header('greenlight-channel'))));
    return next();
  });

  app.use('/v1/*', jsonBody(maxBodyBytes));

  app.use('/v1/*', async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined || !WRITES.has(c.req.method)) return next();
    // Integration records hold secrets (bot tokens) and their PUT/DELETE are idempotent by nature: no stored
    // copy of their responses.
    if (c.req.path.startsWith(INTEGRATIONS_PREFIX)) return next();
    checkIdempotencyKey(key);
    const url = new URL(c.req.url);
    const hash = await requestHash(c.req.method, url.pathname + url.search, c.get('rawBody') ?? '');
    const outcome = await idempotency.run(principalScope(c.get('principal')), key, hash, async () => {
      await next();
      return { status: c.res.status, body: await c.res.clone().text() };
    });
    if (outcome.replayed) c.res = replayed(outcome.status, outcome.body);
  });

  userRoutes(app, workflow);
  bookingRoutes(app, workflow, logger, options.icsLinks, options.emailActions?.signer);
  messageRoutes(app, workflow);
  if (options.emailActions) {
    emailActionRoutes(app, {
      workflow,
      store,
      ...options.emailActions,
      logger,
      now: options.now ?? (() => new Date()),
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    });
  }
  notificationRoutes(app, workflow);
  webhookRoutes(app, workflow);
  webhookDeliveries(app);
  effectRoutes(app, workflow);
  integrationRoutes(app, workflow);
  if (options.webApp) webAppRoutes(app, options.webApp);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['Operations'],
      summary: 'Liveness and database check (no auth)',
      security: [],
      responses: {
        200: json(HealthSchema, 'The server and its database answer'),
        503: {
          description: 'The database does not answer',
          content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
        },
      },
    }),
    async (c) => {
      try {
        await store.transaction((tx) => tx.getIdempotency('healthz', 'healthz'));
      } catch (error) {
        logger.error('health check failed', { requestId: c.get('requestId'), error });
        throw new HttpProblem(503, 'internal_error', 'the database is unreachable');
      }
      return c.json({ ok: true as const }, 200);
    },
  );

  let document: Record<string, unknown> | undefined;
  const openapi = () => {
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Greenlight platform API',
        version: VERSION,
        description:
          'Booking approval for mentoring platforms: mentees request sessions, mentors approve, reject with a reason, or suggest another time.',
      },
      servers: options.publicUrl ? [{ url: options.publicUrl }] : undefined,
      security: [{ bearer: [] }],
    }) as unknown as Record<string, unknown>;
    return document;
  };
  app.get('/openapi.json', (c) => c.json(openapi()));
  app.get('/docs', (c) => c.html(docsPage('openapi.json')));

  return {
    fetch: (request: Request) => Promise.resolve(app.fetch(request)),
    openapi,
  };
}

function replayed(status: number, body: string): Response {
  const headers = new Headers({ 'Idempotent-Replayed': 'true' });
  if (body !== '') headers.set('Content-Type', status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json');
  return new Response(body === '' ? null : body, { status, headers });
}
