import { CreateBookingBody, fieldErrors } from '@greenlight/core/contract';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { checked, toWire } from './serialize';

describe('toWire', () => {
  it('turns Dates at any depth into ISO strings and leaves the rest alone', () => {
    const at = new Date('2026-12-10T15:00:00Z');
    expect(toWire({ start: at, nested: [{ at }], n: 1, s: 'x', none: null })).toEqual({
      start: '2026-12-10T15:00:00.000Z',
      nested: [{ at: '2026-12-10T15:00:00.000Z' }],
      n: 1,
      s: 'x',
      none: null,
    });
  });
});

describe('checked', () => {
  it('returns the wire value when it matches the schema', () => {
    const body = {
      mentorId: 'usr_m',
      start: new Date('2026-12-10T15:00:00Z'),
      durationMinutes: 30,
      price: { amount: 0, currency: 'USD' },
    };
    expect(checked(CreateBookingBody, body)).toEqual({ ...body, start: '2026-12-10T15:00:00.000Z' });
  });

  it('throws the same field errors the server derives from the same schema', () => {
    const body = {
      mentorId: 'usr_m',
      start: 'soon',
      durationMinutes: 30,
      price: { amount: -1, currency: 'USD' },
    };
    const server = fieldErrors(CreateBookingBody.safeParse(body).error!);
    let thrown: unknown;
    try {
      checked(CreateBookingBody, body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).errors).toEqual(server);
    expect((thrown as ValidationError).detail).toMatch(/^the request is invalid: start: must be an RFC 3339/);
  });
});
