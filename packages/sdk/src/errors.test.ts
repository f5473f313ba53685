import { describe, expect, it } from 'vitest';
import { BASE_URL, mockApi } from '../test/mock-api';
import { Greenlight } from './client';
import {
  AuthenticationError,
  CalendarConflictError,
  ConflictError,
  errorFromResponse,
  GreenlightError,
  IdempotencyError,
  IdempotencyKeyInUseError,
  InvalidTransitionError,
  NotFoundError,
  PermissionError,
  parseRetryAfter,
  RateLimitError,
  ServerError,
  SlotConflictError,
  ValidationError,
  VersionConflictError,
} from './errors';

function problem(status: number, code: string, extra: Record<string, unknown> = {}) {
  return {
    type: `urn:greenlight:problem:${code}`,
    title: code,
    status,
    detail: `detail of ${code}`,
    code,
    ...extra,
  };
}

describe('errorFromResponse', () => {
  it.each([
    [400, 'validation_failed', ValidationError],
    [422, 'validation_failed', ValidationError],
    [401, 'unauthorized', AuthenticationError],
    [403, 'forbidden', PermissionError],
    [404, 'not_found', NotFoundError],
    [409, 'invalid_transition', InvalidTransitionError],
    [409, 'slot_conflict', SlotConflictError],
    [409, 'calendar_conflict', CalendarConflictError],
    [409, 'version_conflict', VersionConflictError],
    [422, 'idempotency_key_reused', IdempotencyError],
    [409, 'idempotency_key_in_use', IdempotencyKeyInUseError],
    [429, 'rate_limited', RateLimitError],
    [500, 'internal_error', ServerError],
  ] as const)('maps %i %s to %o', (status, code, ErrorClass) => {
    const error = errorFromResponse(status, new Headers(), problem(status, code));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(GreenlightError);
    expect(error).toMatchObject({ status, code, detail: `detail of ${code}`, message: `detail of ${code}` });
    expect(error.name).toBe(ErrorClass.name);
  });

  it('every 409 is a ConflictError carrying the booking’s current status', () => {
    const error = errorFromResponse(
      409,
      new Headers(),
      problem(409, 'invalid_transition', { currentStatus: 'rejected' }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).currentStatus).toBe('rejected');
  });

  it('keeps the conflicting slots, including fields the problem schema does not name', () => {
    const conflicts = [
      {
        source: 'greenlight',
        start: '2026-12-10T15:00:00.000Z',
        end: '2026-12-10T16:00:00.000Z',
        bookingId: 'bkg_9',
      },
    ];
    const error = errorFromResponse(409, new Headers(), problem(409, 'slot_conflict', { conflicts }));
    expect((error as SlotConflictError).conflicts).toEqual(conflicts);
    expect((error as SlotConflictError).currentStatus).toBeUndefined();
  });

  it('keeps the field errors and the raw problem', () => {
    const body = problem(400, 'validation_failed', {
      errors: [{ path: 'price.amount', message: 'must be an integer' }],
    });
    const error = errorFromResponse(400, new Headers(), body);
    expect(error.errors).toEqual([{ path: 'price.amount', message: 'must be an integer' }]);
    expect(error.problem).toEqual(body);
  });

  it('reads the request id from Request-Id, X-Request-Id or the problem', () => {
    const body = problem(404, 'not_found', { requestId: 'req_body' });
    expect(errorFromResponse(404, new Headers({ 'request-id': 'req_h' }), body).requestId).toBe('req_h');
    expect(errorFromResponse(404, new Headers({ 'x-request-id': 'req_x' }), body).requestId).toBe('req_x');
    expect(errorFromResponse(404, new Headers(), body).requestId).toBe('req_body');
  });

  it('gives a RateLimitError the Retry-After seconds', () => {
    const error = errorFromResponse(429, new Headers({ 'retry-after': '120' }), problem(429, 'rate_limited'));
    expect((error as RateLimitError).retryAfter).toBe(120);
  });

  it('falls back on the status when the body is not a problem (e.g. a proxy page)', () => {
    const error = errorFromResponse(502, new Headers(), '<html>Bad gateway</html>');
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({
      status: 502,
      code: 'http_error',
      detail: '<html>Bad gateway</html>',
      problem: undefined,
    });
    expect(errorFromResponse(401, new Headers(), undefined)).toBeInstanceOf(AuthenticationError);
    expect(errorFromResponse(409, new Headers(), undefined)).toBeInstanceOf(ConflictError);
    expect(errorFromResponse(413, new Headers(), undefined).code).toBe('payload_too_large');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  it('reads delay seconds', () => expect(parseRetryAfter('7', now)).toBe(7));
  it('reads an HTTP date as the seconds until then', () =>
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:05 GMT', now)).toBe(5));
  it('treats a date in the past as no wait', () =>
    expect(parseRetryAfter('Tue, 01 Dec 2026 09:00:00 GMT', now)).toBe(0));
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('errors over HTTP', () => {
  const api = mockApi();
  const client = new Greenlight({ baseUrl: BASE_URL, apiKey: 'sk_test', maxRetries: 0 });

  it('a refused approve is an InvalidTransitionError with the current status and request id', async () => {
    api.problem(
      409,
      'invalid_transition',
      'cannot approve a booking that is rejected',
      { currentStatus: 'rejected', requestId: 'req_42' },
      { 'request-id': 'req_42' },
    );
    const error = await client.bookings.approve('bkg_1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(error).toMatchObject({
      status: 409,
      code: 'invalid_transition',
      currentStatus: 'rejected',
      requestId: 'req_42',
      detail: 'cannot approve a booking that is rejected',
    });
  });

  it('a server-side validation failure keeps its field errors', async () => {
    api.problem(422, 'validation_failed', 'start is in the past', {
      errors: [{ path: 'start', message: 'must be in the future' }],
    });
    const error = await client.bookings
      .create({
        mentorId: 'usr_m',
        start: '2020-01-01T00:00:00Z',
        durationMinutes: 30,
        price: { amount: 0, currency: 'USD' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([{ path: 'start', message: 'must be in the future' }]);
  });
});
