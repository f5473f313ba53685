import type { AutoApprovalRuleSet, AutoApprovalRuleSetInput, RedFlag } from '@greenlight/core/contract';
import type { Formatters } from './format';
import type { Messages } from './messages';

type RedFlagCode = RedFlag['code'];

/** Every red flag a rule set can exclude, in the order the editor offers them. */
export const RED_FLAG_CODES: readonly RedFlagCode[] = [
  'rude_message',
  'low_ratings_given',
  'no_show_reports',
  'missed_sessions',
];

/**
 * A rule set as the editor holds it: numbers as typed, and each condition null while it is off. `key` keeps a
 * row's identity (and its focus) while rule sets are added, moved and removed before anything is saved.
 */
export interface RuleDraft {
  key: string;
  id?: string;
  name: string;
  enabled: boolean;
  minNoticeHours: string | null;
  minCompletedSessions: string | null;
  sessionTypes: string | null;
  noRedFlags: RedFlagCode[] | null;
}

let drafts = 0;
const nextKey = () => `rule-${++drafts}`;

export function draftOf(rule: AutoApprovalRuleSet): RuleDraft {
  return {
    key: nextKey(),
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    minNoticeHours: rule.minNoticeHours === null ? null : String(rule.minNoticeHours),
    minCompletedSessions: rule.minCompletedSessions === null ? null : String(rule.minCompletedSessions),
    sessionTypes: rule.sessionTypes === null ? null : rule.sessionTypes.join(', '),
    noRedFlags: rule.noRedFlags,
  };
}

/** A new rule set: minimum notice of two days, the condition mentors ask for most. */
export function newDraft(name: string): RuleDraft {
  return {
    key: nextKey(),
    name,
    enabled: true,
    minNoticeHours: '48',
    minCompletedSessions: null,
    sessionTypes: null,
    noRedFlags: null,
  };
}

/** A typed number, NaN when the field is empty or not a number (the field says so before anything is sent). */
export function numberOf(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

const typesOf = (text: string) =>
  text
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean);

/** What `PATCH …/settings` takes for the draft; the server (and the SDK before it) checks every field. */
export function inputOf(draft: RuleDraft): AutoApprovalRuleSetInput {
  return {
    ...(draft.id ? { id: draft.id } : {}),
    name: draft.name,
    enabled: draft.enabled,
    minNoticeHours: draft.minNoticeHours === null ? null : numberOf(draft.minNoticeHours),
    minCompletedSessions: draft.minCompletedSessions === null ? null : numberOf(draft.minCompletedSessions),
    sessionTypes: draft.sessionTypes === null ? null : typesOf(draft.sessionTypes),
    noRedFlags: draft.noRedFlags,
  };
}

/** What a rule set does, in plain words: "Approve automatically when the session is at least 48 h away." */
export function describeRule(draft: RuleDraft, messages: Messages, format: Formatters): string {
  if (!draft.enabled) return messages.ruleOff;
  const list = (items: string[], type: 'conjunction' | 'disjunction') =>
    new Intl.ListFormat(format.locale, { type }).format(items);
  const parts: string[] = [];
  const notice = draft.minNoticeHours === null ? null : numberOf(draft.minNoticeHours);
  if (notice !== null && Number.isFinite(notice)) parts.push(messages.ruleNoticeSays(format.number(notice)));
  const sessions = draft.minCompletedSessions === null ? null : numberOf(draft.minCompletedSessions);
  if (sessions !== null && Number.isFinite(sessions))
    parts.push(messages.ruleReturningSays(format.number(sessions, 0)));
  const types = draft.sessionTypes === null ? [] : typesOf(draft.sessionTypes);
  if (types.length > 0) parts.push(messages.ruleTypesSays(list(types, 'disjunction')));
  if (draft.noRedFlags?.length) {
    const flags = draft.noRedFlags.map((code) => (messages.redFlagTitles[code] ?? code).toLowerCase());
    parts.push(messages.ruleFlagsSays(list(flags, 'disjunction')));
  }
  return parts.length === 0 ? messages.ruleAlways : messages.ruleWhen(list(parts, 'conjunction'));
}
