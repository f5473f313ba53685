import type { Booking, Conflict } from '../contract/bookings';
import type { User, UserSettings } from '../contract/users';
import type { BusyTimeSource, BusyTimes } from '../ports';

/**
 * Asks every calendar source at once. A source that throws is reported as `unknown`, exactly like one that
 * answers so: an unreadable calendar must never look free.
 */
export async function readBusyTimes(
  sources: readonly BusyTimeSource[],
  input: { mentor: User; settings: UserSettings; start: string; end: string },
): Promise<BusyTimes[]> {
  const from = new Date(input.start);
  const to = new Date(input.end);
  return Promise.all(
    sources.map((source, i) =>
      source.busyTimes({ mentor: input.mentor, settings: input.settings, from, to }).catch(
        (error: unknown): BusyTimes => ({
          source: `calendar ${i + 1}`,
          status: 'unknown',
          busy: [],
          detail: error instanceof Error ? error.message : String(error),
        }),
      ),
    ),
  );
}

/** External calendar conflicts for [start, end): busy intervals overlapping it, and every unreadable calendar. */
export function calendarConflicts(results: readonly BusyTimes[], start: string, end: string): Conflict[] {
  const from = new Date(start).getTime();
  const to = new Date(end).getTime();
  const conflicts: Conflict[] = [];
  for (const result of results) {
    if (result.status === 'unknown') {
      conflicts.push({
        source: result.source,
        start,
        end,
        summary: `calendar could not be read${result.detail ? `: ${result.detail}` : ''}`,
      });
      continue;
    }
    for (const busy of result.busy) {
      if (busy.start.getTime() < to && from < busy.end.getTime()) {
        conflicts.push({
          source: result.source,
          start: busy.start.toISOString(),
          end: busy.end.toISOString(),
          ...(busy.summary ? { summary: busy.summary } : {}),
        });
      }
    }
  }
  return conflicts;
}

/** The mentor's own approved sessions, as conflicts. */
export function sessionConflicts(bookings: readonly Booking[]): Conflict[] {
  return bookings.map((b) => ({ source: 'greenlight', start: b.start, end: b.end, bookingId: b.id }));
}
