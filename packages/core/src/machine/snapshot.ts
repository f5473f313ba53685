import {
  type ActorScope,
  type AnyActorLogic,
  type AnyActorRef,
  type AnyStateNode,
  createActor,
  type ExecutableActionObject,
  type SnapshotFrom,
} from 'xstate';
import type { Booking, BookingStatus } from '../contract/bookings';
import { InvalidTransitionError } from '../errors';
import { bookingMachine, type NotifyParams, type RefundParams, type WebhookParams } from './booking-machine';
import type { BookingEvent } from './events';

export type BookingSnapshot = SnapshotFrom<typeof bookingMachine>;
export type BookingStateValue =
  | 'new'
  | Exclude<BookingStatus, 'approved'>
  | { approved: 'provisioning' | 'ready' | 'provisioning_failed' };

/** The machine state a stored booking is in: its status, and for approved ones the meeting's progress. */
export function stateValueOf(booking: Pick<Booking, 'status' | 'meeting'>): BookingStateValue {
  if (booking.status !== 'approved') return booking.status;
  const meeting = booking.meeting?.status;
  return {
    approved: meeting === 'ready' ? 'ready' : meeting === 'failed' ? 'provisioning_failed' : 'provisioning',
  };
}

/** The booking status of a machine state (`new` is a draft that becomes pending on REQUEST). */
export function statusOf(value: BookingStateValue): BookingStatus {
  if (typeof value === 'object') return 'approved';
  return value === 'new' ? 'pending' : value;
}

/** Rebuilds the snapshot of a stored booking, or of a draft not yet requested. */
export function snapshotOf(booking: Booking, draft = false): BookingSnapshot {
  return bookingMachine.resolveState({ value: draft ? 'new' : stateValueOf(booking), context: booking });
}

export type EffectAction =
  | { type: 'notify'; params: NotifyParams }
  | { type: 'createMeeting'; params?: undefined }
  | { type: 'deleteMeeting'; params?: undefined }
  | { type: 'refund'; params: RefundParams }
  | { type: 'emitWebhook'; params: WebhookParams };

const EFFECT_ACTIONS = new Set(['notify', 'createMeeting', 'deleteMeeting', 'refund', 'emitWebhook']);

export interface Step {
  /** The booking after the event, version unchanged (the store write bumps it). */
  booking: Booking;
  effects: EffectAction[];
}

/**
 * What decides whether a state accepts an event: its type and who sends it. The guards that read a payload
 * (`autoApprove`, `disputes`) only choose between transitions for the same event that all accept it.
 */
export type EventProbe = Pick<BookingEvent, 'type' | 'by' | 'actsAs'>;

/** Answers of `can()` by state, event type and sender: few enough to keep them all. */
const accepted = new Map<string, boolean>();

/**
 * Throws `InvalidTransitionError` naming `action` and the booking's status unless its state accepts an event
 * of this type from this sender. A quick refusal before slow work (asking calendars) needs no payload and
 * no transition; `step` still decides with the full event.
 */
export function assertAccepts(booking: Booking, probe: EventProbe, action: string): void {
  const value = stateValueOf(booking);
  const state = typeof value === 'string' ? value : `approved.${value.approved}`;
  const key = `${state} ${probe.type} ${probe.by} ${probe.actsAs?.join('+') ?? '-'}`;
  let ok = accepted.get(key);
  if (ok === undefined) {
    // No payload is needed to answer (a test pins this for every state, event and sender).
    ok = snapshotOf(booking).can({ ...probe, actorId: '', at: '' } as BookingEvent);
    accepted.set(key, ok);
  }
  if (!ok) throw new InvalidTransitionError(action, booking.status);
}

/**
 * The actor every transition runs in. xstate's `transition()` builds and initialises a new one per call, which
 * cost several times the transition itself; one is enough, since the machine spawns, invokes and delays
 * nothing, so a transition leaves nothing in it. Made on first use, so that importing core starts no actor.
 */
let inertActor: AnyActorRef | undefined;

/** xstate's pure `transition()` on the shared actor: the next snapshot and the actions to execute, none executed. */
function pureTransition(snapshot: BookingSnapshot, event: BookingEvent) {
  // Never started, so it needs no input (xstate's own inert actor is made the same way).
  inertActor ??= createActor(bookingMachine as AnyActorLogic);
  const actions: ExecutableActionObject[] = [];
  const scope: ActorScope<BookingSnapshot, BookingEvent> = {
    self: inertActor,
    id: '',
    sessionId: '',
    system: inertActor.system,
    logger: () => undefined,
    defer: () => undefined,
    emit: () => undefined,
    stopChild: () => undefined,
    actionExecutor: (a) => {
      actions.push(a);
    },
  };
  return [bookingMachine.transition(snapshot, event, scope), actions] as const;
}

type Assignment = (args: { context: Booking; event: BookingEvent }, params: unknown) => Partial<Booking>;

/** An action made by xstate's `assign()`: a function object carrying the assignment it was given. */
interface AssignAction {
  type: 'xstate.assign';
  assignment: Assignment | Record<string, unknown>;
}

function isAssign(action: unknown): action is AssignAction {
  return (
    typeof action === 'function' &&
    (action as { type?: unknown }).type === 'xstate.assign' &&
    'assignment' in action
  );
}

/**
 * Whether `node` and every state below it take part in a transition only through its own actions: no entry or
 * exit actions, no eventless, delayed or invoked work, no history or parallel regions, no final state below the
 * top (entering one raises a done event), and compound states entered without initial actions.
 */
function plainStates(node: AnyStateNode): boolean {
  if (node.entry.length > 0 || node.exit.length > 0 || (node.always?.length ?? 0) > 0) return false;
  if (node.after.length > 0 || node.invoke.length > 0) return false;
  if (node.type === 'parallel' || node.type === 'history') return false;
  if (node.type === 'final' && node.parent !== bookingMachine.root) return false;
  if (node.type === 'compound' && node.initial.actions.length > 0) return false;
  return Object.values(node.states).every(plainStates);
}

let plainMachine: boolean | undefined;

/**
 * The transition xstate would make, applied straight from the machine's definition: xstate chooses it (guards
 * included, `getTransitionData`), then its actions run in order, assigns on the context as it stands, effect
 * actions collected with their params, and the target is entered down to its initial leaf. That is all a
 * transition does in a machine of plain states, at a fraction of the cost of xstate's interpreter, which builds a
 * snapshot per assign. Undefined for anything else (several transitions, inline or other built-in actions, states
 * that are not plain), left to xstate; a test checks both agree on every state, event and sender.
 */
export function directStep(snapshot: BookingSnapshot, event: BookingEvent): Step | undefined {
  plainMachine ??= plainStates(bookingMachine.root);
  if (!plainMachine) return undefined;
  const transitions = bookingMachine.getTransitionData(snapshot, event);
  if (transitions.length !== 1) return undefined;
  const { actions, target } = transitions[0]!;
  if (target !== undefined && target.length !== 1) return undefined;
  inertActor ??= createActor(bookingMachine as AnyActorLogic);
  let context = snapshot.context;
  const effects: EffectAction[] = [];
  for (const action of actions) {
    if (typeof action === 'function') return undefined;
    const type = typeof action === 'string' ? action : action.type;
    const given = typeof action === 'string' ? undefined : action.params;
    const params = typeof given === 'function' ? given({ context, event }) : given;
    const implementation = bookingMachine.implementations.actions[type];
    if (isAssign(implementation)) {
      const args = { context, event, self: inertActor, system: inertActor.system };
      const { assignment } = implementation;
      let update: Partial<Booking>;
      if (typeof assignment === 'function') update = assignment(args, params);
      else {
        update = {};
        for (const [key, value] of Object.entries(assignment)) {
          (update as Record<string, unknown>)[key] =
            typeof value === 'function' ? (value as Assignment)(args, params) : value;
        }
      }
      context = { ...context, ...update };
      continue;
    }
    if (implementation !== undefined && 'resolve' in implementation) return undefined;
    if (EFFECT_ACTIONS.has(type)) effects.push({ type, params } as EffectAction);
  }
  let value = snapshot.value as BookingStateValue;
  if (target !== undefined) {
    let leaf = target[0]!;
    while (leaf.type === 'compound') leaf = leaf.initial.target[0]!;
    if (leaf.path.length > 2) return undefined;
    value = (leaf.path.length === 1 ? leaf.path[0] : { [leaf.path[0]!]: leaf.path[1] }) as BookingStateValue;
  }
  return { booking: { ...context, status: statusOf(value) }, effects };
}

/**
 * Applies `event` to the stored booking with a pure transition (no actor started, no action executed).
 * Refused events throw `InvalidTransitionError` naming `action` and the booking's current status.
 */
export function step(
  booking: Booking,
  event: BookingEvent,
  action: string,
  options: { draft?: boolean } = {},
): Step {
  const snapshot = snapshotOf(booking, options.draft);
  if (!snapshot.can(event)) throw new InvalidTransitionError(action, booking.status);
  const direct = directStep(snapshot, event);
  if (direct) return direct;
  const [next, actions] = pureTransition(snapshot, event);
  const effects = actions
    .filter((a) => EFFECT_ACTIONS.has(a.type))
    .map((a) => ({ type: a.type, params: a.params }) as EffectAction);
  return { booking: { ...next.context, status: statusOf(next.value as BookingStateValue) }, effects };
}
