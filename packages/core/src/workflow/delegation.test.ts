import { describe, expect, it } from 'vitest';
import { as, harness, MENTEE, MENTOR, OTHER_MENTEE, platform, STRANGER } from '../../test/harness';
import {
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  SlotConflictError,
  ValidationError,
} from '../errors';

/** The mentor with `STRANGER` as their assistant, and a pending booking. */
async function assisted() {
  const h = await harness();
  const granted = await h.workflow.users.grantDelegate(as(MENTOR), MENTOR, { assistantId: STRANGER });
  const booking = await h.book();
  return {
    h,
    granted,
    booking,
    assistant: { kind: 'user' as const, userId: STRANGER, channel: 'web' as const },
  };
}

describe('assistants deciding for a mentor', () => {
  it('an assistant approves as the mentor’s side, recorded as by them for the mentor', async () => {
    const { h, granted, booking, assistant } = await assisted();
    expect(granted).toEqual({
      delegation: { mentorId: MENTOR, assistantId: STRANGER, createdAt: '2026-11-30T08:00:00.000Z' },
      created: true,
    });
    const approved = await h.workflow.bookings.approve(assistant, booking.id);
    expect(approved.history.at(-1)).toEqual({
      at: '2026-11-30T08:00:00.000Z',
      actor: STRANGER,
      onBehalfOf: MENTOR,
      event: 'approved',
      channel: 'web',
      from: 'pending',
      to: 'approved',
    });
    // The notifications go to the mentor, as for the mentor's own decision.
    expect((await h.notificationsOf(MENTOR)).map((n) => n.kind)).toContain('booking_approved');
    expect(await h.notificationsOf(STRANGER)).toEqual([]);
  });

  it('an assistant sees the booking with the mentor’s review, lists the mentor’s bookings, rejects, suggests and writes', async () => {
    const { h, booking, assistant } = await assisted();
    expect((await h.workflow.bookings.get(assistant, booking.id)).review?.mentee.id).toBe(MENTEE);
    const listed = await h.workflow.bookings.list(assistant, { mentorId: MENTOR });
    expect(listed.data.map((b) => b.id)).toEqual([booking.id]);
    const message = await h.workflow.messages.post(assistant, booking.id, {
      body: 'Maya asked me to ask: CV?',
    });
    expect(message).toMatchObject({ authorId: STRANGER, from: 'mentor', onBehalfOf: MENTOR });
    expect(await h.workflow.messages.unread(as(MENTEE))).toMatchObject({ total: 1 });
    await h.workflow.messages.post(as(MENTEE), booking.id, { body: 'Yes, attached.' });
    expect(await h.workflow.messages.unread(assistant)).toMatchObject({
      total: 1,
      bookings: [{ bookingId: booking.id }],
    });
    const suggested = await h.workflow.bookings.suggest(assistant, booking.id, {
      start: '2026-12-03T10:00:00Z',
    });
    expect(suggested.history.at(-1)).toMatchObject({
      actor: STRANGER,
      onBehalfOf: MENTOR,
      event: 'alternative_suggested',
    });
    const other = await h.book({ start: '2026-12-04T10:00:00Z' }, OTHER_MENTEE);
    const rejected = await h.workflow.bookings.reject(assistant, other.id, {
      reason: 'Schedule conflict that week',
    });
    expect(rejected.history.at(-1)).toMatchObject({ actor: STRANGER, onBehalfOf: MENTOR, event: 'rejected' });
  });

  it('an assistant decides only as the mentor: not for the mentee, not the mentor’s settings', async () => {
    const { h, booking, assistant } = await assisted();
    await h.workflow.bookings.suggest(as(MENTOR), booking.id, { start: '2026-12-03T10:00:00Z' });
    await expect(h.workflow.bookings.acceptProposal(assistant, booking.id)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      h.workflow.users.updateSettings(assistant, MENTOR, { autoApprove: true }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      h.workflow.users.grantDelegate(assistant, MENTOR, { assistantId: OTHER_MENTEE }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('the mentor, the assistant and the mentees of the mentor’s bookings see each other’s profiles, as long as the grant holds', async () => {
    const { h, assistant } = await assisted();
    const names = async (viewer: string, ids: string[]) =>
      Promise.all(
        ids.map((id) =>
          h.workflow.users.get(viewer === STRANGER ? assistant : as(viewer), id).then(
            (user) => user.name,
            (error: unknown) => (error instanceof NotFoundError ? 404 : error),
          ),
        ),
      );
    // The mentee of the mentor's booking, and the mentor, for "Sam for Maya" on the assistant's screens.
    expect(await names(STRANGER, [MENTOR, MENTEE, OTHER_MENTEE])).toEqual([
      'Maya Mentor',
      'Theo Mentee',
      404,
    ]);
    // Who acted for the mentor, for the mentor and for the mentee.
    expect(await names(MENTOR, [STRANGER])).toEqual(['Sam Stranger']);
    expect(await names(MENTEE, [STRANGER])).toEqual(['Sam Stranger']);
    // Someone without a booking with the mentor does not see the assistant, nor the assistant them.
    expect(await names(OTHER_MENTEE, [STRANGER])).toEqual([404]);
    await h.workflow.users.revokeDelegate(as(MENTOR), MENTOR, STRANGER);
    expect(await names(STRANGER, [MENTOR, MENTEE])).toEqual([404, 404]);
    expect(await names(MENTEE, [STRANGER])).toEqual([404]);
  });

  it('a revoked assistant is a stranger again: 404 on the booking, 403 on the mentor’s list', async () => {
    const { h, booking, assistant } = await assisted();
    await h.workflow.users.revokeDelegate(as(MENTOR), MENTOR, STRANGER);
    await expect(h.workflow.bookings.get(assistant, booking.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(h.workflow.bookings.approve(assistant, booking.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(h.workflow.messages.list(assistant, booking.id, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(h.workflow.bookings.list(assistant, { mentorId: MENTOR })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(h.workflow.users.revokeDelegate(as(MENTOR), MENTOR, STRANGER)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('grants are the mentor’s (or the platform’s), once per assistant, to someone else who exists', async () => {
    const h = await harness();
    await h.workflow.users.grantDelegate(platform, MENTOR, { assistantId: STRANGER });
    const again = await h.workflow.users.grantDelegate(as(MENTOR), MENTOR, { assistantId: STRANGER });
    expect(again.created).toBe(false);
    expect((await h.workflow.users.listDelegates(as(MENTOR), MENTOR)).data.map((d) => d.assistantId)).toEqual(
      [STRANGER],
    );
    expect(
      (await h.workflow.users.listAssisting(as(STRANGER), STRANGER)).data.map((d) => d.mentorId),
    ).toEqual([MENTOR]);
    await expect(
      h.workflow.users.grantDelegate(as(MENTEE), MENTOR, { assistantId: MENTEE }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(h.workflow.users.listDelegates(as(STRANGER), MENTOR)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(h.workflow.users.listAssisting(as(MENTOR), STRANGER)).rejects.toBeInstanceOf(ForbiddenError);
    const self = await h.workflow.users
      .grantDelegate(as(MENTOR), MENTOR, { assistantId: MENTOR })
      .catch((e: unknown) => e);
    expect((self as ValidationError).errors?.[0]?.path).toBe('assistantId');
    await expect(
      h.workflow.users.grantDelegate(as(MENTOR), MENTOR, { assistantId: 'usr_nobody' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('deciding several bookings at once', () => {
  it('each decision is its own transition: one that fails leaves the others done, each outcome reported in order', async () => {
    const h = await harness();
    const a = await h.book({ start: '2026-12-02T10:00:00Z' });
    const b = await h.book({ start: '2026-12-02T10:30:00Z' }, OTHER_MENTEE);
    const c = await h.book({ start: '2026-12-05T10:00:00Z' });
    const rejectedAlready = await h.book({ start: '2026-12-06T10:00:00Z' });
    await h.workflow.bookings.reject(as(MENTOR), rejectedAlready.id, {
      reason: 'Schedule conflict that week',
    });
    const theirs = await h.workflow.bookings.request(platform, {
      mentorId: OTHER_MENTEE,
      menteeId: MENTEE,
      start: '2026-12-07T10:00:00Z',
      durationMinutes: 60,
      price: { amount: 100, currency: 'USD' },
    });

    const outcomes = await h.workflow.bookings.decideMany(as(MENTOR), {
      decisions: [
        { bookingId: a.id, action: 'approve' },
        { bookingId: b.id, action: 'approve' },
        {
          bookingId: c.id,
          action: 'reject',
          reason: 'Outside my expertise, sorry',
          category: 'outside_expertise',
        },
        { bookingId: rejectedAlready.id, action: 'approve' },
        { bookingId: theirs.id, action: 'approve' },
        { bookingId: 'bkg_missing', action: 'reject', reason: 'Not for me, sorry' },
      ],
    });
    expect(outcomes.map((o) => o.bookingId)).toEqual([
      a.id,
      b.id,
      c.id,
      rejectedAlready.id,
      theirs.id,
      'bkg_missing',
    ]);
    const [first, overlap, third, again, foreign, missing] = outcomes;
    expect('booking' in first! && first.booking.status).toBe('approved');
    // b overlaps a, which was approved first.
    expect('error' in overlap! && overlap.error).toBeInstanceOf(SlotConflictError);
    expect('booking' in third! && third.booking).toMatchObject({
      status: 'rejected',
      rejection: { category: 'outside_expertise' },
    });
    expect('error' in again! && again.error).toBeInstanceOf(InvalidTransitionError);
    expect('error' in foreign! && foreign.error).toBeInstanceOf(NotFoundError);
    expect('error' in missing! && missing.error).toBeInstanceOf(NotFoundError);
    expect((await h.workflow.bookings.get(as(MENTOR), b.id)).status).toBe('pending');
  });

  it('an assistant decides the mentor’s bookings in one go; the mentee cannot', async () => {
    const { h, booking, assistant } = await assisted();
    const [outcome] = await h.workflow.bookings.decideMany(assistant, {
      decisions: [{ bookingId: booking.id, action: 'approve', force: true }],
    });
    expect(outcome && 'booking' in outcome && outcome.booking.history.at(-1)).toMatchObject({
      actor: STRANGER,
      onBehalfOf: MENTOR,
      force: true,
    });
    const other = await h.book({ start: '2026-12-05T10:00:00Z' });
    const [asMentee] = await h.workflow.bookings.decideMany(as(MENTEE), {
      decisions: [{ bookingId: other.id, action: 'approve' }],
    });
    expect(asMentee && 'error' in asMentee && asMentee.error).toBeInstanceOf(ForbiddenError);
  });

  it('refuses the whole request when a decision is malformed, naming it', async () => {
    const h = await harness();
    const bad = async (decisions: unknown) => {
      const error = await h.workflow.bookings
        .decideMany(as(MENTOR), { decisions } as never)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).errors?.map((e) => e.path);
    };
    expect(await bad([])).toEqual(['decisions']);
    expect(await bad([{ bookingId: 'bkg_1', action: 'reject', reason: 'no' }])).toEqual([
      'decisions[0].reason',
    ]);
    expect(await bad([{ bookingId: 'bkg_1', action: 'cancel' }])).toEqual(['decisions[0].action']);
    expect(
      await bad([
        { bookingId: 'bkg_1', action: 'approve' },
        { bookingId: 'bkg_1', action: 'reject', reason: 'Schedule conflict that day' },
      ]),
    ).toEqual(['decisions[1].bookingId']);
    expect(
      await bad(Array.from({ length: 51 }, (_, i) => ({ bookingId: `bkg_${i}`, action: 'approve' }))),
    ).toEqual(['decisions']);
    expect(await bad([{ bookingId: 'bkg_1', action: 'approve', reason: 'x' }])).toEqual(['decisions[0]']);
  });
});
