import { AutoApprovalRuleSetInput } from '@greenlight/core/contract';
import { describe, expect, it } from 'vitest';
import { createFormatters } from './format';
import { englishMessages } from './messages';
import { describeRule, draftOf, inputOf, newDraft } from './rules';

const format = createFormatters('en-US');
const rule = {
  id: 'aar_1',
  name: 'Returning mentees',
  enabled: true,
  minNoticeHours: 48,
  minCompletedSessions: 2,
  sessionTypes: ['Career chat', 'Mock interview'],
  noRedFlags: ['rude_message' as const, 'missed_sessions' as const],
};

describe('auto-approval rule drafts', () => {
  it('say in plain words what a rule set approves', () => {
    expect(
      describeRule(
        draftOf({ ...rule, minCompletedSessions: null, sessionTypes: null, noRedFlags: null }),
        englishMessages,
        format,
      ),
    ).toBe('Approve automatically when the session is at least 48 h away.');
    expect(describeRule(draftOf(rule), englishMessages, format)).toBe(
      'Approve automatically when the session is at least 48 h away, the mentee has completed at least 2 sessions with you and never missed one, the session type is Career chat or Mock interview, and the booking shows no red flag for message tone or missed sessions.',
    );
    const always = {
      ...rule,
      minNoticeHours: null,
      minCompletedSessions: null,
      sessionTypes: null,
      noRedFlags: null,
    };
    expect(describeRule(draftOf(always), englishMessages, format)).toBe(
      'Approve every booking automatically.',
    );
    expect(describeRule(draftOf({ ...rule, enabled: false }), englishMessages, format)).toBe(
      'Off: this rule set approves nothing.',
    );
  });

  it('go back as the rule set they came from, id kept, which the contract accepts', () => {
    const input = inputOf(draftOf(rule));
    expect(input).toEqual(rule);
    expect(AutoApprovalRuleSetInput.safeParse(input).success).toBe(true);
    const fresh = inputOf(newDraft('New rule set'));
    expect(fresh).not.toHaveProperty('id');
    expect(fresh.minNoticeHours).toBe(48);
  });

  it('send an empty number as NaN, which the contract refuses on that field', () => {
    const draft = { ...draftOf(rule), minNoticeHours: ' ' };
    const result = AutoApprovalRuleSetInput.safeParse(inputOf(draft));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['minNoticeHours']);
  });
});
