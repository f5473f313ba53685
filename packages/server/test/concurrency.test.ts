import type { Booking } from '@greenlight/core/contract';
import { describe, expect } from 'vitest';
import { book, hoursFromNow, pair } from './harness';
import { STORES, useHarness } from './suite';

describe.each(STORES)('concurrency over HTTP (%s)', (kind) => {
  const { test } = useHarness(kind);

  test('50 concurrent approve/reject calls on one booking: exactly one succeeds, the rest get 409', async (h) => {
    const ids = await pair(h);
    const booking = await book(h, ids);
    const token = await h.token(ids.mentorId);
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? h.call('POST', `/v1/bookings/${booking.id}/approve`, {}, { token })
          : h.call(
              'POST',
              `/v1/bookings/${booking.id}/reject`,
              { reason: 'Schedule conflict that week' },
              { token },
            ),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const reply of replies.filter((r) => r.status === 409)) {
      expect(['invalid_transition', 'version_conflict']).toContain(reply.body.code);
    }
    const winner = replies.find((r) => r.status === 200)!.body as Booking;
    const stored = (await h.call<Booking>('GET', `/v1/bookings/${booking.id}`)).body;
    expect(stored.status).toBe(winner.status);
    expect(stored.version).toBe(booking.version + 1);
    expect(stored.history.filter((e) => e.to === 'approved' || e.to === 'rejected')).toHaveLength(1);
  });

  test('concurrent approvals of overlapping bookings leave one approved session', async (h) => {
    const ids = await pair(h);
    const start = hoursFromNow(24 * 50);
    const bookings: Booking[] = [];
    for (let i = 0; i < 8; i++) {
      const other = await pair(h);
      await h.call('PUT', `/v1/users/${other.menteeId}`, {
        name: `M${i}`,
        email: `m${i}@example.com`,
        timezone: 'UTC',
      });
      bookings.push(
        await book(
          h,
          { mentorId: ids.mentorId, menteeId: other.menteeId },
          { start: new Date(Date.parse(start) + i * 5 * 60_000).toISOString() },
        ),
      );
    }
    const replies = await Promise.all(
      bookings.map((b) => h.call('POST', `/v1/bookings/${b.id}/approve`, {}, { as: ids.mentorId })),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409).every((r) => r.body.code === 'slot_conflict')).toBe(true);
  });

  test('concurrent duplicates with one Idempotency-Key run once and all get the first response', async (h) => {
    const ids = await pair(h);
    const body = {
      mentorId: ids.mentorId,
      menteeId: ids.menteeId,
      start: hoursFromNow(24 * 60),
      durationMinutes: 45,
      price: { amount: 2500, currency: 'EUR' },
    };
    const key = `create-${ids.menteeId}`;
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.call<Booking>('POST', '/v1/bookings', body, { headers: { 'idempotency-key': key } }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(replies.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    const listed = await h.call('GET', `/v1/bookings?mentorId=${ids.mentorId}`);
    expect(listed.body.data).toHaveLength(1);
  });
});
