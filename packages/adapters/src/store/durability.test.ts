import {
  type BookingStore,
  createEffectWorker,
  createRecordingPorts,
  createScheduler,
  type Effect,
  type Notification,
  PortError,
  type StoreTx,
} from '@greenlight/core';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite/sqlite-store';
import {
  asUser,
  backends,
  MENTOR,
  requestBooking,
  seedUsers,
  sqliteFile,
  workflowOn,
} from './testing/scenario';
import { worldsOn } from './testing/world';

const CREATED = '2026-11-20T09:00:00.000Z';
const quietLogger = { warn: () => undefined, error: () => undefined };

/** Everything a transaction can read back: bookings, the outbox and the bell. */
async function snapshot(store: BookingStore, userIds: string[]) {
  return store.transaction(async (tx) => {
    const pages = async <T>(
      fetch: (
        cursor?: string,
      ) => ReturnType<StoreTx['listEffects']> | Promise<{ data: T[]; nextCursor: string | null }>,
    ) => {
      const all: T[] = [];
      let cursor: string | undefined;
      do {
        const page = (await fetch(cursor)) as { data: T[]; nextCursor: string | null };
        all.push(...page.data);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all;
    };
    const effects: Effect[] = [];
    for (const status of ['pending', 'done', 'dead'] as const) {
      effects.push(...(await pages<Effect>((cursor) => tx.listEffects({ status, limit: 7, cursor }))));
    }
    const notifications: Notification[] = [];
    for (const userId of userIds) {
      notifications.push(
        ...(await pages<Notification>((cursor) => tx.listNotifications({ userId, limit: 3, cursor }))),
      );
    }
    return {
      bookings: await pages((cursor) => tx.listBookings({ limit: 4, cursor })),
      effects,
      notifications,
    };
  });
}

/** Runs the outbox until nothing is due at the clock's time. */
async function drain(worker: { runOnce(): Promise<number> }) {
  while ((await worker.runOnce()) > 0) {
    // Next batch.
  }
}

describe('a SQLite file closed and reopened', () => {
  const openWorld = worldsOn(sqliteFile, CREATED);

  it('keeps every booking, effect and notification', async () => {
    const { pair, clock, workflow } = (await openWorld())!;
    const store = pair.a;
    const mentees = await seedUsers(workflow, 3);
    const [approved, rejected] = [
      await requestBooking(workflow, mentees[0]!, '2026-12-10T15:00:00.000Z'),
      await requestBooking(workflow, mentees[1]!, '2026-12-11T15:00:00.000Z'),
      await requestBooking(workflow, mentees[2]!, '2026-12-12T15:00:00.000Z'),
    ];
    await workflow.bookings.approve(asUser(MENTOR), approved!.id);
    await workflow.bookings.reject(asUser(MENTOR), rejected!.id, { reason: 'Outside my expertise, sorry' });
    const ports = createRecordingPorts();
    ports.failNext('notifier', new PortError('mailbox full', false));
    const worker = createEffectWorker({ store, ports, clock, batchSize: 3, logger: quietLogger });
    await worker.runOnce();

    const users = [MENTOR, ...mentees];
    const before = await snapshot(store, users);
    expect(before.bookings).toHaveLength(3);
    expect(new Set(before.effects.map((e) => e.status))).toEqual(new Set(['pending', 'done', 'dead']));
    expect(before.notifications.length).toBeGreaterThan(3);

    await pair.a.close();
    await pair.b.close();
    const reopened = await SqliteStore.open(pair.url);
    try {
      expect(await snapshot(reopened, users)).toEqual(before);
    } finally {
      await reopened.close();
    }
  });
});

for (const backend of backends) {
  describe(`effects and sweeps: ${backend.name}`, () => {
    const openWorld = worldsOn(backend, CREATED);

    it('a failing effect never rolls back the decision that caused it', async () => {
      const world = await openWorld();
      if (!world) return;
      const { pair, clock, workflow } = world;
      const mentees = await seedUsers(workflow, 2);
      const toApprove = await requestBooking(workflow, mentees[0]!, '2026-12-10T15:00:00.000Z');
      const toReject = await requestBooking(workflow, mentees[1]!, '2026-12-11T15:00:00.000Z');
      await workflow.bookings.approve(asUser(MENTOR), toApprove.id);
      await workflow.bookings.reject(asUser(MENTOR), toReject.id, { reason: 'Time-zone mismatch, sorry' });

      const ports = createRecordingPorts();
      ports.failNext('meetings', new PortError('Zoom account suspended', false));
      ports.failNext('refunds', new PortError('charge already disputed', false));
      // The worker runs on the other connection or pool, as a separate worker process would.
      await drain(createEffectWorker({ store: pair.b, ports, clock, logger: quietLogger }));

      const approved = await workflow.bookings.get(asUser(MENTOR), toApprove.id);
      expect(approved.status).toBe('approved');
      expect(approved.meeting).toMatchObject({ status: 'failed' });
      const rejected = await workflow.bookings.get(asUser(MENTOR), toReject.id);
      expect(rejected.status).toBe('rejected');
      expect(rejected.refund).toMatchObject({ status: 'failed', amount: 5000 });
      const dead = await workflow.effects.deadLetters({ kind: 'platform' });
      expect(dead.data.map((e) => e.payload.kind).sort()).toEqual(['create_meeting', 'refund']);
    });

    it('a refund that fails and is retried is issued exactly once', async () => {
      const world = await openWorld();
      if (!world) return;
      const { pair, clock, workflow } = world;
      const [mentee] = await seedUsers(workflow);
      const booking = await requestBooking(workflow, mentee!);
      await workflow.bookings.reject(asUser(MENTOR), booking.id, {
        reason: 'Cannot prepare adequately, sorry',
      });

      const ports = createRecordingPorts();
      // The first call refunds at the provider but its answer is lost; the retry must not refund again.
      ports.loseNextResponse('refunds', new PortError('socket hang up', true));
      const worker = createEffectWorker({
        store: pair.b,
        ports,
        clock,
        random: () => 0.5,
        logger: quietLogger,
      });
      await drain(worker);
      clock.advance(60 * 60_000);
      await drain(worker);

      expect(ports.calls.refund).toHaveLength(2);
      expect(new Set(ports.calls.refund.map((c) => c.ctx.idempotencyKey)).size).toBe(1);
      expect(ports.refundsIssued.size).toBe(1);
      const stored = await workflow.bookings.get(asUser(MENTOR), booking.id);
      expect(stored.refund).toMatchObject({ status: 'succeeded', id: 're_1' });
    });

    it('two scheduler instances never remind or expire the same booking twice', async () => {
      const world = await openWorld();
      if (!world) return;
      const { pair, clock } = world;
      const third = await pair.open();
      const workflows = [world.workflow, ...[pair.b, third].map((store) => workflowOn(store, { clock }))];
      const [mentee] = await seedUsers(workflows[0]!);
      const count = 24;
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const start = new Date(Date.parse('2026-12-10T08:00:00.000Z') + i * 2 * 3_600_000).toISOString();
        ids.push((await requestBooking(workflows[0]!, mentee!, start)).id);
      }
      const schedulers = workflows.map((workflow) =>
        createScheduler({ workflow, intervalMs: 60_000, clock }),
      );
      const sweepAll = () => Promise.all(schedulers.map((s) => s.runOnce()));

      // 21 hours in: within the 4-hour reminder lead of the 24-hour response deadline.
      clock.set('2026-11-21T06:00:00.000Z');
      const reminders = await sweepAll();
      expect(reminders.reduce((n, r) => n + r.reminded, 0)).toBe(count);
      expect(reminders.reduce((n, r) => n + r.expired + r.completed, 0)).toBe(0);

      // Past the seven-day expiry.
      clock.set('2026-11-27T10:00:00.000Z');
      const expiries = await sweepAll();
      expect(expiries.reduce((n, r) => n + r.expired, 0)).toBe(count);
      expect(expiries.reduce((n, r) => n + r.reminded, 0)).toBe(0);

      const users = [MENTOR, mentee!];
      const { bookings, notifications, effects } = await snapshot(pair.a, users);
      expect(bookings.map((b) => b.status)).toEqual(Array(count).fill('expired'));
      for (const booking of bookings) {
        expect(booking.history.filter((h) => h.event === 'expired')).toHaveLength(1);
        expect(booking.remindedAt).toBe('2026-11-21T06:00:00.000Z');
      }
      const perBooking = (kind: Notification['kind']) =>
        ids.map((id) => notifications.filter((n) => n.bookingId === id && n.kind === kind).length);
      expect(perBooking('response_due')).toEqual(Array(count).fill(1));
      expect(perBooking('booking_expired')).toEqual(Array(count).fill(2));
      const refunds = effects.filter((e) => e.payload.kind === 'refund');
      expect(refunds.map((e) => e.bookingId).sort()).toEqual([...ids].sort());
    });
  });
}
