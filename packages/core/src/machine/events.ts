import type { CalendarLinks, Channel, RejectionCategory, Role } from '../contract/bookings';
import type { AutoApprovalRuleRef } from '../contract/users';

/** Who sends an event. `platform` acts for a side only when the workflow lists it in `actsAs`. */
export type EventActor = 'mentor' | 'mentee' | 'platform' | 'system';

export interface EventBase {
  by: EventActor;
  /** Recorded in the history: a user id, `platform` or `system`. */
  actorId: string;
  /** The sides the platform acts for; ignored for users and the system. */
  actsAs?: readonly Role[];
  /** UTC ISO time the event happened. */
  at: string;
  /** Where a person sent it (the web app, Slack, an email link…); recorded in the history. */
  channel?: Channel;
  /** An assistant acting for the mentor (`by: 'mentor'`, `actorId` the assistant): the mentor's id. */
  onBehalfOf?: string;
}

/** What an approval needs that the machine cannot compute itself. */
export interface ApprovalData {
  meetingProvider: string;
  /** Links for the time being approved (the proposal's time on ACCEPT_PROPOSAL). */
  calendarLinks: CalendarLinks;
}

export type BookingEvent =
  | (EventBase & {
      type: 'REQUEST';
      autoApprove: boolean;
      respondBy: string;
      /** The mentor's rule set that approves it, when `autoApprove`. */
      rule?: AutoApprovalRuleRef;
    } & ApprovalData)
  | (EventBase & { type: 'APPROVE'; force?: boolean } & ApprovalData)
  | (EventBase & { type: 'REJECT'; reason: string; category: RejectionCategory })
  | (EventBase & { type: 'SUGGEST'; start: string; end: string; force?: boolean })
  | (EventBase & { type: 'ACCEPT_PROPOSAL' } & ApprovalData)
  | (EventBase & { type: 'DECLINE_PROPOSAL'; reason?: string })
  | (EventBase & { type: 'COUNTER'; start: string; end: string; respondBy: string })
  | (EventBase & { type: 'CANCEL'; reason: string; refundAmount: number })
  | (EventBase & { type: 'EXPIRE'; reason: string })
  | (EventBase & { type: 'COMPLETE' })
  | (EventBase & {
      type: 'REPORT_NO_SHOW';
      absent: Role;
      note: string;
      /** This report names the other side absent from the one an earlier report names. */
      disputed: boolean;
      /** Minor units refunded to the mentee: the price when the mentor missed it (undisputed), else 0. */
      refundAmount: number;
    })
  | (EventBase & {
      type: 'MEETING_READY';
      meeting: { provider: string; id: string; joinUrl: string };
      calendarLinks: CalendarLinks;
    })
  | (EventBase & { type: 'MEETING_FAILED'; error: string })
  | (EventBase & { type: 'REMIND' });

export type BookingEventType = BookingEvent['type'];
