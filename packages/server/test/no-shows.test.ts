import type { Booking } from '@greenlight/core/contract';
import { describe, expect } from 'vitest';
import { book, endedAnHourAgo, type Harness, pair } from './harness';
import { STORES, useHarness } from './suite';

async function endedSession(h: Harness) {
  const ids = await pair(h);
  const booking = await book(h, ids, { paymentRef: `pi_noshow_${Date.now()}_${Math.random()}` });
  await h.call('POST', `/v1/bookings/${booking.id}/approve`, {}, { as: ids.mentorId });
  await endedAnHourAgo(h, booking.id);
  const report = (as: string, body: unknown) =>
    h.call<Booking & { code?: string; detail?: string; errors?: unknown }>(
      'POST',
      `/v1/bookings/${booking.id}/no-show`,
      body,
      { as },
    );
  return { ids, booking, report };
}

describe.each(STORES)('no-shows over HTTP (%s)', (kind) => {
  const { test } = useHarness(kind);

  test('a mentor no-show reported by the mentee refunds the mentee once; the mentor’s agreement changes nothing', async (h) => {
    const { ids, booking, report } = await endedSession(h);
    const reported = await report(ids.menteeId, { note: 'Waited 20 minutes' });
    expect(reported.status).toBe(200);
    expect(reported.body).toMatchObject({
      status: 'no_show',
      noShow: {
        absent: 'mentor',
        disputed: false,
        reports: [{ by: 'mentee', absent: 'mentor', channel: 'api' }],
      },
      refund: { status: 'pending', amount: 5000 },
    });
    await h.drain();
    const agreed = await report(ids.mentorId, { absent: 'mentor', note: 'I missed it, sorry' });
    expect(agreed.body.noShow).toMatchObject({ absent: 'mentor', disputed: false });
    await h.drain();
    const refunds = await h.server.runtime.store.transaction(async (tx) =>
      (['pending', 'done', 'dead'] as const).map(async (status) =>
        (await tx.listEffects({ status, bookingId: booking.id, limit: 100 })).data.filter(
          (e) => e.payload.kind === 'refund',
        ),
      ),
    );
    expect((await Promise.all(refunds)).flat().map((e) => [e.idempotencyKey, e.status])).toEqual([
      [`refund:${booking.id}`, 'done'],
    ]);
    const stats = await h.call('GET', `/v1/users/${ids.mentorId}/mentor-stats`);
    expect(stats.body).toMatchObject({ mentorNoShows: 1, menteeNoShows: 0, completedSessions: 0 });
  });

  test('a dispute refunds nothing and is announced to the platform; each side reports once', async (h) => {
    const { ids, report } = await endedSession(h);
    await report(ids.mentorId, { note: 'Never joined' });
    const disputed = await report(ids.menteeId, { note: 'I was there all along' });
    expect(disputed.body).toMatchObject({ noShow: { absent: null, disputed: true }, refund: null });
    const again = await report(ids.menteeId, { note: 'Really' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'invalid_transition', currentStatus: 'no_show' });
  });

  test('before the end, on a pending booking, or without a note: refused with the reason', async (h) => {
    const ids = await pair(h);
    const pending = await book(h, ids);
    const onPending = await h.call(
      'POST',
      `/v1/bookings/${pending.id}/no-show`,
      { note: 'x' },
      { as: ids.menteeId },
    );
    expect(onPending.status).toBe(409);
    expect(onPending.body.detail).toBe('cannot report a no-show for a booking that is pending');
    await h.call('POST', `/v1/bookings/${pending.id}/approve`, {}, { as: ids.mentorId });
    const early = await h.call(
      'POST',
      `/v1/bookings/${pending.id}/no-show`,
      { note: 'x' },
      { as: ids.menteeId },
    );
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/^cannot report a no-show before the session has ended/);

    const ended = await endedSession(h);
    for (const [body, path] of [
      [{}, 'note'],
      [{ note: '   ' }, 'note'],
      [{ note: 'x'.repeat(1001) }, 'note'],
      [{ note: 'x', absent: 'both' }, 'absent'],
      [{ note: 'x', extra: true }, '(body)'],
    ] as const) {
      const reply = await ended.report(ended.ids.menteeId, body);
      expect(reply.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect((reply.body.errors as Array<{ path: string }>).map((e) => e.path)).toContain(path);
    }
    const unnamed = await h.call('POST', `/v1/bookings/${ended.booking.id}/no-show`, { note: 'Nobody came' });
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.errors).toEqual([
      {
        path: 'absent',
        message: 'is required when the platform reports: name who did not show up (mentor or mentee)',
      },
    ]);
  });
});
