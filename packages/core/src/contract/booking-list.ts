import type * as z from 'zod';
import { Booking } from './bookings';
import { UserSummary } from './users';

/**
 * A booking as `GET /v1/bookings` lists it: with the `mentee` and `mentor` the query's `expand` asked for (absent
 * otherwise, and for a profile that does not exist).
 */
export const BookingListItem = Booking.extend({
  mentee: UserSummary.optional(),
  mentor: UserSummary.optional(),
});
export type BookingListItem = z.infer<typeof BookingListItem>;
