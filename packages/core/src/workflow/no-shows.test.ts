import { describe, expect, it } from 'vitest';
import { as, harness, MENTEE, MENTOR, platform, STRANGER } from '../../test/harness';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../errors';

const HOUR = 3_600_000;
/** The harness books 2026-12-02 10:00–11:00 UTC. */
const END = '2026-12-02T11:00:00.000Z';
const after = (hours: number) => new Date(Date.parse(END) + hours * HOUR).toISOString();

/** An approved session of the harness booking, and a workflow whose clock is past its end. */
async function heldSession(options: { complete?: boolean } = {}) {
  const h = await harness();
  await h.workflow.webhookEndpoints.create(platform, {
    url: 'https://hooks.example.test/gl',
    events: ['booking.no_show_reported', 'booking.disputed', 'booking.refunded'],
  });
  const booking = await h.book();
  await h.workflow.bookings.approve(as(MENTOR), booking.id);
  h.clock.set(after(1));
  if (options.complete ?? true) expect((await h.workflow.sweep()).completed).toBe(1);
  const report = (who: string, input: { absent?: 'mentor' | 'mentee'; note?: string } = {}) =>
    h.workflow.bookings.reportNoShow(who === 'platform' ? platform : as(who), booking.id, {
      note: 'Waited twenty minutes in the call',
      ...input,
    } as never);
  const webhooks = async () =>
    (await h.effects({ kind: 'deliver_webhook' })).flatMap((e) =>
      e.payload.kind === 'deliver_webhook' ? [e.payload.event.type] : [],
    );
  return { h, booking, report, webhooks };
}

describe('after the session', () => {
  it('the sweep completes a session at its end; it stays reportable', async () => {
    const { h, booking } = await heldSession();
    expect((await h.workflow.bookings.get(as(MENTEE), booking.id)).status).toBe('completed');
  });

  it('a mentor no-show, reported by the mentee, ends it as no_show and refunds the mentee once', async () => {
    const { h, booking, report, webhooks } = await heldSession();
    const reported = await report(MENTEE);
    expect(reported).toMatchObject({
      status: 'no_show',
      noShow: {
        absent: 'mentor',
        disputed: false,
        reports: [
          {
            by: 'mentee',
            actor: MENTEE,
            absent: 'mentor',
            note: 'Waited twenty minutes in the call',
            at: after(1),
          },
        ],
      },
      refund: { status: 'pending', amount: 5000, currency: 'USD' },
    });
    expect(reported.history.at(-1)).toMatchObject({
      event: 'no_show_reported',
      from: 'completed',
      to: 'no_show',
      absent: 'mentor',
      reason: 'Waited twenty minutes in the call',
    });
    const refunds = await h.effects({ kind: 'refund' });
    expect(refunds.map((e) => [e.idempotencyKey, e.payload])).toEqual([
      [
        `refund:${booking.id}`,
        {
          kind: 'refund',
          bookingId: booking.id,
          amount: { amount: 5000, currency: 'USD' },
          reason: 'the mentor did not show up',
        },
      ],
    ]);
    expect(await webhooks()).toEqual(['booking.no_show_reported']);
    const bell = (await h.notificationsOf(MENTOR)).find((n) => n.kind === 'no_show_reported');
    expect(bell?.title).toBe('Theo Mentee reported that you did not show up');

    // The mentor agrees: still one refund, no dispute.
    const agreed = await report(MENTOR, { absent: 'mentor', note: 'Sorry, I was ill' });
    expect(agreed.noShow).toMatchObject({ absent: 'mentor', disputed: false });
    expect(agreed.history.at(-1)?.to).toBeUndefined();
    await h.drain();
    expect(h.ports.refundsIssued.size).toBe(1);
    expect((await h.effects({ kind: 'refund' })).map((e) => e.status)).toEqual(['done']);
    expect((await h.workflow.bookings.get(as(MENTEE), booking.id)).refund?.status).toBe('succeeded');
  });

  it('a mentee no-show refunds nothing and counts in the mentee’s history and red flags', async () => {
    const { h, booking, report } = await heldSession();
    const reported = await report(MENTOR);
    expect(reported).toMatchObject({ status: 'no_show', noShow: { absent: 'mentee' }, refund: null });
    expect(await h.effects({ kind: 'refund' })).toEqual([]);
    const mentee = (await h.notificationsOf(MENTEE)).find((n) => n.kind === 'no_show_reported');
    expect(mentee?.title).toBe('Maya Mentor reported that you did not show up');

    const next = await h.book({ start: '2026-12-09T10:00:00Z' });
    const review = await h.workflow.bookings.review(as(MENTOR), next.id);
    expect(review.mentee.history).toMatchObject({ missedSessions: 1, noShowReports: 0, priorSessions: 0 });
    expect(review.redFlags.map((f) => f.code)).toEqual(['missed_sessions']);
    expect(review.redFlags[0]?.detail).toBe(
      'Did not show up to 1 session before, as their mentors reported.',
    );
    const stats = await h.workflow.users.mentorStats(as(MENTOR), MENTOR);
    expect(stats).toMatchObject({ completedSessions: 0, mentorNoShows: 0, menteeNoShows: 1 });
    expect(booking.status).toBe('pending');
  });

  it('a session reported before the completion sweep reached it ends as no_show, and the sweep leaves it', async () => {
    const { h, report } = await heldSession({ complete: false });
    expect((await report(MENTEE)).status).toBe('no_show');
    expect((await h.workflow.sweep()).completed).toBe(0);
  });

  it('reports that name each side absent are a dispute: no refund, the platform hears', async () => {
    const { h, report, webhooks } = await heldSession();
    await report(MENTOR, { note: 'Never joined' });
    const disputed = await report(MENTEE, { note: 'I was there, they were not' });
    expect(disputed.noShow).toMatchObject({ absent: null, disputed: true });
    expect(disputed.refund).toBeNull();
    expect(disputed.history.at(-1)).toMatchObject({ event: 'no_show_reported', disputed: true });
    expect(await h.effects({ kind: 'refund' })).toEqual([]);
    expect(await webhooks()).toEqual([
      'booking.no_show_reported',
      'booking.no_show_reported',
      'booking.disputed',
    ]);
    const told = (await h.notificationsOf(MENTOR)).find((n) => n.kind === 'no_show_reported');
    expect(told?.body).toContain('the platform will look into it');
    const stats = await h.workflow.users.mentorStats(as(MENTOR), MENTOR);
    expect(stats).toMatchObject({ mentorNoShows: 0, menteeNoShows: 0 });
  });

  it('each side reports once', async () => {
    const { report } = await heldSession();
    await report(MENTEE);
    const again = await report(MENTEE, { note: 'Still nobody' }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(InvalidTransitionError);
    expect((again as Error).message).toBe(
      'the mentee already reported a no-show for this session; each side reports once',
    );
  });

  it('only from the session’s end until 48 hours after it, saying which', async () => {
    const h = await harness();
    const booking = await h.book();
    const early = await h.workflow.bookings
      .reportNoShow(as(MENTEE), booking.id, { note: 'x' })
      .catch((e: unknown) => e);
    expect((early as Error).message).toBe('cannot report a no-show for a booking that is pending');
    await h.workflow.bookings.approve(as(MENTOR), booking.id);
    h.clock.set('2026-12-02T10:30:00.000Z');
    const during = await h.workflow.bookings
      .reportNoShow(as(MENTEE), booking.id, { note: 'x' })
      .catch((e: unknown) => e);
    expect(during).toBeInstanceOf(InvalidTransitionError);
    expect((during as Error).message).toBe(
      `cannot report a no-show before the session has ended (it ends ${END})`,
    );
    h.clock.set(after(48));
    await h.workflow.sweep();
    const late = await h.workflow.bookings
      .reportNoShow(as(MENTEE), booking.id, { note: 'x' })
      .catch((e: unknown) => e);
    expect(late).toMatchObject({ status: 409, currentStatus: 'completed' });
    expect((late as Error).message).toBe(
      `no-shows can be reported until 48 h after the session's end; this one ended ${END}, so the window closed ${after(48)}`,
    );
    h.clock.set(after(47.9));
    await expect(
      h.workflow.bookings.reportNoShow(as(MENTEE), booking.id, { note: 'x' }),
    ).resolves.toMatchObject({
      status: 'no_show',
    });
  });

  it('needs a note, the platform names who was absent, and a stranger gets 404', async () => {
    const { h, booking, report } = await heldSession();
    const empty = await report(MENTEE, { note: '  ' }).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(ValidationError);
    expect((empty as ValidationError).errors?.map((e) => e.path)).toEqual(['note']);
    const unnamed = await report('platform').catch((e: unknown) => e);
    expect((unnamed as ValidationError).errors).toEqual([
      {
        path: 'absent',
        message: 'is required when the platform reports: name who did not show up (mentor or mentee)',
      },
    ]);
    await expect(
      h.workflow.bookings.reportNoShow(as(STRANGER), booking.id, { note: 'x' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const byPlatform = await report('platform', { absent: 'mentee' });
    expect(byPlatform.noShow?.reports[0]).toMatchObject({
      by: 'platform',
      actor: 'platform',
      absent: 'mentee',
    });
    expect((await h.notificationsOf(MENTEE)).find((n) => n.kind === 'no_show_reported')?.title).toBe(
      'No-show recorded for your session with Maya Mentor',
    );
  });

  it('a returning-mentee rule set no longer approves a mentee reported absent from a session', async () => {
    const { h, report } = await heldSession();
    await h.workflow.users.updateSettings(as(MENTOR), MENTOR, {
      autoApprovalRules: [{ id: 'returning', name: 'Returning mentees', minCompletedSessions: 1 }],
    });
    const second = await h.book({ start: '2026-12-09T10:00:00Z' });
    expect(second.status).toBe('approved');
    await report(MENTOR);
    const third = await h.book({ start: '2026-12-10T10:00:00Z' });
    expect(third.status).toBe('pending');
  });

  it('mentor stats count completed sessions and both sides’ no-shows', async () => {
    const { h } = await heldSession();
    const stats = await h.workflow.users.mentorStats(as(MENTOR), MENTOR);
    expect(stats).toMatchObject({ completedSessions: 1, mentorNoShows: 0, menteeNoShows: 0 });
  });
});
