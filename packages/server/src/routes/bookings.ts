import {
  type Actor,
  type Booking,
  type Page,
  UnauthorizedError,
  type Workflow,
  withIcsUrl,
} from '@greenlight/core';
import {
  ActionLinksQuery,
  ApproveBody,
  type BatchDecisionResult,
  BatchDecisionsBody,
  CancelBody,
  CounterBody,
  CreateBookingBody,
  DeclineProposalBody,
  ListBookingsQuery,
  RejectBody,
  ReportNoShowBody,
  SuggestBody,
  UpdateBookingBody,
} from '@greenlight/core/contract';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ActionLinkSigner } from '../actions/links';
import type { AppEnv } from '../http/env';
import { ICS_TOKEN_PARAM, type IcsLinks } from '../http/ics-links';
import type { Logger } from '../http/logger';
import { toProblem } from '../http/problem';
import {
  ActionLinksSchema,
  BatchDecisionsResultSchema,
  BookingPage,
  BookingReviewSchema,
  BookingSchema,
  BookingViewSchema,
  IdParams,
} from '../openapi/schemas';
import { body, json, problems, WRITE_PROBLEMS } from './helpers';

const tags = ['Bookings'];

/** Actions without fields still refuse unknown ones. */
const NoFields = z.strictObject({});

type Action =
  | 'approve'
  | 'reject'
  | 'suggest'
  | 'accept-proposal'
  | 'decline-proposal'
  | 'counter'
  | 'cancel'
  | 'no-show';

function actionRoute<T extends z.ZodType>(
  action: Action,
  schema: T,
  required: boolean,
  summary: string,
  description: string,
) {
  return createRoute({
    method: 'post',
    path: `/v1/bookings/{id}/${action}`,
    tags,
    summary,
    description,
    request: { params: IdParams, body: body(schema, required) },
    responses: {
      200: json(BookingSchema, 'The booking after the transition'),
      ...problems(...WRITE_PROBLEMS),
    },
  });
}

/** The `.ics` route's optional token, documented for the OpenAPI document. */
const IcsQuery = z.object({
  token: z
    .string()
    .optional()
    .openapi({
      description:
        'The signed token of the booking’s `calendarLinks.ics` link: opens this booking’s `.ics` (and nothing ' +
        'else) without an Authorization header. Ignored when Authorization is sent.',
    }),
});

/** A bearer token, or the link's own token instead. */
const ICS_SECURITY: Array<Record<string, string[]>> = [{ bearer: [] }, { calendarLink: [] }];

/**
 * Bookings leave with their `.ics` link signed by `icsLinks`: the link is computed now, so bookings stored with an
 * unsigned link (before links were signed), or signed for another public URL, get one that opens.
 */
export function bookingRoutes(
  app: OpenAPIHono<AppEnv>,
  workflow: Workflow,
  logger: Logger,
  icsLinks?: IcsLinks,
  actionLinks?: ActionLinkSigner,
): void {
  const signed = <B extends Booking>(booking: B): Promise<B> =>
    icsLinks ? withIcsUrl(booking, icsLinks.url) : Promise.resolve(booking);
  const signedPage = async <B extends Booking>(page: Page<B>): Promise<Page<B>> =>
    icsLinks ? { ...page, data: await Promise.all(page.data.map(signed)) } : page;

  app.openAPIRegistry.registerComponent('securitySchemes', 'calendarLink', {
    type: 'apiKey',
    in: 'query',
    name: ICS_TOKEN_PARAM,
    description:
      'The signed token in a booking’s `calendarLinks.ics`: opens that booking’s `.ics` only, so the link works ' +
      'from an email or a calendar subscription.',
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/bookings',
      tags,
      summary: 'Request a session',
      description:
        'A mentee books for themself; the platform books for `menteeId`. The booking is `pending`, or ' +
        '`approved` when the mentor has auto-approval. 409 `slot_conflict` when it overlaps an approved ' +
        'session; 422 when the start is in the past or outside the mentor’s availability. Only the platform ' +
        'attaches `paymentRef` (refunds are paid against it; a user sending one gets 403), and a payment ' +
        'backs one booking (422 on `paymentRef` when another booking has it).',
      request: { body: body(CreateBookingBody) },
      responses: {
        201: json(BookingSchema, 'The new booking'),
        ...problems(...WRITE_PROBLEMS),
      },
    }),
    async (c) =>
      c.json(await signed(await workflow.bookings.request(c.get('actor'), c.req.valid('json'))), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/bookings',
      tags,
      summary: 'The caller’s bookings',
      description:
        'Ordered by start time. `status=approved&from=<now>` is the mentor’s Upcoming Sessions; the ' +
        'platform may filter by `mentorId` / `menteeId`, and a mentor’s assistant by that mentor’s `mentorId`. ' +
        '`expand=mentee` (or `mentor`, or `mentee,mentor`) carries each booking’s people as ' +
        '`{ id, name, photoUrl }`, so a list shows names and photos without a request per person; only the ' +
        'people on the bookings listed, which the caller may see.',
      request: { query: ListBookingsQuery },
      responses: { 200: json(BookingPage, 'A page of bookings'), ...problems(403) },
    }),
    async (c) =>
      c.json(await signedPage(await workflow.bookings.list(c.get('actor'), c.req.valid('query'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/bookings/{id}',
      tags,
      summary: 'A booking',
      description:
        'For its mentor (and the platform) with `review`: the pending view of the decision checklist.',
      request: { params: IdParams },
      responses: { 200: json(BookingViewSchema, 'The booking'), ...problems(404) },
    }),
    async (c) =>
      c.json(await signed(await workflow.bookings.get(c.get('actor'), c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/bookings/{id}/review',
      tags,
      summary: 'The mentor’s review of a booking',
      description:
        'Time in the mentor’s time zone, the mentee card and history, red flags and calendar conflicts.',
      request: { params: IdParams },
      responses: { 200: json(BookingReviewSchema, 'The review'), ...problems(403, 404) },
    }),
    async (c) => c.json(await workflow.bookings.review(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/bookings/{id}',
      tags,
      summary: 'Set or remove metadata keys',
      description:
        'Integrations keep their references here; a null value removes the key. The platform only: users ' +
        'get 403, since integrations trust what they stored. With `expectedVersion` (the `version` of the ' +
        'booking as read) the write is a compare-and-set: 409 `version_conflict`, changing nothing, when the ' +
        'booking has moved on since, so two writers of the same keys (two bot instances) find out about each other.',
      request: { params: IdParams, body: body(UpdateBookingBody) },
      responses: { 200: json(BookingSchema, 'The booking'), ...problems(...WRITE_PROBLEMS) },
    }),
    async (c) =>
      c.json(
        await signed(
          await workflow.bookings.updateMetadata(
            c.get('actor'),
            c.req.valid('param').id,
            c.req.valid('json'),
          ),
        ),
        200,
      ),
  );

  /**
   * `POST /v1/bookings/{id}/<name>`: the workflow's transition, answered with the booking after it. The body was
   * validated against `schema` on the way in, so `run` gets it as its own input type.
   */
  function action(
    name: Action,
    schema: z.ZodType,
    required: boolean,
    summary: string,
    description: string,
    run: (actor: Actor, id: string, body: never) => Promise<Booking>,
  ): void {
    app.openapi(actionRoute(name, schema, required, summary, description), async (c) =>
      c.json(
        await signed(await run(c.get('actor'), c.req.valid('param').id, c.req.valid('json') as never)),
        200,
      ),
    );
  }

  action(
    'approve',
    ApproveBody,
    false,
    'Approve (mentor)',
    '409 `calendar_conflict` when the mentor’s calendar is busy unless `force`; 409 `slot_conflict` when ' +
      'another approved session overlaps (never overridable).',
    workflow.bookings.approve,
  );
  action(
    'reject',
    RejectBody,
    true,
    'Reject with a reason (mentor)',
    'The reason is shown to the mentee, who is refunded at once; "no" or a one-word reason is refused.',
    workflow.bookings.reject,
  );
  action(
    'suggest',
    SuggestBody,
    true,
    'Suggest another time (mentor)',
    'From `pending` or `alternative_suggested`; the mentee may accept, decline or counter. 409 ' +
      '`calendar_conflict` (with the `conflicts`) when the mentor’s calendar is busy at the suggested time, or ' +
      'could not be read, unless `force`; 409 `slot_conflict` when another approved session overlaps (never ' +
      'overridable).',
    workflow.bookings.suggest,
  );
  action(
    'accept-proposal',
    NoFields,
    false,
    'Accept the suggested time (mentee)',
    'The booking is approved at the suggested time, with the same effects as an approval.',
    (actor, id) => workflow.bookings.acceptProposal(actor, id),
  );
  action(
    'decline-proposal',
    DeclineProposalBody,
    false,
    'Decline the suggested time (mentee)',
    'The booking is declined and the mentee refunded.',
    workflow.bookings.declineProposal,
  );
  action(
    'counter',
    CounterBody,
    true,
    'Propose yet another time (mentee)',
    'The booking goes back to `pending` at the new time, for the mentor to decide.',
    workflow.bookings.counter,
  );
  action(
    'cancel',
    CancelBody,
    true,
    'Cancel (either side)',
    'The other side is notified; refunds follow the cancellation policy.',
    workflow.bookings.cancel,
  );
  action(
    'no-show',
    ReportNoShowBody,
    true,
    'Report a no-show (either side, after the session)',
    'From the session’s end until 48 hours after it (else 409 `invalid_transition` saying why), either side ' +
      'reports who did not come (`absent`, default the other side; the platform must name it) with a `note`. A ' +
      '`completed` (or not yet completed) session becomes `no_show`, with `noShow` on the booking; the other side ' +
      'is told and may answer with its own report; each side reports once. A mentor no-show refunds the mentee in ' +
      'full (one refund per booking); a mentee no-show does not, and counts in their history and red flags. ' +
      'Reports naming each side absent are a dispute: no refund, and webhooks get `booking.disputed` for the ' +
      'platform to settle. Every report emits `booking.no_show_reported`.',
    workflow.bookings.reportNoShow,
  );

  if (actionLinks) {
    app.openapi(
      createRoute({
        method: 'get',
        path: '/v1/bookings/{id}/action-links',
        tags,
        summary: 'Signed one-click action links for a participant (platform only)',
        description:
          'The links the email templates carry, for integrations that reach a participant another way (the Slack ' +
          'bot puts them in its fallback text). One per action `recipientId` may take now: `approve`, `reject`, ' +
          '`suggest` for the mentor of a pending booking; `accept`, `decline`, `counter` for the mentee of a ' +
          'suggestion; `cancel` for either side. Each `url` opens a page under `/actions/` that shows what the ' +
          'action does and acts only when its form is posted, as the recipient (history `channel: email`); it ' +
          'works once, until `expiresAt`, and only while the negotiation stays as it is now (metadata writes do ' +
          'not count). The links act without credentials, so only the platform key may ask for them (users, and ' +
          'the platform acting as one, get 403); a `recipientId` that is not the mentor or the mentee is 422.',
        request: { params: IdParams, query: ActionLinksQuery },
        responses: { 200: json(ActionLinksSchema, 'The recipient’s links'), ...problems(403, 404, 422) },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { recipientId } = c.req.valid('query');
        const targets = await workflow.bookings.emailActions(c.get('actor'), id, recipientId);
        const data = await actionLinks.links(targets.booking, targets.recipient.id, targets.role);
        c.header('Cache-Control', 'no-store');
        return c.json({ bookingId: id, recipientId, role: targets.role, data }, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/bookings/batch-decisions',
      tags,
      summary: 'Approve or reject several bookings at once (mentor, or their assistant)',
      description:
        'Up to 50 decisions, `{ bookingId, action: approve | reject, force?, reason?, category? }`, each booking ' +
        'once. They run in the order sent, each its own transition exactly as `…/approve` or `…/reject` would ' +
        '(of two overlapping sessions the first listed is approved): one that fails leaves the others done. The ' +
        'answer is always 200, with each outcome in order: `{ ok: true, booking }` or `{ ok: false, problem }`, ' +
        'the problem the single-booking endpoint gives (`invalid_transition`, `slot_conflict`, ' +
        '`calendar_conflict`, `not_found` for a booking the caller may not see…). A malformed decision refuses ' +
        'the whole request (400 naming e.g. `decisions[2].reason`). With an `Idempotency-Key`, a repeat of the ' +
        'request replays the first answer whole.',
      request: { body: body(BatchDecisionsBody) },
      responses: {
        200: json(BatchDecisionsResultSchema, 'Each decision’s outcome, in order'),
        ...problems(413, 422),
      },
    }),
    async (c) => {
      const outcomes = await workflow.bookings.decideMany(c.get('actor'), c.req.valid('json'));
      const requestId = c.get('requestId');
      const results: BatchDecisionResult[] = await Promise.all(
        outcomes.map(async (outcome): Promise<BatchDecisionResult> => {
          if ('booking' in outcome) {
            return { bookingId: outcome.bookingId, ok: true, booking: await signed(outcome.booking) };
          }
          const { problem, expected } = toProblem(outcome.error, requestId);
          if (!expected) {
            logger.error('unhandled error in a batch decision', {
              requestId,
              bookingId: outcome.bookingId,
              error: outcome.error,
            });
          }
          return { bookingId: outcome.bookingId, ok: false, problem };
        }),
      );
      const succeeded = results.filter((r) => r.ok).length;
      return c.json({ results, succeeded, failed: results.length - succeeded }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/bookings/{id}/calendar.ics',
      tags,
      summary: 'The session as an RFC 5545 calendar event',
      description:
        'UID stable per booking, SEQUENCE bumped on change, METHOD:CANCEL once cancelled. The booking’s ' +
        '`calendarLinks.ics` carries a signed `token` so that it opens from an email or a calendar app without ' +
        'credentials; the token opens this booking’s `.ics` only. Without Authorization, a missing or wrong ' +
        'token is 401 `unauthorized`; with Authorization the caller must be the mentor, the mentee or the platform.',
      security: ICS_SECURITY,
      request: { params: IdParams, query: IcsQuery },
      responses: {
        200: { description: 'An iCalendar file', content: { 'text/calendar': { schema: z.string() } } },
        ...problems(404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const principal = c.get('principal');
      let actor = c.get('actor');
      if (principal.kind === 'calendar_link') {
        if (principal.bookingId !== id) {
          throw new UnauthorizedError(`the calendar link token is invalid for booking ${id}`);
        }
        actor = { kind: 'system' }; // the signed link opens this booking's calendar file, and nothing else
      }
      const ics = await workflow.bookings.calendarIcs(actor, id);
      return c.body(ics, 200, {
        'Content-Type': 'text/calendar; charset=utf-8',
        'Content-Disposition': `attachment; filename="${id.replace(/[^\w.-]/g, '_')}.ics"`,
        // The URL is a credential: no shared cache may keep the file under it.
        'Cache-Control': 'private, no-store',
      });
    },
  );
}
