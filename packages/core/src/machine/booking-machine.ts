import { and, assign, setup } from 'xstate';
import type { Booking, BookingStatus, HistoryEntry, Role } from '../contract/bookings';
import type { NotificationKind } from '../contract/notifications';
import type { BookingWebhookEventType } from '../contract/webhooks';
import type { BookingEvent } from './events';

/** Effect actions: the machine only names them; the workflow turns them into outbox effects. */
export interface NotifyParams {
  kind: NotificationKind;
  to: Role | 'both';
  /** In-app notification (the bell), email, or both. */
  via: ReadonlyArray<'in_app' | 'email'>;
}
export interface RefundParams {
  /** Minor units; no refund effect when 0. */
  amount: number;
  reason: string;
}
export interface WebhookParams {
  type: BookingWebhookEventType;
}
export interface RecordParams {
  /** History entry name, e.g. `approved`. */
  event: string;
  /** New status; omitted for events that keep it (reminders, meeting updates). */
  to?: BookingStatus;
}

const sides = (event: BookingEvent): readonly Role[] => {
  if (event.by === 'mentor' || event.by === 'mentee') return [event.by];
  if (event.by === 'platform') return event.actsAs ?? [];
  return [];
};

/**
 * The amount refunded by a refunding event: the cancellation policy's share on CANCEL, what the workflow decided on
 * a no-show report, else the full price.
 */
const refundAmount = (context: Booking, event: BookingEvent): number =>
  event.type === 'CANCEL' || event.type === 'REPORT_NO_SHOW' ? event.refundAmount : context.price.amount;

const counterpart = (event: BookingEvent): Role | 'both' =>
  event.by === 'mentor' ? 'mentee' : event.by === 'mentee' ? 'mentor' : 'both';

/** Fields of the event worth keeping in the booking's history entry `params` records. */
function historyDetails(event: BookingEvent, params: RecordParams): Partial<HistoryEntry> {
  switch (event.type) {
    case 'REQUEST':
      // The request records two entries when a rule set approves it; the rule belongs to the approval.
      return params.to === 'approved' && event.rule ? { rule: event.rule } : {};
    case 'REJECT':
      return { reason: event.reason, category: event.category };
    case 'SUGGEST':
      return { start: event.start, end: event.end, ...(event.force ? { force: true } : {}) };
    case 'COUNTER':
      return { start: event.start, end: event.end };
    case 'APPROVE':
      return event.force ? { force: true } : {};
    case 'CANCEL':
    case 'EXPIRE':
      return { reason: event.reason };
    case 'DECLINE_PROPOSAL':
      return event.reason ? { reason: event.reason } : {};
    case 'MEETING_FAILED':
      return { reason: event.error };
    case 'REPORT_NO_SHOW':
      return { absent: event.absent, reason: event.note, ...(event.disputed ? { disputed: true } : {}) };
    default:
      return {};
  }
}

const approvalEffects = [
  'startMeeting',
  'createMeeting',
  { type: 'notify', params: { kind: 'booking_approved', to: 'both', via: ['in_app'] } },
  { type: 'emitWebhook', params: { type: 'booking.approved' } },
] as const;

const suggestActions = [
  'setProposal',
  { type: 'record', params: { event: 'alternative_suggested', to: 'alternative_suggested' } },
  'setDecided',
  { type: 'notify', params: { kind: 'alternative_suggested', to: 'mentee', via: ['in_app', 'email'] } },
  { type: 'emitWebhook', params: { type: 'booking.alternative_suggested' } },
] as const;

const REFUND_REASONS: Partial<Record<BookingEvent['type'], string>> = {
  REJECT: 'rejected by the mentor',
  DECLINE_PROPOSAL: 'the mentee declined the suggested time',
  CANCEL: 'cancelled',
  EXPIRE: 'expired without an agreement',
  REPORT_NO_SHOW: 'the mentor did not show up',
};

const refundEffects = [
  'setRefund',
  {
    type: 'refund',
    params: ({ context, event }: { context: Booking; event: BookingEvent }) => ({
      amount: refundAmount(context, event),
      reason: REFUND_REASONS[event.type] ?? event.type,
    }),
  },
] as const;

const cancelActions = [
  'setCancellation',
  { type: 'record', params: { event: 'cancelled', to: 'cancelled' } },
  ...refundEffects,
  {
    type: 'notify',
    params: ({ event }: { event: BookingEvent }) => ({
      kind: 'booking_cancelled' as const,
      to: counterpart(event),
      via: ['in_app', 'email'] as const,
    }),
  },
  { type: 'emitWebhook', params: { type: 'booking.cancelled' } },
] as const;

const expireActions = [
  { type: 'record', params: { event: 'expired', to: 'expired' } },
  ...refundEffects,
  { type: 'notify', params: { kind: 'booking_expired', to: 'both', via: ['in_app', 'email'] } },
  { type: 'emitWebhook', params: { type: 'booking.expired' } },
] as const;

/**
 * A no-show report: kept on the booking, told to the other side (both, when the platform reports), refunding the
 * mentee when the workflow says the mentor missed it. The first report ends the session as `no_show`; the other
 * side's answer keeps it there, and when it names the other side absent the platform hears of a dispute.
 */
const reportedActions = (to: BookingStatus | undefined) =>
  [
    'addNoShowReport',
    { type: 'record', params: { event: 'no_show_reported', ...(to ? { to } : {}) } },
    {
      type: 'notify',
      params: ({ event }: { event: BookingEvent }) => ({
        kind: 'no_show_reported' as const,
        to: counterpart(event),
        via: ['in_app', 'email'] as const,
      }),
    },
    { type: 'emitWebhook', params: { type: 'booking.no_show_reported' } },
  ] as const;

/** A report the other side has not contradicted: the mentor's absence refunds (the event says how much). */
const noShowActions = (to: BookingStatus | undefined) => [...reportedActions(to), ...refundEffects] as const;

/** Reports naming each side absent: no refund, the platform settles it. */
const disputedActions = [
  ...reportedActions(undefined),
  { type: 'emitWebhook', params: { type: 'booking.disputed' } },
] as const;

/** The approval emails wait for the meeting so they can carry its link. */
const meetingReadyActions = [
  'meetingReady',
  { type: 'record', params: { event: 'meeting_ready' } },
  { type: 'notify', params: { kind: 'meeting_ready', to: 'both', via: ['in_app'] } },
  { type: 'notify', params: { kind: 'booking_approved', to: 'both', via: ['email'] } },
  { type: 'emitWebhook', params: { type: 'booking.meeting_ready' } },
] as const;

/** The meeting could not be created: the approval emails still go out, without a link. */
const meetingFailedActions = [
  'meetingFailed',
  { type: 'record', params: { event: 'meeting_failed' } },
  { type: 'notify', params: { kind: 'booking_approved', to: 'both', via: ['email'] } },
] as const;

/**
 * The booking lifecycle (DESIGN.md). Context is the booking itself; `assign` actions keep its fields in step
 * with the state, and the named effect actions come back from xstate's pure `transition()` for the workflow
 * to write to the outbox. Deadlines are stored columns swept by the scheduler, never `after` timers.
 */
export const bookingMachine = setup({
  types: {
    context: {} as Booking,
    events: {} as BookingEvent,
    input: {} as Booking,
  },
  guards: {
    byMentor: ({ event }) => sides(event).includes('mentor'),
    byMentee: ({ event }) => sides(event).includes('mentee'),
    byParticipant: ({ event }) => sides(event).length > 0,
    bySystem: ({ event }) => event.by === 'system',
    autoApprove: ({ event }) => event.type === 'REQUEST' && event.autoApprove,
    disputes: ({ event }) => event.type === 'REPORT_NO_SHOW' && event.disputed,
  },
  actions: {
    record: assign(({ context, event }, params: RecordParams) => ({
      status: params.to ?? context.status,
      updatedAt: event.at,
      history: [
        ...context.history,
        {
          at: event.at,
          actor: event.actorId,
          ...(event.onBehalfOf ? { onBehalfOf: event.onBehalfOf } : {}),
          event: params.event,
          ...(event.channel ? { channel: event.channel } : {}),
          // The first entry (the request) has no earlier status to come from.
          ...(params.to && context.history.length > 0 ? { from: context.status } : {}),
          ...(params.to ? { to: params.to } : {}),
          ...historyDetails(event, params),
        },
      ],
    })),
    setRespondBy: assign(({ event }) =>
      event.type === 'REQUEST' || event.type === 'COUNTER'
        ? { respondBy: event.respondBy, remindedAt: null }
        : {},
    ),
    /** The mentor's first answer (approve, reject or suggest) is what response-time metrics measure. */
    setDecided: assign(({ context, event }) => ({ decidedAt: context.decidedAt ?? event.at })),
    setRejection: assign(({ event }) =>
      event.type === 'REJECT' ? { rejection: { reason: event.reason, category: event.category } } : {},
    ),
    setProposal: assign(({ event }) =>
      event.type === 'SUGGEST'
        ? { proposal: { start: event.start, end: event.end, by: 'mentor' as const, createdAt: event.at } }
        : {},
    ),
    applyProposal: assign(({ context }) =>
      context.proposal ? { start: context.proposal.start, end: context.proposal.end, proposal: null } : {},
    ),
    applyCounter: assign(({ event }) =>
      event.type === 'COUNTER' ? { start: event.start, end: event.end, proposal: null } : {},
    ),
    clearProposal: assign({ proposal: null }),
    setCancellation: assign(({ event }) =>
      event.type === 'CANCEL'
        ? {
            cancellation: {
              by: event.by === 'mentor' || event.by === 'mentee' ? event.by : ('platform' as const),
              reason: event.reason,
              at: event.at,
            },
          }
        : {},
    ),
    setRefund: assign(({ context, event }) => {
      const amount = refundAmount(context, event);
      return amount > 0
        ? { refund: { status: 'pending' as const, amount, currency: context.price.currency } }
        : {};
    }),
    startMeeting: assign(({ event }) =>
      event.type === 'APPROVE' || event.type === 'ACCEPT_PROPOSAL' || event.type === 'REQUEST'
        ? {
            meeting: { provider: event.meetingProvider, status: 'pending' as const },
            calendarLinks: event.calendarLinks,
          }
        : {},
    ),
    meetingReady: assign(({ event }) =>
      event.type === 'MEETING_READY'
        ? { meeting: { ...event.meeting, status: 'ready' as const }, calendarLinks: event.calendarLinks }
        : {},
    ),
    meetingFailed: assign(({ context, event }) =>
      event.type === 'MEETING_FAILED' && context.meeting
        ? { meeting: { ...context.meeting, status: 'failed' as const, error: event.error } }
        : {},
    ),
    setReminded: assign(({ event }) => ({ remindedAt: event.at })),
    addNoShowReport: assign(({ context, event }) => {
      if (event.type !== 'REPORT_NO_SHOW') return {};
      const reports = [
        ...(context.noShow?.reports ?? []),
        {
          by: event.by === 'mentor' || event.by === 'mentee' ? event.by : ('platform' as const),
          actor: event.actorId,
          ...(event.onBehalfOf ? { onBehalfOf: event.onBehalfOf } : {}),
          absent: event.absent,
          note: event.note,
          at: event.at,
          ...(event.channel ? { channel: event.channel } : {}),
        },
      ];
      const disputed = new Set(reports.map((r) => r.absent)).size > 1;
      return { noShow: { absent: disputed ? null : event.absent, disputed, reports } };
    }),

    // Effects: declared here so they are named and typed; the workflow writes them to the outbox.
    notify: (_, _params: NotifyParams) => undefined,
    createMeeting: () => undefined,
    deleteMeeting: () => undefined,
    refund: (_, _params: RefundParams) => undefined,
    emitWebhook: (_, _params: WebhookParams) => undefined,
  },
}).createMachine({
  id: 'booking',
  /** Snapshots are rebuilt from storage with `resolveState`; the input only seeds a fresh draft. */
  context: ({ input }) => input,
  initial: 'new',
  states: {
    new: {
      on: {
        REQUEST: [
          {
            guard: and(['byMentee', 'autoApprove']),
            target: 'approved',
            actions: [
              'setRespondBy',
              { type: 'record', params: { event: 'requested', to: 'pending' } },
              { type: 'emitWebhook', params: { type: 'booking.requested' } },
              { type: 'record', params: { event: 'auto_approved', to: 'approved' } },
              'setDecided',
              ...approvalEffects,
            ],
          },
          {
            guard: 'byMentee',
            target: 'pending',
            actions: [
              'setRespondBy',
              { type: 'record', params: { event: 'requested', to: 'pending' } },
              {
                type: 'notify',
                params: { kind: 'booking_requested', to: 'mentor', via: ['in_app', 'email'] },
              },
              { type: 'emitWebhook', params: { type: 'booking.requested' } },
            ],
          },
        ],
      },
    },
    pending: {
      on: {
        APPROVE: {
          guard: 'byMentor',
          target: 'approved',
          actions: [
            { type: 'record', params: { event: 'approved', to: 'approved' } },
            'setDecided',
            ...approvalEffects,
          ],
        },
        REJECT: {
          guard: 'byMentor',
          target: 'rejected',
          actions: [
            { type: 'record', params: { event: 'rejected', to: 'rejected' } },
            'setDecided',
            'setRejection',
            ...refundEffects,
            { type: 'notify', params: { kind: 'booking_rejected', to: 'mentee', via: ['in_app', 'email'] } },
            { type: 'emitWebhook', params: { type: 'booking.rejected' } },
          ],
        },
        SUGGEST: { guard: 'byMentor', target: 'alternative_suggested', actions: [...suggestActions] },
        CANCEL: { guard: 'byParticipant', target: 'cancelled', actions: [...cancelActions] },
        EXPIRE: { guard: 'bySystem', target: 'expired', actions: [...expireActions] },
        REMIND: {
          guard: 'bySystem',
          actions: [
            'setReminded',
            { type: 'record', params: { event: 'reminded' } },
            { type: 'notify', params: { kind: 'response_due', to: 'mentor', via: ['in_app', 'email'] } },
            { type: 'emitWebhook', params: { type: 'booking.response_due' } },
          ],
        },
      },
    },
    alternative_suggested: {
      on: {
        SUGGEST: { guard: 'byMentor', target: 'alternative_suggested', actions: [...suggestActions] },
        ACCEPT_PROPOSAL: {
          guard: 'byMentee',
          target: 'approved',
          actions: [
            'applyProposal',
            { type: 'record', params: { event: 'proposal_accepted', to: 'approved' } },
            ...approvalEffects,
          ],
        },
        DECLINE_PROPOSAL: {
          guard: 'byMentee',
          target: 'declined',
          actions: [
            'clearProposal',
            { type: 'record', params: { event: 'proposal_declined', to: 'declined' } },
            ...refundEffects,
            { type: 'notify', params: { kind: 'proposal_declined', to: 'mentor', via: ['in_app', 'email'] } },
            { type: 'emitWebhook', params: { type: 'booking.declined' } },
          ],
        },
        COUNTER: {
          guard: 'byMentee',
          target: 'pending',
          actions: [
            'applyCounter',
            'setRespondBy',
            { type: 'record', params: { event: 'counter_proposed', to: 'pending' } },
            { type: 'notify', params: { kind: 'counter_proposed', to: 'mentor', via: ['in_app', 'email'] } },
            { type: 'emitWebhook', params: { type: 'booking.counter_proposed' } },
          ],
        },
        CANCEL: { guard: 'byParticipant', target: 'cancelled', actions: [...cancelActions] },
        EXPIRE: { guard: 'bySystem', target: 'expired', actions: [...expireActions] },
      },
    },
    approved: {
      initial: 'provisioning',
      states: {
        provisioning: {
          on: {
            MEETING_READY: { guard: 'bySystem', target: 'ready', actions: [...meetingReadyActions] },
            MEETING_FAILED: {
              guard: 'bySystem',
              target: 'provisioning_failed',
              actions: [...meetingFailedActions],
            },
          },
        },
        ready: {},
        provisioning_failed: {
          on: {
            MEETING_READY: { guard: 'bySystem', target: 'ready', actions: [...meetingReadyActions] },
            MEETING_FAILED: {
              guard: 'bySystem',
              target: 'provisioning_failed',
              actions: [...meetingFailedActions],
            },
          },
        },
      },
      on: {
        CANCEL: {
          guard: 'byParticipant',
          target: 'cancelled',
          actions: [...cancelActions, 'deleteMeeting'],
        },
        COMPLETE: {
          guard: 'bySystem',
          target: 'completed',
          actions: [
            { type: 'record', params: { event: 'completed', to: 'completed' } },
            { type: 'notify', params: { kind: 'booking_completed', to: 'both', via: ['in_app'] } },
            { type: 'emitWebhook', params: { type: 'booking.completed' } },
          ],
        },
        // Reported before the completion sweep reached it; the workflow checks that the session has ended.
        REPORT_NO_SHOW: { guard: 'byParticipant', target: 'no_show', actions: [...noShowActions('no_show')] },
      },
    },
    rejected: { type: 'final' },
    declined: { type: 'final' },
    expired: { type: 'final' },
    cancelled: { type: 'final' },
    // Not final for xstate: a no-show can still be reported within the window after the session (the workflow
    // keeps the window); no decision leads out of it.
    completed: {
      on: {
        REPORT_NO_SHOW: { guard: 'byParticipant', target: 'no_show', actions: [...noShowActions('no_show')] },
      },
    },
    no_show: {
      on: {
        REPORT_NO_SHOW: [
          {
            guard: and(['byParticipant', 'disputes']),
            target: 'no_show',
            actions: [...disputedActions],
          },
          { guard: 'byParticipant', target: 'no_show', actions: [...noShowActions(undefined)] },
        ],
      },
    },
  },
});
