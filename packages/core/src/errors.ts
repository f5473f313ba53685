import type { BookingStatus } from './contract/bookings';
import type { ErrorCode, FieldError } from './contract/errors';

/** Base of every error the domain raises on purpose; `code` and `status` map 1:1 onto problem+json. */
export class GreenlightError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends GreenlightError {
  constructor(message: string, errors: FieldError[] = [], status: 400 | 422 = 400) {
    super('validation_failed', status, message, errors);
  }
  /** One field was wrong. */
  static field(path: string, message: string, status: 400 | 422 = 422): ValidationError {
    return new ValidationError(`${path} ${message}`, [{ path, message }], status);
  }
}

/**
 * 422 on `paymentRef`: the payment already backs a booking, and each payment backs only one (so cancelling one
 * booking can never refund another's payment). `holderId` names that booking when it is known.
 */
export function paymentRefTaken(holderId: string | null): ValidationError {
  return ValidationError.field(
    'paymentRef',
    `already backs ${holderId ? `booking ${holderId}` : 'another booking'}; each payment can back only one booking`,
    422,
  );
}

export class UnauthorizedError extends GreenlightError {
  constructor(message = 'missing or invalid credentials') {
    super('unauthorized', 401, message);
  }
}

export class ForbiddenError extends GreenlightError {
  constructor(message: string) {
    super('forbidden', 403, message);
  }
}

export class NotFoundError extends GreenlightError {
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super('not_found', 404, `${resource} ${id} was not found`);
  }
}

export class InvalidTransitionError extends GreenlightError {
  /** `detail` replaces the usual "cannot <action> a booking that is <status>" where the status alone does not say why. */
  constructor(
    readonly action: string,
    readonly currentStatus: BookingStatus,
    detail?: string,
  ) {
    super('invalid_transition', 409, detail ?? `cannot ${action} a booking that is ${currentStatus}`);
  }
}

export interface ConflictingSlot {
  source: string;
  start: string;
  end: string;
  bookingId?: string;
  summary?: string;
}

/** Overlaps another approved session of the mentor: never overridable. */
export class SlotConflictError extends GreenlightError {
  constructor(readonly conflicts: ConflictingSlot[]) {
    super('slot_conflict', 409, 'the mentor already has an approved session at that time');
  }
}

/** Overlaps the mentor's external calendar: the mentor may approve (or suggest the time) anyway with `force`. */
export class CalendarConflictError extends GreenlightError {
  /** `action` is what `force: true` overrides, named in the message. */
  constructor(
    readonly conflicts: ConflictingSlot[],
    action: 'approve' | 'suggest' = 'approve',
  ) {
    super(
      'calendar_conflict',
      409,
      `the mentor is busy at that time in their calendar (or a calendar could not be read); ${action} with force: true to override`,
    );
  }
}

export class VersionConflictError extends GreenlightError {
  constructor(
    readonly bookingId: string,
    readonly expectedVersion: number,
  ) {
    super(
      'version_conflict',
      409,
      `booking ${bookingId} was changed by someone else (expected version ${expectedVersion}); reload and retry`,
    );
  }
}

/** 429: too many requests of one kind; `retryAfterSeconds` says when the next one would be accepted. */
export class RateLimitedError extends GreenlightError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', 429, message);
  }
}

export class IdempotencyKeyReusedError extends GreenlightError {
  constructor() {
    super('idempotency_key_reused', 422, 'this Idempotency-Key was already used with a different request');
  }
}

/**
 * Thrown by adapters (Zoom, Stripe, SMTP, webhooks) so the outbox worker knows whether a retry can help
 * and when (`retryAfterMs`, e.g. from a `Retry-After` header).
 */
export class PortError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly options: {
      retryAfterMs?: number;
      status?: number;
      code?: string | number;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PortError';
  }
  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }
}
