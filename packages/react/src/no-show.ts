import type { Booking, NoShowReport, Role } from '@greenlight/core/contract';

/** No-shows are reported from the session's end until this long after it (the server's window). */
export const NO_SHOW_WINDOW_MS = 48 * 3_600_000;

const REPORTABLE: readonly Booking['status'][] = ['approved', 'completed', 'no_show'];

export interface NoShowState {
  /** Whether `side` may report now: the session is over, the window is open, and that side has not reported. */
  canReport: boolean;
  /** When the window closes. */
  until: string;
  /** The other side's report, when it made one (`side` may answer it with its own). */
  theirs: NoShowReport | undefined;
}

/** Where a booking stands for no-show reports, as `side` sees it at `now`. */
export function noShowState(booking: Booking, side: Role, now: number): NoShowState {
  const end = Date.parse(booking.end);
  const until = new Date(end + NO_SHOW_WINDOW_MS).toISOString();
  const reports = booking.noShow?.reports ?? [];
  const open = REPORTABLE.includes(booking.status) && now >= end && now < end + NO_SHOW_WINDOW_MS;
  return {
    canReport: open && !reports.some((r) => r.by === side),
    until,
    theirs: reports.find((r) => r.by !== side && r.by !== 'platform'),
  };
}

/** The side `userId` is on: the mentee, or the mentor's (the mentor, or an assistant acting for them). */
export function sideOf(booking: Booking, userId: string): Role {
  return booking.menteeId === userId ? 'mentee' : 'mentor';
}
