import * as z from 'zod';

/** RFC 3339 timestamp with an explicit offset, e.g. `2026-12-01T15:00:00Z`. */
export const Timestamp = z.iso.datetime({
  offset: true,
  message: 'must be an RFC 3339 date-time with an offset, e.g. 2026-12-01T15:00:00Z',
});

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

/** An IANA time zone name such as `Europe/Berlin`. */
export const TimeZone = z.string().min(1).refine(isValidTimeZone, {
  message: 'must be an IANA time zone name such as Europe/Berlin or America/New_York',
});

export const Id = z.string().min(1).max(128);

/** Money in integer minor units (cents), with an ISO 4217 currency code. */
export const Money = z.strictObject({
  amount: z.number().int('must be an integer number of minor units (cents)').min(0, 'must be zero or more'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as USD'),
});
export type Money = z.infer<typeof Money>;

export const LimitParam = z.coerce
  .number({ message: 'must be a whole number from 1 to 100' })
  .int('must be a whole number from 1 to 100')
  .min(1, 'must be a whole number from 1 to 100')
  .max(100, 'must be a whole number from 1 to 100')
  .default(20);

export const CursorParam = z.string().min(1).max(512);

/** A page of a list endpoint. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
