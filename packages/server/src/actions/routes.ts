import {
  type Actor,
  type Booking,
  type BookingReview,
  type BookingStore,
  CalendarConflictError,
  type CommandOptions,
  cancellationRefund,
  canTakeEmailAction,
  describeAvailability,
  InvalidTransitionError,
  lastNegotiationChange,
  negotiationRound,
  rejectionReasonProblem,
  resolveWallTime,
  SlotConflictError,
  ValidationError,
  VersionConflictError,
  type Workflow,
} from '@greenlight/core';
import { EMAIL_ACTION_SIDE, RejectionCategory } from '@greenlight/core/contract';
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../http/env';
import type { Logger } from '../http/logger';
import type { ActionLinkSigner } from './links';
import { ACTIONS_PATH } from './links';
import {
  donePage,
  expiredPage,
  type FormState,
  formPage,
  type Parties,
  problemPage,
  stalePage,
  usedPage,
} from './pages';
import { ACTION_PAGE_CSS } from './styles';
import { type ActionClaims, type ActionTokens, equalStrings } from './tokens';

export interface EmailActionRoutesOptions {
  workflow: Workflow;
  store: BookingStore;
  tokens: ActionTokens;
  signer: ActionLinkSigner;
  logger: Logger;
  now: () => Date;
  /** The server's public base URL: the web app's booking pages are under it, and form posts come from it. */
  publicUrl?: string;
}

/** The platform, reading for the pages: they decide themselves what the recipient may see. */
const PLATFORM: Actor = { kind: 'platform' };
const MAX_FORM_BYTES = 16 * 1024;

/** The link was spent, or the negotiation moved, between the page's checks and the transition's transaction. */
class LinkOvertaken extends Error {}

/** A page to answer with: its status and HTML. */
interface Answer {
  status: 200 | 400 | 403 | 404 | 409 | 410 | 413 | 422 | 500;
  html: string;
}

/** A link that checks out: the booking as it is, and who is acting. */
interface Ready {
  token: string;
  id: string;
  claims: ActionClaims;
  booking: Booking;
  parties: Parties;
}

/** Every page the same headers: nothing cached, indexed, framed, referred or loaded from anywhere. */
async function pageHeaders(): Promise<Record<string, string>> {
  styleHash ??= crypto.subtle
    .digest('SHA-256', new TextEncoder().encode(ACTION_PAGE_CSS))
    .then((d) => btoa(String.fromCharCode(...new Uint8Array(d))));
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Robots-Tag': 'noindex, nofollow',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${await styleHash}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  };
}
let styleHash: Promise<string> | undefined;

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** What a `datetime-local` value means in `timezone`, or null when it is no date and time. */
export function instantOf(value: string, timezone: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value.trim());
  if (!match) return null;
  const [, date, hours, minutes] = match as unknown as [string, string, string, string];
  if (Number(hours) > 23 || Number(minutes) > 59) return null;
  const at = resolveWallTime(date, Number(hours) * 60 + Number(minutes), timezone, 'earliest');
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/**
 * The one-click pages under `/actions/{token}`. GET (and HEAD) only ever read: they show what the link will do
 * and a form. Only the form's POST, with its CSRF field, acts: as the recipient, with `channel: 'email'`, and
 * spends the link in the transition's own transaction.
 */
export function emailActionRoutes(app: OpenAPIHono<AppEnv>, options: EmailActionRoutesOptions): void {
  const { workflow, store, tokens, signer, logger, now } = options;
  documentPages(app);
  const base = (options.publicUrl ?? '').replace(/\/+$/, '');
  const appUrl = (bookingId?: string) =>
    bookingId ? `${base}/app/bookings/${encodeURIComponent(bookingId)}` : `${base}/app/`;
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : null;

  async function partiesOf(booking: Booking, userId: string): Promise<Parties> {
    const [mentor, mentee] = await Promise.all([
      workflow.users.get(PLATFORM, booking.mentorId),
      workflow.users.get(PLATFORM, booking.menteeId),
    ]);
    const role = userId === booking.mentorId ? 'mentor' : 'mentee';
    return { mentor, mentee, role, recipient: role === 'mentor' ? mentor : mentee };
  }

  /** Checks a link in order (signature, booking, recipient, use, expiry, negotiation) and says what failed. */
  async function resolve(token: string): Promise<Ready | Answer> {
    const verified = await tokens.verify(token);
    if (!verified.ok) {
      return {
        status: 400,
        html: problemPage({
          title: 'This link doesn’t work',
          lead:
            verified.reason === 'unknown_key'
              ? 'It was signed with a key this server no longer accepts, so it can no longer be used. Nothing was changed. Open the booking to answer there.'
              : 'It may have been cut off or changed when it was copied. Nothing was changed. Open the button in the email again, or find the booking among your bookings.',
          appUrl: appUrl(),
        }),
      };
    }
    const { claims } = verified;
    const booking = await store.transaction((tx) => tx.getBooking(claims.bookingId));
    if (!booking) {
      return {
        status: 404,
        html: problemPage({
          title: 'This booking doesn’t exist',
          lead: 'The booking this link was made for is not there any more. Nothing was changed.',
          appUrl: appUrl(),
        }),
      };
    }
    const role =
      claims.userId === booking.mentorId ? 'mentor' : claims.userId === booking.menteeId ? 'mentee' : null;
    const side = EMAIL_ACTION_SIDE[claims.action];
    if (!role || (side !== 'either' && side !== role)) {
      return {
        status: 403,
        html: problemPage({
          title: 'This link is not for you',
          lead: `It was made for someone who cannot ${claims.action} this booking. Nothing was changed.`,
          appUrl: appUrl(),
        }),
      };
    }
    const parties = await partiesOf(booking, claims.userId);
    const essentials = { booking, parties, appUrl: appUrl(booking.id), now: now() };
    const use = await store.transaction((tx) => tx.getActionTokenUse(verified.id));
    if (use) return { status: 410, html: usedPage({ ...essentials, use }) };
    if (now().getTime() >= claims.expiresAt.getTime()) {
      return {
        status: 410,
        html: expiredPage({
          expiresAt: claims.expiresAt,
          timezone: parties.recipient.timezone,
          appUrl: appUrl(booking.id),
        }),
      };
    }
    if (negotiationRound(booking) !== claims.round || !canTakeEmailAction(booking, role, claims.action)) {
      return { status: 409, html: stalePage({ ...essentials, change: lastNegotiationChange(booking) }) };
    }
    return { token, id: verified.id, claims, booking, parties };
  }

  async function form(ready: Ready, state: FormState, status: Answer['status']): Promise<Answer> {
    const { booking, parties, claims } = ready;
    const action = claims.action;
    const mentorSide = parties.role === 'mentor';
    // The calendar check is the mentor's, before approving; it reads calendars, never writes.
    const review: BookingReview | undefined =
      action === 'approve' && mentorSide ? await workflow.bookings.review(PLATFORM, booking.id) : undefined;
    // The mentor's availability, for the time pickers: the API refuses a time outside it.
    const windows =
      action === 'suggest' || action === 'counter'
        ? (await workflow.users.getSettings(PLATFORM, booking.mentorId)).availability
        : [];
    const availability =
      windows.length > 0 ? describeAvailability(windows, parties.mentor.timezone) : undefined;
    const cancellation =
      action === 'cancel'
        ? {
            refund: cancellationRefund({
              booking,
              by: parties.role,
              now: now(),
              policy: workflow.policy.cancellation,
            }),
            fullRefundHours: workflow.policy.cancellation.fullRefundHours,
          }
        : undefined;
    const html = formPage({
      action,
      booking,
      parties,
      review,
      csrf: (await tokens.csrf(ready.token)) ?? '',
      state,
      ...(availability ? { availability } : {}),
      ...(cancellation ? { cancellation } : {}),
      others: await signer.byAction(booking, claims.userId, parties.role),
      appUrl: appUrl(booking.id),
      now: now(),
    });
    return { status, html };
  }

  /** A POST that did not come from our own page: another site's form, or no CSRF field at all. */
  async function forged(c: Context<AppEnv>, token: string, field: unknown): Promise<boolean> {
    const site = c.req.header('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none') return true;
    const origin = c.req.header('origin');
    // `no-referrer` pages post with `Origin: null`, which says nothing either way.
    if (origin && origin !== 'null' && origin !== new URL(c.req.url).origin && origin !== publicOrigin) {
      return true;
    }
    const expected = await tokens.csrf(token);
    return !expected || typeof field !== 'string' || !equalStrings(expected, field);
  }

  /** Runs the link's action with what the form sent; throws what the workflow throws. */
  function act(ready: Ready, fields: Record<string, string>, guard: CommandOptions): Promise<Booking> {
    const { claims, parties } = ready;
    const actor: Actor = { kind: 'user', userId: claims.userId, channel: 'email' };
    const id = claims.bookingId;
    const zone = parties.recipient.timezone;
    const reason = fields.reason ?? '';
    const start = (): string => {
      const at = instantOf(fields.start ?? '', zone);
      if (!at) throw ValidationError.field('start', 'pick a date and a time', 422);
      return at;
    };
    switch (claims.action) {
      case 'approve':
        return workflow.bookings.approve(actor, id, { force: fields.force === '1' }, guard);
      case 'reject': {
        const problem = rejectionReasonProblem(reason);
        if (problem) throw ValidationError.field('reason', problem, 422);
        const category = RejectionCategory.safeParse(fields.category);
        return workflow.bookings.reject(
          actor,
          id,
          { reason, ...(category.success ? { category: category.data } : {}) },
          guard,
        );
      }
      case 'suggest':
        return workflow.bookings.suggest(actor, id, { start: start(), force: fields.force === '1' }, guard);
      case 'counter':
        return workflow.bookings.counter(actor, id, { start: start() }, guard);
      case 'accept':
        return workflow.bookings.acceptProposal(actor, id, guard);
      case 'decline': {
        const note = (fields.message ?? '').trim();
        return workflow.bookings.declineProposal(actor, id, note ? { reason: note } : {}, guard);
      }
      case 'cancel':
        return workflow.bookings.cancel(actor, id, { reason: reason.trim() }, guard);
    }
  }

  /** What the form shows again after a refusal: the typed values, the errors by field, the conflicts. */
  function refusal(
    error: unknown,
    fields: Record<string, string>,
  ): { state: FormState; status: Answer['status'] } | null {
    const values = {
      reason: fields.reason ?? '',
      category: fields.category ?? '',
      start: fields.start ?? '',
      message: fields.message ?? '',
    };
    if (error instanceof CalendarConflictError) {
      return { status: 409, state: { values, calendarConflicts: error.conflicts } };
    }
    if (error instanceof SlotConflictError) {
      return { status: 409, state: { values, slotConflicts: error.conflicts } };
    }
    if (error instanceof ValidationError) {
      const errors: Record<string, string> = {};
      for (const e of error.errors ?? []) {
        const field = e.path === 'start' || e.path === 'reason' ? e.path : 'form';
        errors[field] ??= sentence(e.message);
      }
      if (Object.keys(errors).length === 0) errors.form = sentence(error.message);
      return { status: 422, state: { values, errors } };
    }
    return null;
  }

  async function send(c: Context<AppEnv>, answer: Answer): Promise<Response> {
    return c.body(answer.html, answer.status, await pageHeaders());
  }

  /** Unexpected trouble still answers with a page, never a JSON problem, and never says a decision was made. */
  async function failed(c: Context<AppEnv>, error: unknown): Promise<Response> {
    logger.error('email action page failed', { requestId: c.get('requestId'), error });
    return send(c, {
      status: 500,
      html: problemPage({
        title: 'Something went wrong',
        lead: 'We could not finish this on our side. Try again in a moment, or open the booking.',
        appUrl: appUrl(),
      }),
    });
  }

  app.get(`${ACTIONS_PATH}/:token`, async (c) => {
    try {
      const resolved = await resolve(c.req.param('token'));
      return send(c, 'html' in resolved ? resolved : await form(resolved, {}, 200));
    } catch (error) {
      return failed(c, error);
    }
  });

  app.post(
    `${ACTIONS_PATH}/:token`,
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: async (c) =>
        send(c as Context<AppEnv>, {
          status: 413,
          html: problemPage({
            title: 'That was too much text',
            lead: 'Shorten your message and try again. Nothing was changed.',
            appUrl: appUrl(),
          }),
        }),
    }),
    async (c) => {
      try {
        const token = c.req.param('token');
        let resolved = await resolve(token);
        if ('html' in resolved) return send(c, resolved);
        const body = await c.req.parseBody().catch(() => ({}));
        const fields: Record<string, string> = {};
        for (const [key, value] of Object.entries(body)) if (typeof value === 'string') fields[key] = value;
        if (await forged(c, token, fields.csrf)) {
          return send(c, {
            status: 403,
            html: problemPage({
              title: 'This form couldn’t be checked',
              lead: 'It did not come from the page this link opens. Nothing was changed. Open the link from your email again.',
              appUrl: appUrl(resolved.booking.id),
              linkLabel: 'Open the booking',
            }),
          });
        }
        // A metadata write racing the decision (the Slack bot storing its card) is a version conflict that leaves
        // the link valid: try again on the booking as it is then.
        for (let attempt = 1; ; attempt++) {
          const ready: Ready = resolved;
          const guard: CommandOptions = {
            guard: async (tx, current) => {
              if (negotiationRound(current) !== ready.claims.round) throw new LinkOvertaken();
              const spent = await tx.useActionToken({
                id: ready.id,
                bookingId: ready.booking.id,
                userId: ready.claims.userId,
                action: ready.claims.action,
                usedAt: now().toISOString(),
                expiresAt: ready.claims.expiresAt.toISOString(),
              });
              if (!spent) throw new LinkOvertaken();
            },
          };
          try {
            const after = await act(ready, fields, guard);
            return send(c, {
              status: 200,
              html: donePage({
                action: ready.claims.action,
                booking: after,
                parties: ready.parties,
                appUrl: appUrl(after.id),
              }),
            });
          } catch (error) {
            const refused = refusal(error, fields);
            if (refused) return send(c, await form(ready, refused.state, refused.status));
            const overtaken =
              error instanceof LinkOvertaken ||
              error instanceof VersionConflictError ||
              error instanceof InvalidTransitionError;
            if (!overtaken) throw error;
            resolved = await resolve(token);
            if ('html' in resolved) return send(c, resolved);
            if (attempt >= 3) throw error;
          }
        }
      } catch (error) {
        return failed(c, error);
      }
    },
  );
}

const PAGE_STATUSES = {
  400: 'The link is damaged, cut off, or signed with a key no longer accepted',
  403: 'The link is not for the person it names (the wrong side of the booking), or the form did not come from its page',
  404: 'The booking is gone',
  409: 'The booking changed since the link was made (decided elsewhere, a new time proposed); or, after a post, the calendar conflict or overlapping session the API reports',
  410: 'The link expired, or was used already',
};

/** The pages are HTML for people, not API; documented so that integrators know what the links in emails do. */
function documentPages(app: OpenAPIHono<AppEnv>): void {
  const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });
  const params = z.object({
    token: z
      .string()
      .openapi({ description: 'The signed token of an email action link (`ActionLink.url`).' }),
  });
  const errors = Object.fromEntries(
    Object.entries(PAGE_STATUSES).map(([status, text]) => [status, html(text)]),
  );
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: `${ACTIONS_PATH}/{token}`,
    tags: ['Email actions'],
    summary: 'The page an email action link opens (never changes anything)',
    description:
      'Server-rendered HTML that works without JavaScript: what the action will do, the booking’s essentials in ' +
      'the recipient’s time zone, and a form that posts back here. GET and HEAD only read, so link scanners that ' +
      'prefetch every link change nothing. Every state (also 4xx) is an HTML page saying what happened, served ' +
      "`Cache-Control: no-store`, `Referrer-Policy: no-referrer`, `X-Robots-Tag: noindex` and a CSP of `default-src 'none'`.",
    security: [],
    request: { params },
    responses: { 200: html('The confirmation page with its form'), ...errors },
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: `${ACTIONS_PATH}/{token}`,
    tags: ['Email actions'],
    summary: 'Act through an email action link (the page’s form)',
    description:
      'Runs the link’s action as its recipient, recorded in the history with `channel: email`, and spends the ' +
      'link in the same transaction: it works once. Needs the page’s `csrf` field (an HMAC of the token) and a ' +
      'same-origin post. Refusals the API would give come back as the form again with the error on its field ' +
      '(422), or with the conflicts and an “anyway” button (409).',
    security: [],
    request: {
      params,
      body: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: z.object({
              csrf: z.string(),
              force: z.enum(['0', '1']).optional(),
              category: z.string().optional(),
              reason: z.string().optional(),
              start: z
                .string()
                .optional()
                .openapi({ description: '`YYYY-MM-DDTHH:MM` in the recipient’s time zone' }),
              message: z.string().optional(),
            }),
          },
        },
      },
    },
    responses: {
      200: html('Done: what happened and what follows'),
      ...errors,
      413: html('The form was over 16 KiB'),
      422: html('The form again, the error on its field and the typed text kept'),
    },
  });
}
