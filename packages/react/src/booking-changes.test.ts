import { bookingFixture } from '@greenlight/core';
import type { HistoryEntry } from '@greenlight/core/contract';
import { describe, expect, it } from 'vitest';
import { changeSince, describeChange, seenOf } from './booking-changes';
import { englishMessages } from './messages';

const pending = bookingFixture({ status: 'pending', mentorId: 'usr_ada', menteeId: 'usr_max' });
const names: Record<string, string> = { usr_ada: 'Ada', usr_max: 'Max' };
const nameOf = (id: string) => names[id] ?? id;

function decided(entry: Partial<HistoryEntry>, status = 'approved' as const) {
  return {
    ...pending,
    status,
    version: pending.version + 1,
    history: [
      ...pending.history,
      { at: '2026-12-01T10:05:00.000Z', actor: 'usr_ada', event: 'approved', to: status, ...entry },
    ],
  };
}

describe('changeSince', () => {
  it('is null while nothing that matters changed, even when the version moved (metadata, a reminder)', () => {
    const seen = seenOf(pending);
    const reminded = {
      ...pending,
      version: pending.version + 2,
      metadata: { slack_ts: '1.2' },
      history: [...pending.history, { at: '2026-12-01T11:00:00.000Z', actor: 'system', event: 'reminded' }],
    };
    expect(changeSince(seen, reminded)).toBeNull();
  });

  it('names the entry that moved the booking on', () => {
    const approved = decided({});
    expect(changeSince(seenOf(pending), approved)).toMatchObject({ actor: 'usr_ada', event: 'approved' });
  });

  it('notices a new time even when the status is the same (a second suggestion)', () => {
    const suggested = {
      ...pending,
      status: 'alternative_suggested' as const,
      proposal: {
        start: '2026-12-11T10:00:00.000Z',
        end: '2026-12-11T11:00:00.000Z',
        by: 'mentor' as const,
        createdAt: pending.createdAt,
      },
    };
    const again = { ...suggested, proposal: { ...suggested.proposal, start: '2026-12-12T10:00:00.000Z' } };
    expect(changeSince(seenOf(suggested), again)).not.toBeNull();
  });
});

describe('describeChange', () => {
  it('says who decided, how and where: "Ada already approved this on Slack."', () => {
    const approved = decided({ channel: 'slack' });
    const entry = changeSince(seenOf(pending), approved) ?? undefined;
    expect(describeChange(entry, approved, 'usr_someone_else', nameOf, englishMessages)).toBe(
      'Ada already approved this on Slack.',
    );
  });

  it('says "You" for the viewer’s own decision elsewhere (another tab)', () => {
    const approved = decided({ channel: 'web' });
    const entry = changeSince(seenOf(pending), approved) ?? undefined;
    expect(describeChange(entry, approved, 'usr_ada', nameOf, englishMessages)).toBe(
      'You already approved this on the web.',
    );
  });

  it('names an assistant and the mentor they decided for: "Sam for Ada already approved this on the web."', () => {
    const approved = decided({ actor: 'usr_sam', onBehalfOf: 'usr_ada', channel: 'web' });
    const entry = changeSince(seenOf(pending), approved) ?? undefined;
    const known = (id: string) => ({ ...names, usr_sam: 'Sam' })[id];
    expect(describeChange(entry, approved, 'usr_max', known, englishMessages)).toBe(
      'Sam for Ada already approved this on the web.',
    );
    expect(describeChange(entry, approved, 'usr_ada', known, englishMessages)).toBe(
      'Sam for you already approved this on the web.',
    );
  });

  it('leaves out where when the history does not say', () => {
    const cancelled = decided(
      { actor: 'usr_max', event: 'cancelled', to: 'cancelled' },
      'cancelled' as never,
    );
    const entry = changeSince(seenOf(pending), cancelled) ?? undefined;
    expect(describeChange(entry, cancelled, 'usr_ada', nameOf, englishMessages)).toBe(
      'Max already cancelled this.',
    );
  });

  it('an expiry by the system says the booking is over', () => {
    const expired = decided({ actor: 'system', event: 'expired', to: 'expired' }, 'expired' as never);
    const entry = changeSince(seenOf(pending), expired) ?? undefined;
    expect(describeChange(entry, expired, 'usr_ada', nameOf, englishMessages)).toBe(
      'This booking is expired now; there is nothing left to decide.',
    );
  });
});
