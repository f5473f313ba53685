import type { WebhookEvent } from '../contract/webhooks';
import type {
  CreatedMeeting,
  EffectContext,
  MeetingRequest,
  OutgoingNotification,
  RefundRequest,
  RefundResult,
  WebhookEndpointRecord,
} from '../ports';
import type { EffectPorts } from '../workflow/types';

export type PortName = 'meetings' | 'refunds' | 'notifier' | 'webhooks';

interface Failure {
  error: Error;
  /** Fail after the call took effect, as when the provider's response is lost. */
  afterEffect: boolean;
}

export interface RecordingPorts extends EffectPorts {
  /** Every call, in order, with the context the worker passed. */
  readonly calls: {
    createMeeting: Array<{ request: MeetingRequest; ctx: EffectContext }>;
    deleteMeeting: Array<{ id: string; ctx: EffectContext }>;
    refund: Array<{ request: RefundRequest; ctx: EffectContext }>;
    notify: Array<{ notification: OutgoingNotification; ctx: EffectContext }>;
    deliver: Array<{ endpoint: WebhookEndpointRecord; event: WebhookEvent; ctx: EffectContext }>;
  };
  /** Refunds actually issued, by idempotency key: a repeated key returns the first refund, like Stripe. */
  readonly refundsIssued: Map<string, RefundResult & { amount: number; bookingId: string }>;
  /** Meetings that exist, by id (created and not deleted). */
  readonly meetings: EffectPorts['meetings'] & { readonly live: Map<string, CreatedMeeting> };
  /** Makes the next calls to `port` throw these errors, one call each. */
  failNext(port: PortName, ...errors: Error[]): void;
  /** Makes the next call to `port` take effect and then throw, as when the response never arrives. */
  loseNextResponse(port: PortName, error: Error): void;
}

/**
 * In-process fakes of the outside world for tests and demos: they record every call, honour idempotency
 * keys the way the real providers do, and can be told to fail.
 */
export function createRecordingPorts(options: { meetingProvider?: string } = {}): RecordingPorts {
  const provider = options.meetingProvider ?? 'jitsi';
  const failures: Record<PortName, Failure[]> = { meetings: [], refunds: [], notifier: [], webhooks: [] };
  const calls: RecordingPorts['calls'] = {
    createMeeting: [],
    deleteMeeting: [],
    refund: [],
    notify: [],
    deliver: [],
  };
  const refundsIssued: RecordingPorts['refundsIssued'] = new Map();
  const live = new Map<string, CreatedMeeting>();
  const meetingsByKey = new Map<string, CreatedMeeting>();

  /** Runs `act` unless a failure is queued for the port; a lost response runs it and throws anyway. */
  async function call<T>(port: PortName, act: () => T): Promise<T> {
    const failure = failures[port].shift();
    if (!failure) return act();
    if (failure.afterEffect) act();
    throw failure.error;
  }

  return {
    calls,
    refundsIssued,
    failNext(port, ...errors) {
      failures[port].push(...errors.map((error) => ({ error, afterEffect: false })));
    },
    loseNextResponse(port, error) {
      failures[port].push({ error, afterEffect: true });
    },
    meetings: {
      name: provider,
      live,
      createMeeting(request, ctx) {
        calls.createMeeting.push({ request, ctx });
        return call('meetings', () => {
          let meeting = meetingsByKey.get(ctx.idempotencyKey);
          if (!meeting) {
            const id = `mtg_${meetingsByKey.size + 1}`;
            meeting = { provider, id, joinUrl: `https://meet.example.test/${id}` };
            meetingsByKey.set(ctx.idempotencyKey, meeting);
            live.set(id, meeting);
          }
          return meeting;
        });
      },
      deleteMeeting(meeting, ctx) {
        calls.deleteMeeting.push({ id: meeting.id, ctx });
        return call('meetings', () => {
          live.delete(meeting.id);
        });
      },
    },
    refunds: {
      refund(request, ctx) {
        calls.refund.push({ request, ctx });
        return call('refunds', () => {
          let issued = refundsIssued.get(ctx.idempotencyKey);
          if (!issued) {
            issued = {
              id: `re_${refundsIssued.size + 1}`,
              status: 'succeeded',
              amount: request.amount.amount,
              bookingId: request.booking.id,
            };
            refundsIssued.set(ctx.idempotencyKey, issued);
          }
          return { id: issued.id, status: issued.status };
        });
      },
    },
    notifier: {
      send(notification, ctx) {
        calls.notify.push({ notification, ctx });
        return call('notifier', () => undefined);
      },
    },
    webhooks: {
      deliver(endpoint, event, ctx) {
        calls.deliver.push({ endpoint, event, ctx });
        return call('webhooks', () => undefined);
      },
    },
  };
}
