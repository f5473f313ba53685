import { describe, expect, it } from 'vitest';
import { as, harness, MENTEE, MENTOR, OTHER_MENTEE, platform } from '../../test/harness';
import { PortError } from '../errors';
import type { InMemoryStore } from '../memory/in-memory-store';
import type { BookingStore } from '../ports';
import { createWorkflow } from './create-workflow';
import { purgeExpired, SWEEP_BATCH, SWEEP_CONCURRENCY } from './sweep';

const HOUR = 3_600_000;

describe('sweep', () => {
  it('reminds the mentor once, reminderLeadHours before respondBy', async () => {
    const h = await harness();
    await h.workflow.webhookEndpoints.create(platform, {
      url: 'https://h.example.test',
      events: ['booking.response_due'],
    });
    const pending = await h.book({ start: '2026-12-05T10:00:00Z' });
    h.clock.advance(19 * HOUR);
    expect(await h.workflow.sweep()).toEqual({ expired: 0, reminded: 0, completed: 0 });
    h.clock.advance(HOUR);
    expect(await h.workflow.sweep()).toEqual({ expired: 0, reminded: 1, completed: 0 });
    expect(await h.workflow.sweep()).toEqual({ expired: 0, reminded: 0, completed: 0 });
    const reminded = await h.workflow.bookings.get(as(MENTOR), pending.id);
    expect(reminded.remindedAt).toBe('2026-12-01T04:00:00.000Z');
    expect(reminded.history.at(-1)).toMatchObject({ event: 'reminded', actor: 'system' });
    expect((await h.notificationsOf(MENTOR)).map((n) => n.kind)).toEqual([
      'response_due',
      'booking_requested',
    ]);
    const hooks = await h.effects({ kind: 'deliver_webhook' });
    expect(hooks.map((e) => e.payload.kind === 'deliver_webhook' && e.payload.event.type)).toEqual([
      'booking.response_due',
    ]);
  });

  it('reminds again after a counter-proposal resets respondBy', async () => {
    const h = await harness();
    const pending = await h.book({ start: '2026-12-06T10:00:00Z' });
    h.clock.advance(20 * HOUR);
    await h.workflow.sweep();
    await h.workflow.bookings.suggest(as(MENTOR), pending.id, { start: '2026-12-06T12:00:00Z' });
    const countered = await h.workflow.bookings.counter(as(MENTEE), pending.id, {
      start: '2026-12-06T14:00:00Z',
    });
    expect(countered).toMatchObject({ remindedAt: null, respondBy: '2026-12-02T04:00:00.000Z' });
    h.clock.advance(20 * HOUR);
    expect((await h.workflow.sweep()).reminded).toBe(1);
  });

  it('expires undecided bookings 7 days after they were made, with a refund', async () => {
    const h = await harness();
    const pending = await h.book({ start: '2026-12-20T10:00:00Z' });
    const suggested = await h.book({ start: '2026-12-21T10:00:00Z' }, OTHER_MENTEE);
    await h.workflow.bookings.suggest(as(MENTOR), suggested.id, { start: '2026-12-22T10:00:00Z' });
    h.clock.set('2026-12-07T07:59:59Z');
    expect((await h.workflow.sweep()).expired).toBe(0);
    h.clock.set('2026-12-07T08:00:00Z');
    expect((await h.workflow.sweep()).expired).toBe(2);
    for (const id of [pending.id, suggested.id]) {
      const b = await h.workflow.bookings.get(platform, id);
      expect(b).toMatchObject({ status: 'expired', refund: { status: 'pending', amount: 5000 } });
      expect(b.history.at(-1)).toMatchObject({
        event: 'expired',
        actor: 'system',
        reason: expect.stringContaining('7 days'),
      });
    }
    expect(await h.effects({ kind: 'refund' })).toHaveLength(2);
    expect((await h.notificationsOf(MENTEE)).map((n) => n.kind)).toContain('booking_expired');
  });

  it('expires a booking whose start passes while it is still pending', async () => {
    const h = await harness();
    const pending = await h.book({ start: '2026-11-30T12:00:00Z' });
    h.clock.set('2026-11-30T12:00:00Z');
    expect(await h.workflow.sweep()).toMatchObject({ expired: 1 });
    const b = await h.workflow.bookings.get(platform, pending.id);
    expect(b.status).toBe('expired');
    expect(b.history.at(-1)?.reason).toContain('start passed');
  });

  it('keeps a suggestion open after the original start passes, and expires it when the suggested start does', async () => {
    const h = await harness();
    const booking = await h.book({ start: '2026-11-30T12:00:00Z' });
    await h.workflow.bookings.suggest(as(MENTOR), booking.id, { start: '2026-12-01T12:00:00Z' });
    h.clock.set('2026-11-30T13:00:00Z');
    expect((await h.workflow.sweep()).expired).toBe(0);
    expect((await h.workflow.bookings.get(platform, booking.id)).status).toBe('alternative_suggested');
    h.clock.set('2026-12-01T12:00:00Z');
    expect((await h.workflow.sweep()).expired).toBe(1);
    const expired = await h.workflow.bookings.get(platform, booking.id);
    expect(expired).toMatchObject({ status: 'expired', refund: { amount: 5000 } });
    expect(expired.history.at(-1)?.reason).toContain('start passed');
  });

  it('expires a suggestion earlier than the original start once the suggested start passes unanswered', async () => {
    const h = await harness();
    const booking = await h.book({ start: '2026-12-05T10:00:00Z' });
    await h.workflow.bookings.suggest(as(MENTOR), booking.id, { start: '2026-12-01T12:00:00Z' });
    h.clock.set('2026-12-01T11:59:59Z');
    expect((await h.workflow.sweep()).expired).toBe(0);
    h.clock.set('2026-12-01T12:00:00Z');
    expect((await h.workflow.sweep()).expired).toBe(1);
    const expired = await h.workflow.bookings.get(platform, booking.id);
    expect(expired).toMatchObject({ status: 'expired', start: '2026-12-05T10:00:00.000Z' });
    expect(expired.history.at(-1)?.reason).toContain('start passed');
  });

  it('lets the mentee accept a suggestion after the original start has passed', async () => {
    const h = await harness();
    const booking = await h.book({ start: '2026-11-30T12:00:00Z' });
    await h.workflow.bookings.suggest(as(MENTOR), booking.id, { start: '2026-12-01T12:00:00Z' });
    h.clock.set('2026-11-30T13:00:00Z');
    await h.workflow.sweep();
    const accepted = await h.workflow.bookings.acceptProposal(as(MENTEE), booking.id);
    expect(accepted).toMatchObject({ status: 'approved', start: '2026-12-01T12:00:00.000Z' });
  });

  it('still expires a suggestion 7 days after the booking was made, even when the suggested time is later', async () => {
    const h = await harness();
    const booking = await h.book({ start: '2026-11-30T12:00:00Z' });
    await h.workflow.bookings.suggest(as(MENTOR), booking.id, { start: '2026-12-10T12:00:00Z' });
    h.clock.set('2026-12-07T07:59:59Z');
    expect((await h.workflow.sweep()).expired).toBe(0);
    h.clock.set('2026-12-07T08:00:00Z');
    expect((await h.workflow.sweep()).expired).toBe(1);
    const expired = await h.workflow.bookings.get(platform, booking.id);
    expect(expired.history.at(-1)?.reason).toContain('7 days');
  });

  it('reaches due bookings behind a full batch of open suggestions whose original start passed', async () => {
    const h = await harness();
    // The store lists these first (earliest original start) although they are not due.
    for (let i = 0; i < SWEEP_BATCH; i++) {
      const b = await h.book({ start: '2026-11-30T09:00:00Z' }, i % 2 === 0 ? MENTEE : OTHER_MENTEE);
      await h.workflow.bookings.suggest(as(MENTOR), b.id, { start: '2026-12-03T10:00:00Z' });
    }
    const due = await h.book({ start: '2026-11-30T09:30:00Z' });
    h.clock.set('2026-11-30T10:00:00Z');
    expect((await h.workflow.sweep()).expired).toBe(1);
    expect((await h.workflow.bookings.get(platform, due.id)).status).toBe('expired');
    const open = await h.workflow.bookings.list(platform, { status: 'alternative_suggested', limit: 100 });
    expect(open.data).toHaveLength(SWEEP_BATCH);
  });

  it('completes approved sessions once they end', async () => {
    const h = await harness();
    const pending = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), pending.id);
    h.clock.set('2026-12-02T10:59:00Z');
    expect((await h.workflow.sweep()).completed).toBe(0);
    h.clock.set('2026-12-02T11:00:00Z');
    expect((await h.workflow.sweep()).completed).toBe(1);
    expect((await h.workflow.bookings.get(as(MENTEE), pending.id)).status).toBe('completed');
    expect((await h.notificationsOf(MENTEE)).map((n) => n.kind)).toContain('booking_completed');
  });

  it('works through more bookings than one batch', async () => {
    const h = await harness();
    for (let i = 0; i < 60; i++) {
      await h.book({ start: new Date(Date.parse('2026-12-20T00:00:00Z') + i * HOUR).toISOString() });
    }
    h.clock.set('2026-12-08T00:00:00Z');
    expect((await h.workflow.sweep()).expired).toBe(60);
  });

  it('settles several due bookings at a time, each in its own transaction', async () => {
    const h = await harness();
    for (let i = 0; i < 12; i++) {
      await h.book({ start: new Date(Date.parse('2026-12-20T00:00:00Z') + i * HOUR).toISOString() });
    }
    h.clock.set('2026-12-08T00:00:00Z');
    let inFlight = 0;
    let most = 0;
    const counting: BookingStore = {
      async transaction(fn, options) {
        most = Math.max(most, ++inFlight);
        try {
          return await h.store.transaction(fn, options);
        } finally {
          inFlight--;
        }
      },
      close: () => h.store.close(),
    };
    expect((await createWorkflow({ store: counting, clock: h.clock }).sweep()).expired).toBe(12);
    expect(most).toBe(SWEEP_CONCURRENCY);
  });

  it('stops at a booking that fails: the ones already running finish, the error comes out, the rest wait', async () => {
    const h = await harness();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const start = new Date(Date.parse('2026-12-20T00:00:00Z') + i * HOUR).toISOString();
      ids.push((await h.book({ start })).id);
    }
    h.clock.set('2026-12-08T00:00:00Z');
    const broken = ids[1]!;
    let failing = true;
    const failingOnOne: BookingStore = {
      transaction: (fn, options) =>
        h.store.transaction((tx) => {
          const guarded = Object.create(tx) as typeof tx;
          guarded.getBooking = async (id) => {
            if (failing && id === broken) throw new PortError('disk on fire', true);
            return tx.getBooking(id);
          };
          return fn(guarded);
        }, options),
      close: () => h.store.close(),
    };
    const sweeper = createWorkflow({ store: failingOnOne, clock: h.clock });
    await expect(sweeper.sweep()).rejects.toThrow('disk on fire');
    const expired = async () => {
      const statuses = await Promise.all(
        ids.map(async (id) => (await h.workflow.bookings.get(platform, id)).status),
      );
      return statuses.filter((s) => s === 'expired').length;
    };
    const before = await expired();
    // The first went through; the broken one and whatever had not started yet are left for the next sweep.
    expect(before).toBeGreaterThanOrEqual(1);
    expect(before).toBeLessThan(11);
    expect((await h.workflow.bookings.get(platform, broken)).status).toBe('pending');
    failing = false;
    expect((await sweeper.sweep()).expired).toBe(12 - before);
  });

  it('never acts twice when two instances sweep at the same moment', async () => {
    const h = await harness();
    for (let i = 0; i < 5; i++) await h.book({ start: `2026-12-2${i}T10:00:00Z` });
    const second = createWorkflow({ store: h.store, clock: h.clock });
    h.clock.set('2026-12-08T00:00:00Z');
    const [a, b] = await Promise.all([h.workflow.sweep(), second.sweep()]);
    expect(a.expired + b.expired).toBe(5);
    expect(await h.effects({ kind: 'refund' })).toHaveLength(5);
  });

  it('skips a booking another writer changed between the batch and its own transaction', async () => {
    const h = await harness();
    const pending = await h.book({ start: '2026-12-20T10:00:00Z' });
    h.clock.set('2026-12-08T00:00:00Z');
    // The mentee withdraws right after the sweep read its batch, before the sweep's own transaction.
    let raced = false;
    const racing = Object.assign(Object.create(h.store) as InMemoryStore, {
      async transaction<T>(fn: Parameters<InMemoryStore['transaction']>[0]): Promise<T> {
        const result = (await h.store.transaction(fn)) as T;
        if (Array.isArray(result) && result.length > 0 && !raced) {
          raced = true;
          await h.workflow.bookings.cancel(as(MENTEE), pending.id, { reason: 'Withdrawn meanwhile' });
        }
        return result;
      },
    });
    const sweeper = createWorkflow({ store: racing, clock: h.clock });
    const result = await sweeper.sweep();
    expect(raced).toBe(true);
    expect(result.expired).toBe(0);
    const b = await h.workflow.bookings.get(platform, pending.id);
    expect(b.status).toBe('cancelled');
    expect(await h.effects({ kind: 'refund' })).toHaveLength(1);
  });
});

describe('purgeExpired', () => {
  it('deletes the records of used email action links once the links have expired', async () => {
    const h = await harness();
    const at = h.clock.now().getTime();
    const record = (id: string, expiresInMs: number) => ({
      id,
      bookingId: 'bkg_x',
      userId: MENTOR,
      action: 'approve',
      usedAt: h.clock.now().toISOString(),
      expiresAt: new Date(at + expiresInMs).toISOString(),
    });
    await h.store.transaction(async (tx) => {
      await tx.useActionToken(record('tok_soon', 60_000));
      await tx.useActionToken(record('tok_later', 3_600_000));
    });
    expect((await purgeExpired(h.store, h.clock.now())).actionTokenUses).toBe(0);
    h.clock.advance(2 * 60_000);
    expect((await purgeExpired(h.store, h.clock.now())).actionTokenUses).toBe(1);
    expect(await h.store.transaction((tx) => tx.getActionTokenUse('tok_soon'))).toBeNull();
    expect(await h.store.transaction((tx) => tx.getActionTokenUse('tok_later'))).not.toBeNull();
  });

  const DAY = 24 * HOUR;

  /** A booking approved, provisioned and cancelled (refund, meeting deletion), and one webhook dead-lettered. */
  async function monthOfWork() {
    const h = await harness();
    await h.workflow.webhookEndpoints.create(platform, {
      url: 'https://h.example.test',
      events: ['booking.approved', 'booking.cancelled'],
    });
    const booked = await h.book();
    await h.workflow.bookings.approve(as(MENTOR), booked.id);
    await h.drain();
    await h.workflow.bookings.cancel(as(MENTEE), booked.id, { reason: 'Something came up at work' });
    h.ports.failNext('webhooks', new PortError('endpoint answered 410 Gone', false));
    await h.drain();
    await h.store.transaction(async (tx) => {
      for (const [scope, key] of [
        ['usr_mentee', 'retry-1'],
        ['usr_mentee#lock', 'retry-1#0'],
        ['usr_mentee#released', 'retry-1#0'],
      ]) {
        await tx.putIdempotency({
          scope: scope!,
          key: key!,
          requestHash: 'sha256:abc',
          status: 201,
          body: '{}',
          createdAt: h.clock.now().toISOString(),
        });
      }
    });
    return { h, booked };
  }

  it('deletes what a booking left behind once it is older than the retention, keeping refunds and dead letters', async () => {
    const { h, booked } = await monthOfWork();
    const before = await h.effects();
    expect(new Set(before.map((e) => e.payload.kind))).toEqual(
      new Set(['create_meeting', 'delete_meeting', 'deliver_webhook', 'send_email', 'refund']),
    );
    const kept = before.filter((e) => e.status === 'dead' || e.payload.kind === 'refund');
    expect(kept.map((e) => [e.payload.kind, e.status])).toEqual([
      ['refund', 'done'],
      ['deliver_webhook', 'dead'],
    ]);
    expect(before.filter((e) => e.status !== 'done' && e.status !== 'dead')).toEqual([]);

    // Exactly as old as the retention: kept one more moment.
    h.clock.advance(DAY);
    expect(await purgeExpired(h.store, h.clock.now())).toEqual({
      idempotencyRecords: 0,
      effects: 0,
      actionTokenUses: 0,
    });
    h.clock.advance(1);
    expect(await purgeExpired(h.store, h.clock.now())).toEqual({
      idempotencyRecords: 3,
      effects: 0,
      actionTokenUses: 0,
    });
    h.clock.advance(29 * DAY);
    expect(await purgeExpired(h.store, h.clock.now())).toEqual({
      idempotencyRecords: 0,
      effects: before.length - kept.length,
      actionTokenUses: 0,
    });
    expect((await h.effects()).map((e) => e.id)).toEqual(kept.map((e) => e.id));

    // The booking is settled: nothing the purge removed comes back, and the mentee was refunded once.
    await h.workflow.sweep();
    await h.drain();
    expect(await h.effects()).toHaveLength(kept.length);
    expect(h.ports.calls.refund.map((r) => r.request.booking.id)).toEqual([booked.id]);
  });

  it('deletes in transactions of batchSize rows until a batch comes back short', async () => {
    const { h } = await monthOfWork();
    let transactions = 0;
    const counting: BookingStore = {
      transaction: (fn, options) => {
        transactions++;
        return h.store.transaction(fn, options);
      },
      close: () => h.store.close(),
    };
    h.clock.advance(31 * DAY);
    const purged = await purgeExpired(counting, h.clock.now(), { batchSize: 2 });
    expect(purged.idempotencyRecords).toBe(3);
    expect(transactions).toBe(2 + Math.floor(purged.effects / 2) + 1 + 1);
    expect(await purgeExpired(h.store, h.clock.now())).toEqual({
      idempotencyRecords: 0,
      effects: 0,
      actionTokenUses: 0,
    });
  });

  it('takes the retention it is given, and stops between batches once its signal aborts', async () => {
    const { h } = await monthOfWork();
    h.clock.advance(2 * HOUR);
    expect(
      await purgeExpired(h.store, h.clock.now(), {
        idempotencyRetentionMs: HOUR,
        effectRetentionMs: 3 * HOUR,
      }),
    ).toEqual({ idempotencyRecords: 3, effects: 0, actionTokenUses: 0 });
    const abort = new AbortController();
    abort.abort();
    expect(
      await purgeExpired(h.store, h.clock.now(), { effectRetentionMs: HOUR, signal: abort.signal }),
    ).toEqual({ idempotencyRecords: 0, effects: 0, actionTokenUses: 0 });
    expect((await purgeExpired(h.store, h.clock.now(), { effectRetentionMs: HOUR })).effects).toBeGreaterThan(
      0,
    );
  });
});
