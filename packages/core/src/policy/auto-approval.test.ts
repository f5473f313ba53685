import { describe, expect, it } from 'vitest';
import type { AutoApprovalRuleSet } from '../contract/users';
import {
  type AutoApprovalFacts,
  approvesEveryBooking,
  everyBookingRule,
  matchingRuleSet,
  needsSessionHistory,
  withAutoApprove,
} from './auto-approval';

const NOW = new Date('2026-11-30T08:00:00.000Z');

const rule = (overrides: Partial<AutoApprovalRuleSet> = {}): AutoApprovalRuleSet => ({
  ...everyBookingRule('r1'),
  name: 'Rule',
  ...overrides,
});

const facts = (overrides: Partial<AutoApprovalFacts> = {}): AutoApprovalFacts => ({
  start: '2026-12-02T08:00:00.000Z',
  sessionType: { name: 'Portfolio review' },
  now: NOW,
  completedWithMentor: 0,
  noShowsWithMentor: 0,
  redFlags: [],
  ...overrides,
});

const matches = (r: AutoApprovalRuleSet, f: Partial<AutoApprovalFacts> = {}) =>
  matchingRuleSet([r], facts(f)) !== null;

describe('matchingRuleSet', () => {
  it('a rule set without conditions approves every booking', () => {
    expect(matchingRuleSet([rule()], facts())).toEqual({ id: 'r1', name: 'Rule' });
  });

  it('minimum notice: the start is at least that many hours ahead', () => {
    const notice = rule({ minNoticeHours: 48 });
    expect(matches(notice)).toBe(true);
    expect(matches(notice, { start: '2026-12-02T07:59:59.000Z' })).toBe(false);
  });

  it('returning mentee: enough completed sessions with this mentor, and no no-show', () => {
    const returning = rule({ minCompletedSessions: 2 });
    expect(matches(returning, { completedWithMentor: 1 })).toBe(false);
    expect(matches(returning, { completedWithMentor: 2 })).toBe(true);
    expect(matches(returning, { completedWithMentor: 5, noShowsWithMentor: 1 })).toBe(false);
  });

  it('session types, ignoring case; a booking without a type is none of them', () => {
    const types = rule({ sessionTypes: ['portfolio REVIEW ', 'Mock interview'] });
    expect(matches(types)).toBe(true);
    expect(matches(types, { sessionType: { name: 'Career chat' } })).toBe(false);
    expect(matches(types, { sessionType: null })).toBe(false);
  });

  it('no red flag of the given kinds; other kinds do not matter', () => {
    const calm = rule({ noRedFlags: ['rude_message'] });
    expect(matches(calm, { redFlags: [{ code: 'low_ratings_given', detail: 'x' }] })).toBe(true);
    expect(matches(calm, { redFlags: [{ code: 'rude_message', detail: 'x' }] })).toBe(false);
  });

  it('needs every condition of a rule set, and takes the first enabled rule set that matches', () => {
    const strict = rule({ id: 'strict', name: 'Strict', minNoticeHours: 24, minCompletedSessions: 1 });
    const off = rule({ id: 'off', name: 'Off', enabled: false });
    const types = rule({ id: 'types', name: 'Types', sessionTypes: ['Portfolio review'] });
    expect(matchingRuleSet([strict, off, types], facts())).toEqual({ id: 'types', name: 'Types' });
    expect(matchingRuleSet([strict, off, types], facts({ completedWithMentor: 1 }))).toEqual({
      id: 'strict',
      name: 'Strict',
    });
    expect(matchingRuleSet([strict, off], facts())).toBeNull();
    expect(matchingRuleSet([], facts())).toBeNull();
  });
});

describe('autoApprove and rule sets', () => {
  const conditional = rule({ id: 'c', name: 'Far ahead', minNoticeHours: 72 });

  it('true adds "Every booking", or enables the first rule set without conditions', () => {
    expect(withAutoApprove([conditional], true, () => 'new')).toEqual([conditional, everyBookingRule()]);
    const disabled = rule({ id: 'all', enabled: false });
    expect(withAutoApprove([conditional, disabled], true, () => 'new')).toEqual([
      conditional,
      { ...disabled, enabled: true },
    ]);
    // The usual id is someone else's: the new rule set gets a fresh one.
    const squatter = rule({ id: 'every_booking', minNoticeHours: 1 });
    expect(withAutoApprove([squatter], true, () => 'aar_1').at(-1)?.id).toBe('aar_1');
  });

  it('false disables every rule set without conditions, and leaves the others', () => {
    const all = rule({ id: 'all' });
    expect(withAutoApprove([conditional, all], false, () => 'new')).toEqual([
      conditional,
      { ...all, enabled: false },
    ]);
  });

  it('reads true only while an enabled rule set has no conditions', () => {
    expect(approvesEveryBooking([conditional])).toBe(false);
    expect(approvesEveryBooking([conditional, rule({ enabled: false })])).toBe(false);
    expect(approvesEveryBooking([conditional, rule()])).toBe(true);
  });

  it('reads the mentee’s sessions only for an enabled rule set about them (returning, or no-show flags)', () => {
    expect(needsSessionHistory([conditional])).toBe(false);
    expect(needsSessionHistory([rule({ minCompletedSessions: 1, enabled: false })])).toBe(false);
    expect(needsSessionHistory([rule({ minCompletedSessions: 1 })])).toBe(true);
    expect(needsSessionHistory([rule({ noRedFlags: ['rude_message'] })])).toBe(false);
    expect(needsSessionHistory([rule({ noRedFlags: ['missed_sessions'] })])).toBe(true);
  });
});
