import type { Booking, BookingStatus, HistoryEntry } from '../src/contract/bookings';
import { bookingFixture as aBooking } from '../src/testing/fixtures';

export { bookingFixture as aBooking, userFixture as aUser } from '../src/testing/fixtures';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** One step of a booking's life: `[hours after the request, history event, new status, actor]`. */
export type Step = [hours: number, event: string, to: BookingStatus, actor?: string];

/**
 * A booking that went through `steps`, with its history written the way the lifecycle machine
 * records it (`from`/`to` on every status change) and its status and `decidedAt` in step.
 */
export function aBookingThrough(createdAt: string, steps: Step[], overrides: Partial<Booking> = {}): Booking {
  const created = Date.parse(createdAt);
  const history: HistoryEntry[] = [{ at: createdAt, actor: 'usr_mentee', event: 'requested', to: 'pending' }];
  let status: BookingStatus = 'pending';
  let decidedAt: string | null = null;
  for (const [hours, event, to, actor] of steps) {
    const at = iso(created + hours * HOUR);
    history.push({ at, actor: actor ?? 'usr_mentor', event, from: status, to });
    if (status === 'pending' && ['approved', 'rejected', 'alternative_suggested'].includes(to)) {
      decidedAt ??= at;
    }
    status = to;
  }
  return aBooking({ createdAt, history, status, decidedAt, ...overrides });
}
