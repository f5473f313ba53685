import { describe, expect, it } from 'vitest';
import { aBooking } from '../../test/policy-fixtures';
import { ManualClock } from '../clock';
import type { Booking } from '../contract/bookings';
import type { NewEffect } from '../effects';
import { ValidationError, VersionConflictError } from '../errors';
import { InMemoryStore } from './in-memory-store';

const AT = '2026-11-30T08:00:00.000Z';

function booking(id: string, overrides: Partial<Booking> = {}): Booking {
  return aBooking({
    id,
    mentorId: 'usr_m',
    menteeId: 'usr_e',
    start: '2026-12-02T10:00:00.000Z',
    price: { amount: 100, currency: 'USD' },
    paymentRef: null,
    createdAt: AT,
    history: [],
    ...overrides,
  });
}

const effect = (id: string, key: string, runAt = AT): NewEffect => ({
  id,
  idempotencyKey: key,
  payload: { kind: 'create_meeting', bookingId: 'bkg_1' },
  runAt,
  maxAttempts: 3,
});

describe('InMemoryStore', () => {
  it('rolls back every write of a transaction that throws', async () => {
    const store = new InMemoryStore();
    await expect(
      store.transaction(async (tx) => {
        await tx.insertBooking(booking('bkg_1'));
        await tx.enqueueEffects([effect('eff_1', 'k1')]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await store.transaction(async (tx) => {
      expect(await tx.getBooking('bkg_1')).toBeNull();
      expect(await tx.getEffect('eff_1')).toBeNull();
    });
    // The key of a rolled-back effect is free again.
    await store.transaction((tx) => tx.enqueueEffects([effect('eff_2', 'k1')]));
    expect(await store.transaction((tx) => tx.getEffect('eff_2'))).not.toBeNull();
  });

  it('lets a transaction read its own writes, and hands out copies only', async () => {
    const store = new InMemoryStore();
    await store.transaction(async (tx) => {
      await tx.insertBooking(booking('bkg_1'));
      const read = await tx.getBooking('bkg_1');
      read!.status = 'approved';
      expect((await tx.getBooking('bkg_1'))?.status).toBe('pending');
    });
  });

  it('runs transactions one at a time', async () => {
    const store = new InMemoryStore();
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        store.transaction(async () => {
          order.push(`${name}:start`);
          await new Promise((resolve) => setTimeout(resolve, 1));
          order.push(`${name}:end`);
        }),
      ),
    );
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });

  it('updates a booking only at the expected version', async () => {
    const store = new InMemoryStore();
    await store.transaction((tx) => tx.insertBooking(booking('bkg_1')));
    await store.transaction((tx) => tx.updateBooking(booking('bkg_1', { version: 2 }), 1));
    await expect(
      store.transaction((tx) => tx.updateBooking(booking('bkg_1', { version: 2, status: 'rejected' }), 1)),
    ).rejects.toBeInstanceOf(VersionConflictError);
    expect((await store.transaction((tx) => tx.getBooking('bkg_1')))?.status).toBe('pending');
  });

  it('skips effects whose idempotency key exists, in the outbox or the same batch', async () => {
    const store = new InMemoryStore();
    await store.transaction((tx) =>
      tx.enqueueEffects([effect('eff_1', 'refund:bkg_1'), effect('eff_2', 'refund:bkg_1')]),
    );
    await store.transaction((tx) => tx.enqueueEffects([effect('eff_3', 'refund:bkg_1')]));
    const page = await store.transaction((tx) => tx.listEffects({ status: 'pending', limit: 10 }));
    expect(page.data.map((e) => e.id)).toEqual(['eff_1']);
    expect(page.data[0]).toMatchObject({
      bookingId: 'bkg_1',
      attempts: 0,
      lockedUntil: null,
      createdAt: expect.any(String),
    });
  });

  it('claims due effects until the lease lapses', async () => {
    const clock = new ManualClock(AT);
    const store = new InMemoryStore({ clock });
    await store.transaction((tx) =>
      tx.enqueueEffects([effect('eff_1', 'a'), effect('eff_2', 'b', '2026-11-30T09:00:00.000Z')]),
    );
    const lease = '2026-11-30T08:05:00.000Z';
    const first = await store.transaction((tx) => tx.claimEffects(AT, 10, lease));
    expect(first.map((e) => [e.id, e.lockedUntil])).toEqual([['eff_1', lease]]);
    expect(await store.transaction((tx) => tx.claimEffects('2026-11-30T08:04:59.000Z', 10, lease))).toEqual(
      [],
    );
    const again = await store.transaction((tx) =>
      tx.claimEffects('2026-11-30T08:05:00.000Z', 10, '2026-11-30T08:10:00.000Z'),
    );
    expect(again.map((e) => e.id)).toEqual(['eff_1']);
  });

  it('finds due bookings by kind, earliest deadline first', async () => {
    const store = new InMemoryStore();
    await store.transaction(async (tx) => {
      await tx.insertBooking(booking('bkg_late', { expiresAt: '2026-12-07T08:00:00.000Z' }));
      await tx.insertBooking(
        booking('bkg_started', { start: '2026-12-01T00:00:00.000Z', end: '2026-12-01T01:00:00.000Z' }),
      );
      await tx.insertBooking(booking('bkg_approved', { status: 'approved' }));
      await tx.insertBooking(booking('bkg_reminded', { remindedAt: AT }));
    });
    const expire = await store.transaction((tx) => tx.dueBookings('expire', '2026-12-08T00:00:00.000Z', 10));
    expect(expire.map((b) => b.id)).toEqual(['bkg_started', 'bkg_late', 'bkg_reminded']);
    const remind = await store.transaction((tx) => tx.dueBookings('remind', '2026-12-01T08:00:00.000Z', 10));
    expect(remind.map((b) => b.id)).toEqual(['bkg_late', 'bkg_started']);
    const complete = await store.transaction((tx) =>
      tx.dueBookings('complete', '2026-12-02T11:00:00.000Z', 10),
    );
    expect(complete.map((b) => b.id)).toEqual(['bkg_approved']);
  });

  it('pages bookings with opaque cursors and refuses a forged one', async () => {
    const store = new InMemoryStore();
    await store.transaction(async (tx) => {
      for (let i = 1; i <= 3; i++) {
        await tx.insertBooking(
          booking(`bkg_${i}`, { start: `2026-12-0${i}T10:00:00.000Z`, end: `2026-12-0${i}T11:00:00.000Z` }),
        );
      }
    });
    const first = await store.transaction((tx) => tx.listBookings({ limit: 2 }));
    expect(first.data.map((b) => b.id)).toEqual(['bkg_1', 'bkg_2']);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await store.transaction((tx) => tx.listBookings({ limit: 2, cursor: first.nextCursor! }));
    expect(second).toEqual({ data: [expect.objectContaining({ id: 'bkg_3' })], nextCursor: null });
    await expect(
      store.transaction((tx) => tx.listBookings({ limit: 2, cursor: 'Zm9v' })),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('stores idempotency records once per scope and key', async () => {
    const store = new InMemoryStore();
    const record = { scope: 'platform', key: 'k', requestHash: 'h', status: 201, body: '{}', createdAt: AT };
    expect(await store.transaction((tx) => tx.putIdempotency(record))).toBe(true);
    expect(await store.transaction((tx) => tx.putIdempotency({ ...record, body: '[]' }))).toBe(false);
    expect(await store.transaction((tx) => tx.putIdempotency({ ...record, scope: 'usr_1' }))).toBe(true);
    expect((await store.transaction((tx) => tx.getIdempotency('platform', 'k')))?.body).toBe('{}');
  });

  it('refuses transactions once closed', async () => {
    const store = new InMemoryStore();
    await store.close();
    await expect(store.transaction(async () => 1)).rejects.toThrow('closed');
  });
});
