import { bookingFixture } from '@greenlight/core';
import { describe, expect, it } from 'vitest';
import { createFormatters } from './format';
import { describeEntry, fill, whoDid } from './history';
import { englishMessages } from './messages';

const booking = bookingFixture({ id: 'bkg_1', mentorId: 'usr_mia', menteeId: 'usr_noah' });
const names: Record<string, string> = {
  usr_mia: 'Mia Hoffmann',
  usr_noah: 'Noah Carter',
  usr_sam: 'Sam Lee',
};
const context = (viewerId: string, known = names) => ({
  viewerId,
  nameOf: (id: string) => known[id],
  messages: englishMessages,
  format: createFormatters('en-US'),
  zone: 'Europe/Berlin',
});
const at = '2030-01-01T10:00:00.000Z';

describe('history sentences', () => {
  it('fills placeholders, leaving an unknown one empty', () => {
    expect(fill('{who} did {what}{nothing}', { who: 'Ada', what: 'it' })).toBe('Ada did it');
  });

  it('names who decided, where, and for whom an assistant acted', () => {
    const approved = {
      at,
      actor: 'usr_sam',
      onBehalfOf: 'usr_mia',
      event: 'approved',
      channel: 'web' as const,
    };
    expect(describeEntry(approved, booking, context('usr_noah')).text).toBe(
      'Sam Lee for Mia Hoffmann approved it on the web',
    );
    expect(describeEntry(approved, booking, context('usr_mia')).text).toBe(
      'Sam Lee for you approved it on the web',
    );
    expect(describeEntry(approved, booking, context('usr_sam')).text).toBe(
      'You for Mia Hoffmann approved it on the web',
    );
    // Someone who may not see the assistant still learns it was done for the mentor.
    expect(whoDid('usr_sam', 'usr_mia', context('usr_noah', { usr_mia: 'Mia Hoffmann' }))).toBe(
      'An assistant for Mia Hoffmann',
    );
  });

  it('says which rule set approved automatically, and from an email or Slack', () => {
    const auto = {
      at,
      actor: 'platform',
      event: 'auto_approved',
      rule: { id: 'r1', name: 'Returning mentees' },
    };
    expect(describeEntry(auto, booking, context('usr_mia')).text).toBe(
      'Approved automatically by the rule “Returning mentees”',
    );
    const rejected = {
      at,
      actor: 'usr_mia',
      event: 'rejected',
      channel: 'email' as const,
      reason: 'Travelling.',
    };
    expect(describeEntry(rejected, booking, context('usr_noah'))).toEqual({
      at,
      text: 'Mia Hoffmann rejected it from an email',
      note: 'Travelling.',
    });
    const slack = {
      at,
      actor: 'usr_mia',
      event: 'alternative_suggested',
      channel: 'slack' as const,
      start: at,
    };
    expect(describeEntry(slack, booking, context('usr_noah')).text).toBe(
      'Mia Hoffmann suggested another time on Slack: Jan 1, 2030, 11:00 AM',
    );
  });

  it('says who was reported absent, and a report that contradicts the other', () => {
    const report = {
      at,
      actor: 'usr_noah',
      event: 'no_show_reported',
      absent: 'mentor' as const,
      reason: 'Waited.',
    };
    expect(describeEntry(report, booking, context('usr_mia')).text).toBe(
      'Noah Carter reported that you did not come',
    );
    const disputed = {
      at,
      actor: 'usr_mia',
      event: 'no_show_reported',
      absent: 'mentee' as const,
      disputed: true,
    };
    expect(describeEntry(disputed, booking, context('usr_noah')).text).toBe(
      'Mia Hoffmann reported that you did not come, contradicting the other report',
    );
    expect(
      describeEntry({ at, actor: 'system', event: 'something_new' }, booking, context('usr_mia')).text,
    ).toBe('Greenlight: something new');
  });
});
