import {
  CalendarConflictError,
  GreenlightError,
  InvalidTransitionError,
  SlotConflictError,
} from '@greenlight/core';
import type { ErrorCode, FieldError, Problem } from '@greenlight/core/contract';
import { HTTPException } from 'hono/http-exception';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<ErrorCode, string> = {
  validation_failed: 'Validation failed',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  invalid_transition: 'Invalid transition',
  slot_conflict: 'Slot conflict',
  calendar_conflict: 'Calendar conflict',
  version_conflict: 'Version conflict',
  idempotency_key_reused: 'Idempotency key reused',
  idempotency_key_in_use: 'Idempotency key in use',
  payload_too_large: 'Payload too large',
  rate_limited: 'Rate limited',
  internal_error: 'Internal error',
};

/** The problem `type` URI for a code; a URN because the codes are the stable part, not a web page. */
export function problemType(code: ErrorCode): string {
  return `urn:greenlight:problem:${code}`;
}

/** An error raised by the HTTP layer itself (body limit, media type, idempotency) with a problem code. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    /** Response headers that go with the problem, e.g. `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export function problem(
  status: number,
  code: ErrorCode,
  detail: string,
  extra: Omit<Partial<Problem>, 'status' | 'code' | 'detail'> = {},
): Problem {
  return { type: problemType(code), title: TITLES[code], status, detail, code, ...extra };
}

/**
 * Maps anything thrown while handling a request onto problem+json. Only errors raised on purpose keep their
 * message; everything else becomes a 500 that reveals nothing but the request id.
 */
export function toProblem(error: unknown, requestId: string): { problem: Problem; expected: boolean } {
  if (error instanceof GreenlightError) {
    const extra: Partial<Problem> = { requestId };
    if (error.errors && error.errors.length > 0) extra.errors = error.errors;
    if (error instanceof InvalidTransitionError) extra.currentStatus = error.currentStatus;
    if (error instanceof SlotConflictError || error instanceof CalendarConflictError) {
      extra.conflicts = error.conflicts.map((c) => ({ ...c }));
    }
    return { problem: problem(error.status, error.code, error.message, extra), expected: true };
  }
  if (error instanceof HttpProblem) {
    const extra: Partial<Problem> = { requestId };
    if (error.errors && error.errors.length > 0) extra.errors = error.errors;
    return { problem: problem(error.status, error.code, error.message, extra), expected: true };
  }
  if (error instanceof HTTPException && error.status < 500) {
    const code: ErrorCode =
      error.status === 401
        ? 'unauthorized'
        : error.status === 403
          ? 'forbidden'
          : error.status === 404
            ? 'not_found'
            : error.status === 413
              ? 'payload_too_large'
              : 'validation_failed';
    const detail =
      error.status === 415 ? 'send the body as JSON with Content-Type: application/json' : error.message;
    return { problem: problem(error.status, code, detail, { requestId }), expected: true };
  }
  return {
    problem: problem(
      500,
      'internal_error',
      `an unexpected error occurred; quote request id ${requestId} when reporting it`,
      { requestId },
    ),
    expected: false,
  };
}

export function problemResponse(body: Problem, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set('Content-Type', PROBLEM_CONTENT_TYPE);
  if (body.requestId) h.set('Request-Id', body.requestId);
  return new Response(JSON.stringify(body), { status: body.status, headers: h });
}
