import {
  CalendarConflictError,
  InvalidTransitionError,
  NotFoundError,
  SlotConflictError,
  ValidationError,
} from '@greenlight/core';
import { Problem } from '@greenlight/core/contract';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { HttpProblem, problemResponse, toProblem } from './problem';

describe('toProblem', () => {
  it('keeps code, status, detail and field errors of a GreenlightError', () => {
    const { problem, expected } = toProblem(ValidationError.field('start', 'must be in the future'), 'req_1');
    expect(expected).toBe(true);
    expect(Problem.parse(problem)).toEqual({
      type: 'urn:greenlight:problem:validation_failed',
      title: 'Validation failed',
      status: 422,
      detail: 'start must be in the future',
      code: 'validation_failed',
      errors: [{ path: 'start', message: 'must be in the future' }],
      requestId: 'req_1',
    });
  });

  it('adds currentStatus to invalid transitions', () => {
    const { problem } = toProblem(new InvalidTransitionError('approve', 'rejected'), 'req_1');
    expect(problem).toMatchObject({ status: 409, code: 'invalid_transition', currentStatus: 'rejected' });
    expect(problem.detail).toContain('rejected');
  });

  it('lists what a slot or calendar conflict overlaps', () => {
    const conflict = {
      source: 'greenlight',
      start: '2030-01-01T10:00:00.000Z',
      end: '2030-01-01T11:00:00.000Z',
    };
    expect(toProblem(new SlotConflictError([conflict]), 'r').problem).toMatchObject({
      status: 409,
      code: 'slot_conflict',
      conflicts: [conflict],
    });
    expect(
      toProblem(new CalendarConflictError([{ ...conflict, source: 'ical' }]), 'r').problem,
    ).toMatchObject({
      code: 'calendar_conflict',
      conflicts: [{ source: 'ical' }],
    });
  });

  it('maps not found and HTTP-layer problems', () => {
    expect(toProblem(new NotFoundError('booking', 'bkg_x'), 'r').problem).toMatchObject({
      status: 404,
      code: 'not_found',
    });
    expect(toProblem(new HttpProblem(413, 'payload_too_large', 'too big'), 'r').problem).toMatchObject({
      status: 413,
      code: 'payload_too_large',
    });
    expect(toProblem(new HTTPException(415), 'r').problem).toMatchObject({
      status: 415,
      code: 'validation_failed',
    });
  });

  it('hides the internals of unexpected errors', () => {
    const { problem, expected } = toProblem(
      new Error('connection to 10.0.0.5 refused, password=hunter2'),
      'req_9',
    );
    expect(expected).toBe(false);
    expect(problem).toMatchObject({ status: 500, code: 'internal_error', requestId: 'req_9' });
    expect(JSON.stringify(problem)).not.toMatch(/hunter2|10\.0\.0\.5/);
  });
});

describe('problemResponse', () => {
  it('is application/problem+json with the request id header', async () => {
    const response = problemResponse(toProblem(new NotFoundError('booking', 'x'), 'req_2').problem);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('request-id')).toBe('req_2');
    expect(Problem.parse(await response.json()).code).toBe('not_found');
  });
});
