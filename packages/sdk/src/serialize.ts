import { fieldErrors } from '@greenlight/core/contract';
import type { z } from 'zod';
import { ValidationError } from './errors';

/** `T` with the keys `K` also accepting a `Date`, which is sent as an ISO string. */
export type AcceptDates<T, K extends PropertyKey> = {
  [P in keyof T]: P extends K ? T[P] | Date : T[P];
};

/** Replace every `Date` (at any depth) by its ISO string, the wire form of a time. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, toWire(v)]));
  }
  return value;
}

/**
 * Check what is about to be sent against the contract schema the server uses, so a bad call fails
 * before the network with the same field paths and messages. Returns the value as it will be sent.
 */
export function checked(schema: z.ZodType, input: unknown): unknown {
  const wire = toWire(input);
  const result = schema.safeParse(wire);
  if (result.success) return wire;
  const errors = fieldErrors(result.error);
  throw new ValidationError({
    status: 400,
    code: 'validation_failed',
    // Worded like the server's own validation problem.
    detail: `the request is invalid: ${errors
      .slice(0, 3)
      .map((e) => `${e.path}: ${e.message}`)
      .join('; ')}`,
    errors,
  });
}
