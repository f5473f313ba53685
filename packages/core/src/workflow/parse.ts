import type { z } from 'zod';
import { fieldErrors } from '../contract/errors';
import { ValidationError } from '../errors';

/** Validates input against a contract schema; every problem becomes a field error. */
export function parse<T extends z.ZodType>(schema: T, input: unknown, status: 400 | 422 = 400): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error);
  throw new ValidationError(errors.map((e) => `${e.path} ${e.message}`).join('; '), errors, status);
}

/** Any RFC 3339 time → the UTC ISO form every store compares as a string. */
export const toUtc = (value: string | Date): string => new Date(value).toISOString();

export const addMinutes = (iso: string, minutes: number): string =>
  new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();
