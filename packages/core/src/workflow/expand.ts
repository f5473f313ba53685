import type { BookingListItem } from '../contract/booking-list';
import type { Booking, BookingExpansion } from '../contract/bookings';
import type { Page } from '../contract/primitives';
import type { UserSummary } from '../contract/users';
import type { StoreTx } from '../ports';

const ID_OF: Record<BookingExpansion, 'menteeId' | 'mentorId'> = { mentee: 'menteeId', mentor: 'mentorId' };

/**
 * The page with the people `expand` names beside each booking, read in one query. Only people on the bookings of
 * the page, which the caller was allowed to list: whoever may see a booking may see who is on it.
 */
export async function withPeople(
  tx: StoreTx,
  page: Page<Booking>,
  expand: readonly BookingExpansion[],
): Promise<Page<BookingListItem>> {
  if (expand.length === 0 || page.data.length === 0) return page;
  const ids = page.data.flatMap((booking) => expand.map((side) => booking[ID_OF[side]]));
  const people = new Map<string, UserSummary>();
  for (const user of await tx.getUsers(ids)) {
    people.set(user.id, { id: user.id, name: user.name, photoUrl: user.photoUrl });
  }
  return {
    ...page,
    data: page.data.map((booking) => {
      const item: BookingListItem = { ...booking };
      for (const side of expand) {
        const person = people.get(booking[ID_OF[side]]);
        if (person) item[side] = person;
      }
      return item;
    }),
  };
}
