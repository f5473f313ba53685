import { bookingFixture } from '@greenlight/core';
import { describe, expect, it } from 'vitest';
import { NO_SHOW_WINDOW_MS, noShowState, sideOf } from './no-show';

const end = Date.parse('2030-01-01T11:00:00.000Z');
const ended = bookingFixture({
  status: 'completed',
  mentorId: 'usr_mia',
  menteeId: 'usr_noah',
  start: '2030-01-01T10:00:00.000Z',
  end: '2030-01-01T11:00:00.000Z',
});

describe('no-show reports', () => {
  it('open from the end until 48 hours after it, for an approved or completed session', () => {
    expect(noShowState(ended, 'mentee', end - 1).canReport).toBe(false);
    expect(noShowState(ended, 'mentee', end).canReport).toBe(true);
    expect(noShowState(ended, 'mentor', end + NO_SHOW_WINDOW_MS - 1).canReport).toBe(true);
    expect(noShowState(ended, 'mentor', end + NO_SHOW_WINDOW_MS).canReport).toBe(false);
    expect(noShowState({ ...ended, status: 'cancelled' }, 'mentor', end).canReport).toBe(false);
    expect(noShowState(ended, 'mentor', end).until).toBe('2030-01-03T11:00:00.000Z');
  });

  it('each side reports once, and may answer the other side’s report', () => {
    const report = {
      by: 'mentee' as const,
      actor: 'usr_noah',
      absent: 'mentor' as const,
      note: 'Waited 20 minutes',
      at: '2030-01-01T11:30:00.000Z',
    };
    const reported = {
      ...ended,
      status: 'no_show' as const,
      noShow: { absent: 'mentor' as const, disputed: false, reports: [report] },
    };
    expect(noShowState(reported, 'mentee', end)).toMatchObject({ canReport: false, theirs: undefined });
    expect(noShowState(reported, 'mentor', end)).toMatchObject({ canReport: true, theirs: report });
  });

  it('an assistant is on the mentor’s side', () => {
    expect(sideOf(ended, 'usr_noah')).toBe('mentee');
    expect(sideOf(ended, 'usr_mia')).toBe('mentor');
    expect(sideOf(ended, 'usr_sam')).toBe('mentor');
  });
});
