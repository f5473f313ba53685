import {
  BookingStatus,
  type Conflict,
  type ErrorCode,
  type FieldError,
  Problem,
} from '@greenlight/core/contract';

/** The codes a `GreenlightError` can carry: the API's problem codes plus the client's own failures. */
export type GreenlightErrorCode =
  | ErrorCode
  | 'connection_error'
  | 'timeout'
  | 'invalid_response'
  | 'http_error';

export interface GreenlightErrorInit {
  status?: number | undefined;
  code: GreenlightErrorCode;
  detail: string;
  requestId?: string | undefined;
  errors?: FieldError[] | undefined;
  problem?: Problem | undefined;
  headers?: Headers | undefined;
  cause?: unknown;
}

/** Base of every error the SDK throws on purpose; `instanceof` it to catch them all. */
export class GreenlightError extends Error {
  /** HTTP status of the response; undefined when no response arrived. */
  readonly status: number | undefined;
  readonly code: GreenlightErrorCode;
  readonly detail: string;
  /** The `Request-Id` of the failed call: quote it when asking for support. */
  readonly requestId: string | undefined;
  /** Field-level errors, with paths like `price.amount` or `availability[0].start`. */
  readonly errors: FieldError[];
  /** The problem+json body as the server sent it, when it sent one. */
  readonly problem: Problem | undefined;
  readonly headers: Headers | undefined;

  constructor(init: GreenlightErrorInit) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.errors = init.errors ?? [];
    this.problem = init.problem;
    this.headers = init.headers;
  }
}

/** 400/422 `validation_failed`; also thrown before sending when a request body breaks the contract. */
export class ValidationError extends GreenlightError {}

/** 401: the API key or token is missing, wrong or expired. */
export class AuthenticationError extends GreenlightError {}

/** 403: authenticated, but not allowed (e.g. a mentee approving their own booking). */
export class PermissionError extends GreenlightError {}

/** 404: no such resource, or one the caller may not see. */
export class NotFoundError extends GreenlightError {}

/** 409: the booking is not in a state that allows the action, or the time is taken. */
export class ConflictError extends GreenlightError {
  /** The booking's status when the server refused, for `invalid_transition` (and conflicts). */
  readonly currentStatus: BookingStatus | undefined;
  /** What the time overlaps, for `slot_conflict` and `calendar_conflict`. */
  readonly conflicts: Conflict[];

  constructor(init: GreenlightErrorInit) {
    super(init);
    const status = BookingStatus.safeParse(init.problem?.currentStatus);
    this.currentStatus = status.success ? status.data : undefined;
    this.conflicts = (init.problem?.conflicts ?? []) as Conflict[];
  }
}

/** 409 `invalid_transition`: e.g. approving a booking that was already rejected. */
export class InvalidTransitionError extends ConflictError {}
/** 409 `slot_conflict`: overlaps another approved session of the mentor; `force` does not help. */
export class SlotConflictError extends ConflictError {}
/** 409 `calendar_conflict`: the mentor's calendar is busy; approve (or suggest) with `{ force: true }` to override. */
export class CalendarConflictError extends ConflictError {}
/** 409 `version_conflict`: someone else changed the booking at the same moment; reload and retry. */
export class VersionConflictError extends ConflictError {}

/** 422 `idempotency_key_reused`: the same `Idempotency-Key` was sent with a different body. */
export class IdempotencyError extends GreenlightError {}

/**
 * 409 `idempotency_key_in_use`: a request with the same `Idempotency-Key` was still being processed, even
 * after the SDK's retries. Retrying the call with the same key later returns its outcome.
 */
export class IdempotencyKeyInUseError extends ConflictError {}

/** 429: too many requests, still refused after the SDK's retries. */
export class RateLimitError extends GreenlightError {
  /** Seconds the server asked to wait (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;

  constructor(init: GreenlightErrorInit & { retryAfter?: number | undefined }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/** 5xx that stayed after the SDK's retries. */
export class ServerError extends GreenlightError {}

/** The server could not be reached, or the connection dropped before a response. */
export class ConnectionError extends GreenlightError {}

/** No response within `timeoutMs` (on the last attempt). */
export class TimeoutError extends ConnectionError {}

/** The server answered with a body that does not match the contract (turn off with `validateResponses: false`). */
export class ResponseValidationError extends GreenlightError {}

type ErrorClass = new (init: GreenlightErrorInit) => GreenlightError;

const BY_CODE: Partial<Record<ErrorCode, ErrorClass>> = {
  validation_failed: ValidationError,
  unauthorized: AuthenticationError,
  forbidden: PermissionError,
  not_found: NotFoundError,
  invalid_transition: InvalidTransitionError,
  slot_conflict: SlotConflictError,
  calendar_conflict: CalendarConflictError,
  version_conflict: VersionConflictError,
  idempotency_key_reused: IdempotencyError,
  idempotency_key_in_use: IdempotencyKeyInUseError,
  rate_limited: RateLimitError,
  internal_error: ServerError,
};

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  422: 'validation_failed',
  429: 'rate_limited',
};

function classFor(code: GreenlightErrorCode, status: number): ErrorClass {
  const byCode = BY_CODE[code as ErrorCode];
  if (byCode) return byCode;
  if (status === 409) return ConflictError;
  if (status >= 500) return ServerError;
  return GreenlightError;
}

/** The request id a response carries, from its headers or its problem body. */
export function requestIdOf(
  headers: Headers,
  problem?: { requestId?: string | undefined },
): string | undefined {
  return headers.get('request-id') ?? headers.get('x-request-id') ?? problem?.requestId ?? undefined;
}

/**
 * `Retry-After` in seconds, from delay-seconds or an HTTP date; undefined when absent or unreadable.
 * `now` is a parameter so callers and tests agree on the clock.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Map an HTTP error response onto the matching error class. `body` is the parsed JSON or text, if any. */
export function errorFromResponse(status: number, headers: Headers, body: unknown): GreenlightError {
  // Keep the body as sent (zod would strip fields the contract does not name, e.g. a conflict's bookingId).
  const problem = Problem.safeParse(body).success ? (body as Problem) : undefined;
  const code: GreenlightErrorCode = problem?.code ?? STATUS_CODES[status] ?? 'http_error';
  const detail =
    problem?.detail ??
    (typeof body === 'string' && body.trim()
      ? body.trim().slice(0, 500)
      : `HTTP ${status} with no problem details`);
  const init: GreenlightErrorInit = {
    status,
    code,
    detail,
    requestId: requestIdOf(headers, problem),
    errors: problem?.errors,
    problem,
    headers,
  };
  const ErrorType = classFor(code, status);
  if (ErrorType === RateLimitError) {
    return new RateLimitError({ ...init, retryAfter: parseRetryAfter(headers.get('retry-after')) });
  }
  return new ErrorType(init);
}
