/**
 * Identifiers shared by the views (which render them) and the listeners (which match them).
 * Action ids carry the booking id so several bookings can share one view (App Home);
 * the button value carries what a click needs before any API call answers.
 */

export const ACTIONS = {
  approve: 'greenlight:approve',
  approveAnyway: 'greenlight:approve_anyway',
  reject: 'greenlight:reject',
  suggest: 'greenlight:suggest',
  message: 'greenlight:message',
  autoApprove: 'greenlight:auto_approve',
  autoApprovalRule: 'greenlight:auto_approval_rule',
} as const;
export type ActionName = keyof typeof ACTIONS;

export const CALLBACKS = {
  reject: 'greenlight:reject_modal',
  suggest: 'greenlight:suggest_modal',
  message: 'greenlight:message_modal',
} as const;

/** Input blocks of the modals: `response_action: 'errors'` is keyed by these. */
export const BLOCKS = {
  rejectCategory: 'reject_category',
  rejectReason: 'reject_reason',
  suggestStart: 'suggest_start',
  suggestForce: 'suggest_force',
  messageBody: 'message_body',
} as const;

/** Input elements inside those blocks. */
export const ELEMENTS = {
  rejectCategory: 'category',
  rejectReason: 'reason',
  suggestStart: 'start',
  suggestForce: 'force',
  messageBody: 'body',
} as const;

/** The value of the suggest modal's "Suggest anyway" checkbox: ticked, the suggestion is sent with `force`. */
export const SUGGEST_ANYWAY = 'suggest_anyway';

export function actionId(action: ActionName, bookingId: string): string {
  return `${ACTIONS[action]}:${bookingId}`;
}

/** Matches every `actionId(action, …)`; the trailing colon keeps `approve` from matching `approve_anyway`. */
export function actionPattern(action: ActionName): RegExp {
  return new RegExp(`^${ACTIONS[action]}:`);
}

/** What a button knows about its booking when it was rendered. */
export interface BookingRef {
  bookingId: string;
  version: number;
  /** The Slack user the card was made for: anyone else is turned away without an API call. */
  mentorSlackUserId: string;
  /** The booking's start when rendered (the suggest modal opens at it). */
  start: string;
  mentorTimezone: string;
  menteeTimezone: string;
}

interface WireRef {
  b: string;
  v: number;
  u: string;
  s: string;
  mz: string;
  ez: string;
}

export function encodeRef(ref: BookingRef): string {
  const wire: WireRef = {
    b: ref.bookingId,
    v: ref.version,
    u: ref.mentorSlackUserId,
    s: ref.start,
    mz: ref.mentorTimezone,
    ez: ref.menteeTimezone,
  };
  return JSON.stringify(wire);
}

function isWireRef(value: unknown): value is WireRef {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.b === 'string' &&
    typeof v.v === 'number' &&
    typeof v.u === 'string' &&
    typeof v.s === 'string' &&
    typeof v.mz === 'string' &&
    typeof v.ez === 'string'
  );
}

/** The ref in a button value, or null when the value was not made by `encodeRef`. */
export function decodeRef(value: string | undefined): BookingRef | null {
  if (!value) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (!isWireRef(parsed)) return null;
  return {
    bookingId: parsed.b,
    version: parsed.v,
    mentorSlackUserId: parsed.u,
    start: parsed.s,
    mentorTimezone: parsed.mz,
    menteeTimezone: parsed.ez,
  };
}

/** A rule set's switch: which rule set, and whether the click turns it on. */
export interface RuleToggle {
  ruleId: string;
  on: boolean;
}

export function encodeRuleToggle(ruleId: string, on: boolean): string {
  return JSON.stringify({ r: ruleId, on });
}

export function decodeRuleToggle(value: string | undefined): RuleToggle | null {
  try {
    const parsed = JSON.parse(value ?? '') as { r?: unknown; on?: unknown };
    return typeof parsed.r === 'string' && typeof parsed.on === 'boolean'
      ? { ruleId: parsed.r, on: parsed.on }
      : null;
  } catch {
    return null;
  }
}

/** A message a modal was opened from, so its submission can update that message too. */
export interface MessageRef {
  channel: string;
  ts: string;
}

/** What a modal carries in `private_metadata` from the click that opened it to its submission. */
export interface ModalContext {
  ref: BookingRef;
  message: MessageRef | null;
  /** Opened from App Home: republish it after the decision. */
  fromHome: boolean;
}

export function encodeModalContext(context: ModalContext): string {
  return JSON.stringify({
    r: encodeRef(context.ref),
    m: context.message ? [context.message.channel, context.message.ts] : null,
    h: context.fromHome ? 1 : 0,
  });
}

export function decodeModalContext(value: string | undefined): ModalContext | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as { r?: unknown; m?: unknown; h?: unknown };
    const ref = decodeRef(typeof parsed.r === 'string' ? parsed.r : undefined);
    if (!ref) return null;
    const m = parsed.m;
    const message =
      Array.isArray(m) && typeof m[0] === 'string' && typeof m[1] === 'string'
        ? { channel: m[0], ts: m[1] }
        : null;
    return { ref, message, fromHome: parsed.h === 1 };
  } catch {
    return null;
  }
}
