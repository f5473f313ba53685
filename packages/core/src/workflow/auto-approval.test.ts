import { describe, expect, it } from 'vitest';
import { as, harness, MENTEE, MENTOR, NOW, OTHER_MENTEE, platform } from '../../test/harness';
import type { AutoApprovalRuleSetInput } from '../contract/users';
import { ValidationError } from '../errors';
import { everyBookingRule } from '../policy/auto-approval';
import type { BusyTimeSource } from '../ports';

const DAY = 24 * 3_600_000;
const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();

async function withRules(rules: AutoApprovalRuleSetInput[], options: Parameters<typeof harness>[0] = {}) {
  const h = await harness(options);
  const settings = await h.workflow.users.updateSettings(as(MENTOR), MENTOR, { autoApprovalRules: rules });
  return { h, settings };
}

/** Books and holds a session between the mentor and `mentee`, then lets the completion sweep complete it. */
async function completedSession(
  h: Awaited<ReturnType<typeof harness>>,
  mentee: string,
  startsInDays: number,
) {
  const booking = await h.book({ start: at(startsInDays * DAY) }, mentee);
  if (booking.status === 'pending') await h.workflow.bookings.approve(as(MENTOR), booking.id);
  return booking;
}

const approvedBy = (booking: { history: Array<{ event: string; rule?: { id: string; name: string } }> }) =>
  booking.history.find((e) => e.event === 'auto_approved')?.rule ?? null;

describe('auto-approval rule sets', () => {
  it('minimum notice: approves a booking far enough ahead, naming the rule set in the history', async () => {
    const { h, settings } = await withRules([{ id: 'ahead', name: 'Far ahead', minNoticeHours: 48 }]);
    expect(settings.autoApprovalRules).toEqual([
      {
        id: 'ahead',
        name: 'Far ahead',
        enabled: true,
        minNoticeHours: 48,
        minCompletedSessions: null,
        sessionTypes: null,
        noRedFlags: null,
      },
    ]);
    const soon = await h.book({ start: at(DAY + 2 * 3_600_000) });
    expect(soon.status).toBe('pending');
    expect(approvedBy(soon)).toBeNull();
    const later = await h.book({ start: at(3 * DAY) });
    expect(later.status).toBe('approved');
    expect(later.history.at(-1)).toEqual({
      at: NOW,
      actor: MENTEE,
      event: 'auto_approved',
      from: 'pending',
      to: 'approved',
      rule: { id: 'ahead', name: 'Far ahead' },
    });
  });

  it('returning mentee: approves once the mentee completed enough sessions with this mentor', async () => {
    const { h } = await withRules([{ id: 'returning', name: 'Returning mentees', minCompletedSessions: 2 }]);
    await completedSession(h, MENTEE, 1);
    await completedSession(h, MENTEE, 2);
    // Another mentee's sessions do not count for this one.
    await completedSession(h, OTHER_MENTEE, 3);
    await completedSession(h, OTHER_MENTEE, 4);
    h.clock.set(at(5 * DAY));
    expect((await h.workflow.sweep()).completed).toBe(4);

    const first = await h.book({ start: at(10 * DAY) });
    expect(approvedBy(first)).toEqual({ id: 'returning', name: 'Returning mentees' });
    const newcomer = await h.workflow.bookings.request(as(OTHER_MENTEE), {
      mentorId: MENTOR,
      start: at(11 * DAY),
      durationMinutes: 60,
      price: { amount: 5000, currency: 'USD' },
    });
    expect(newcomer.status).toBe('approved');
    const onlyOne = await withRules([{ name: 'Returning mentees', minCompletedSessions: 1 }]);
    expect((await onlyOne.h.book()).status).toBe('pending');
  });

  it('session types and red flags: a rude message or another type waits for the mentor', async () => {
    const { h } = await withRules([
      {
        id: 'reviews',
        name: 'Polite portfolio reviews',
        sessionTypes: ['Portfolio review'],
        noRedFlags: ['rude_message'],
      },
    ]);
    const polite = await h.book({ sessionType: { name: 'portfolio review' } });
    expect(approvedBy(polite)?.id).toBe('reviews');
    const rude = await h.book({
      start: '2026-12-03T10:00:00Z',
      sessionType: { name: 'Portfolio review' },
      message: 'Fix my shit portfolio',
    });
    expect(rude.status).toBe('pending');
    const other = await h.book({ start: '2026-12-04T10:00:00Z', sessionType: { name: 'Career chat' } });
    expect(other.status).toBe('pending');
    const untyped = await h.book({ start: '2026-12-05T10:00:00Z' });
    expect(untyped.status).toBe('pending');
  });

  it('a disabled rule set approves nothing; the first enabled one that matches does', async () => {
    const { h } = await withRules([
      { id: 'off', name: 'Off', enabled: false },
      { id: 'typed', name: 'Typed', sessionTypes: ['Mock interview'] },
      { id: 'all', name: 'Everything else' },
    ]);
    expect(approvedBy(await h.book({ sessionType: { name: 'Mock interview' } }))?.id).toBe('typed');
    expect(approvedBy(await h.book({ start: '2026-12-03T10:00:00Z' }))?.id).toBe('all');
  });

  it('a matching rule set still waits for the mentor when their calendar is busy', async () => {
    const busy: BusyTimeSource = {
      async busyTimes() {
        return {
          source: 'ical',
          status: 'ok',
          busy: [{ start: new Date('2026-12-02T10:00:00Z'), end: new Date('2026-12-02T11:00:00Z') }],
        };
      },
    };
    const { h } = await withRules([{ name: 'Every booking' }], { busyTimes: [busy] });
    expect((await h.book()).status).toBe('pending');
  });

  it('tells both sides which rule approved it', async () => {
    const { h } = await withRules([{ id: 'ahead', name: 'Returning mentees' }]);
    const booking = await h.book();
    const mentor = (await h.notificationsOf(MENTOR)).find((n) => n.kind === 'booking_approved');
    const mentee = (await h.notificationsOf(MENTEE)).find((n) => n.kind === 'booking_approved');
    expect(mentor?.body).toMatch(/^Approved automatically by your rule 'Returning mentees'\. /);
    expect(mentee?.body).toMatch(/^Approved automatically by Maya Mentor's rule 'Returning mentees'\. /);
    expect(booking.status).toBe('approved');
  });
});

describe('auto-approval settings', () => {
  it('keeps the ids it is given, gives new rule sets one, and drops repeated red flags', async () => {
    const { settings } = await withRules([
      { id: 'mine', name: 'Mine', minNoticeHours: 0 },
      { name: '  New  ', noRedFlags: ['rude_message', 'rude_message'] },
    ]);
    expect(settings.autoApprovalRules.map((r) => [r.id, r.name])).toEqual([
      ['mine', 'Mine'],
      [expect.stringMatching(/^aar_/), 'New'],
    ]);
    expect(settings.autoApprovalRules[1]?.noRedFlags).toEqual(['rude_message']);
    expect(settings.autoApprove).toBe(false);
  });

  it('names the field of a bad rule set', async () => {
    const h = await harness();
    const bad = async (autoApprovalRules: unknown) => {
      const error = await h.workflow.users
        .updateSettings(as(MENTOR), MENTOR, { autoApprovalRules } as never)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).errors;
    };
    expect(await bad([{ name: 'A', minNoticeHours: -1 }])).toEqual([
      { path: 'autoApprovalRules[0].minNoticeHours', message: 'must be from 0 to 8760 hours' },
    ]);
    expect(await bad([{ name: 'A' }, { name: 'B', minCompletedSessions: 1.5 }])).toEqual([
      { path: 'autoApprovalRules[1].minCompletedSessions', message: 'must be a whole number of sessions' },
    ]);
    expect(await bad([{ name: 'A', sessionTypes: [] }])).toEqual([
      {
        path: 'autoApprovalRules[0].sessionTypes',
        message: 'name at least one session type, or leave the condition out',
      },
    ]);
    expect(await bad([{ name: 'A', noRedFlags: ['impolite'] }])).toEqual([
      { path: 'autoApprovalRules[0].noRedFlags[0]', message: expect.stringContaining('rude_message') },
    ]);
    expect(
      await bad([
        { id: 'x', name: 'A' },
        { id: 'x', name: 'B' },
      ]),
    ).toEqual([{ path: 'autoApprovalRules[1].id', message: 'repeats autoApprovalRules[0].id' }]);
    expect(await bad([{ name: '' }])).toEqual([
      { path: 'autoApprovalRules[0].name', message: 'must not be empty' },
    ]);
    expect(await bad([{ name: 'A', maxNotice: 3 }])).toEqual([
      { path: 'autoApprovalRules[0]', message: 'unknown field: maxNotice' },
    ]);
    const both = await h.workflow.users
      .updateSettings(as(MENTOR), MENTOR, { autoApprove: true, autoApprovalRules: [] })
      .catch((e: unknown) => e);
    expect((both as ValidationError).errors).toEqual([
      { path: 'autoApprove', message: expect.stringMatching(/^cannot be combined with autoApprovalRules/) },
    ]);
  });

  it('autoApprove is the rule set without conditions: on adds it, off disables it and leaves the others', async () => {
    const { h } = await withRules([{ id: 'ahead', name: 'Far ahead', minNoticeHours: 120 }]);
    const on = await h.workflow.users.updateSettings(as(MENTOR), MENTOR, { autoApprove: true });
    expect(on.autoApprove).toBe(true);
    expect(on.autoApprovalRules.map((r) => [r.id, r.enabled])).toEqual([
      ['ahead', true],
      ['every_booking', true],
    ]);
    expect(approvedBy(await h.book())?.id).toBe('every_booking');

    const off = await h.workflow.users.updateSettings(as(MENTOR), MENTOR, { autoApprove: false });
    expect(off.autoApprove).toBe(false);
    expect(off.autoApprovalRules.map((r) => [r.id, r.enabled])).toEqual([
      ['ahead', true],
      ['every_booking', false],
    ]);
    // What the conditional rule set describes is still approved; the rest waits.
    expect((await h.book({ start: '2026-12-03T10:00:00Z' })).status).toBe('pending');
    expect(approvedBy(await h.book({ start: '2026-12-05T10:00:00Z' }))?.id).toBe('ahead');
    // On again re-enables the same rule set rather than adding a second.
    const again = await h.workflow.users.updateSettings(as(MENTOR), MENTOR, { autoApprove: true });
    expect(again.autoApprovalRules.map((r) => [r.id, r.enabled])).toEqual([
      ['ahead', true],
      ['every_booking', true],
    ]);
  });

  it('reads settings saved before rule sets: the switch on is the every-booking rule set', async () => {
    const h = await harness();
    await h.store.transaction((tx) =>
      tx.putSettings(MENTOR, { autoApprove: true, calendarFeedUrl: null, availability: [] } as never),
    );
    expect(await h.workflow.users.getSettings(platform, MENTOR)).toEqual({
      autoApprove: true,
      autoApprovalRules: [everyBookingRule()],
      calendarFeedUrl: null,
      availability: [],
    });
    expect(approvedBy(await h.book())?.id).toBe('every_booking');
    await h.store.transaction((tx) =>
      tx.putSettings(MENTOR, { autoApprove: false, calendarFeedUrl: null, availability: [] } as never),
    );
    expect((await h.workflow.users.getSettings(platform, MENTOR)).autoApprovalRules).toEqual([]);
  });
});
