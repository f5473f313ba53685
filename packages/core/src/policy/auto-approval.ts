import type { RedFlag } from '../contract/bookings';
import {
  type AutoApprovalRuleRef,
  type AutoApprovalRuleSet,
  EVERY_BOOKING_RULE,
  isUnconditional,
} from '../contract/users';

const HOUR = 3_600_000;

/** What the rule sets look at when a booking is requested. */
export interface AutoApprovalFacts {
  /** The requested start (UTC ISO). */
  start: string;
  sessionType: { name: string } | null;
  /** When the booking is being made. */
  now: Date;
  /** The mentee's completed sessions with this mentor. */
  completedWithMentor: number;
  /** Sessions with this mentor from which the mentee was reported absent. */
  noShowsWithMentor: number;
  /** The booking's red flags, as the mentor would see them. */
  redFlags: readonly RedFlag[];
}

/** Whether one condition of a rule set holds for these facts (a null condition always does). */
type Condition = (rule: AutoApprovalRuleSet, facts: AutoApprovalFacts) => boolean;

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

const CONDITIONS: readonly Condition[] = [
  (rule, f) =>
    rule.minNoticeHours === null || Date.parse(f.start) - f.now.getTime() >= rule.minNoticeHours * HOUR,
  (rule, f) =>
    rule.minCompletedSessions === null ||
    (f.completedWithMentor >= rule.minCompletedSessions && f.noShowsWithMentor === 0),
  (rule, f) =>
    rule.sessionTypes === null ||
    (f.sessionType !== null && rule.sessionTypes.some((name) => sameName(name, f.sessionType!.name))),
  (rule, f) => rule.noRedFlags === null || !f.redFlags.some((flag) => rule.noRedFlags!.includes(flag.code)),
];

/**
 * The first enabled rule set whose every condition holds for the booking, or null (the booking waits for the
 * mentor as usual):
 *
 * - `minNoticeHours`: the start is at least that many hours after `now`;
 * - `minCompletedSessions`: the mentee has at least that many completed sessions with this mentor and was never
 *   reported absent from one;
 * - `sessionTypes`: the booking's session type is one of them, ignoring case (no type matches none);
 * - `noRedFlags`: the booking has none of these red flags.
 *
 * A rule set without conditions matches every booking. The mentor's calendar is checked separately.
 */
export function matchingRuleSet(
  rules: readonly AutoApprovalRuleSet[],
  facts: AutoApprovalFacts,
): AutoApprovalRuleRef | null {
  const rule = rules.find((r) => r.enabled && CONDITIONS.every((holds) => holds(r, facts)));
  return rule ? { id: rule.id, name: rule.name } : null;
}

/** Red flags that come from the mentee's past bookings, not from their profile or message. */
const HISTORY_FLAGS = new Set(['no_show_reports', 'missed_sessions']);

/**
 * Whether any enabled rule set needs the mentee's past bookings (a store read): a returning-mentee condition, or
 * red flags counted from them.
 */
export function needsSessionHistory(rules: readonly AutoApprovalRuleSet[]): boolean {
  return rules.some(
    (r) =>
      r.enabled &&
      (r.minCompletedSessions !== null || (r.noRedFlags ?? []).some((code) => HISTORY_FLAGS.has(code))),
  );
}

/** The rule set `autoApprove: true` stands for: every booking. */
export function everyBookingRule(id: string = EVERY_BOOKING_RULE.id): AutoApprovalRuleSet {
  return {
    id,
    name: EVERY_BOOKING_RULE.name,
    enabled: true,
    minNoticeHours: null,
    minCompletedSessions: null,
    sessionTypes: null,
    noRedFlags: null,
  };
}

/**
 * `autoApprove` applied to rule sets: true enables the first rule set without conditions (adding one named
 * "Every booking" when there is none), false disables every rule set without conditions. Conditional rule sets
 * stay as they are: they approve only what they describe.
 */
export function withAutoApprove(
  rules: readonly AutoApprovalRuleSet[],
  on: boolean,
  newId: () => string,
): AutoApprovalRuleSet[] {
  if (!on) return rules.map((r) => (isUnconditional(r) ? { ...r, enabled: false } : r));
  const index = rules.findIndex(isUnconditional);
  if (index >= 0) return rules.map((r, i) => (i === index ? { ...r, enabled: true } : r));
  const taken = rules.some((r) => r.id === EVERY_BOOKING_RULE.id);
  return [...rules, everyBookingRule(taken ? newId() : EVERY_BOOKING_RULE.id)];
}

/** Whether every booking is approved automatically: `autoApprove` as the settings report it. */
export function approvesEveryBooking(rules: readonly AutoApprovalRuleSet[]): boolean {
  return rules.some((r) => r.enabled && isUnconditional(r));
}
