import {
  type Booking,
  type BookingStore,
  InvalidTransitionError,
  type ManualClock,
  RateLimitedError,
  SlotConflictError,
  type StoreTx,
  type TransactionOptions,
  ValidationError,
  VersionConflictError,
  type Workflow,
} from '@greenlight/core';
import { describe, expect, it } from 'vitest';
import {
  asUser,
  backends,
  MENTOR,
  platform,
  postgresPools,
  requestBooking,
  seedUsers,
  sqliteFile,
  workflowOn,
} from './testing/scenario';
import { worldsOn } from './testing/world';

/** Booked at CREATED, so with the default policy it expires seven days later, before its start. */
const CREATED = '2026-11-20T09:00:00.000Z';
const PAST_EXPIRY = '2026-11-27T10:00:00.000Z';

type Op = 'approve' | 'reject' | 'cancel' | 'expire';
const outcomeOf: Record<Op, Booking['status']> = {
  approve: 'approved',
  reject: 'rejected',
  cancel: 'cancelled',
  expire: 'expired',
};

/** Runs one decision; a sweep that expired nothing lost the race and says so. */
async function decide(workflow: Workflow, op: Op, booking: Booking): Promise<void> {
  switch (op) {
    case 'approve':
      await workflow.bookings.approve(asUser(MENTOR), booking.id);
      return;
    case 'reject':
      await workflow.bookings.reject(asUser(MENTOR), booking.id, {
        reason: 'Schedule conflict that week, sorry',
        category: 'schedule_conflict',
      });
      return;
    case 'cancel':
      await workflow.bookings.cancel(asUser(booking.menteeId), booking.id, { reason: 'Plans changed' });
      return;
    case 'expire': {
      const { expired } = await workflow.sweep();
      if (expired === 0) throw new InvalidTransitionError('expire', 'pending');
    }
  }
}

/** Lets `parties` callers on together, or each one on after `patienceMs` if the others do not come. */
function barrier(parties: number, patienceMs: number): { arrive(): Promise<void>; arrived: () => number } {
  let arrived = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    arrived: () => arrived,
    async arrive() {
      if (++arrived === parties) release();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([released, new Promise((resolve) => (timer = setTimeout(resolve, patienceMs)))]);
      clearTimeout(timer);
    },
  };
}

/** `store`, whose transactions wait at `gate` once a payment lookup found it unused (the workflow's check passed). */
function pausingAfterPaymentCheck(store: BookingStore, gate: ReturnType<typeof barrier>): BookingStore {
  return {
    transaction: <T>(fn: (tx: StoreTx) => Promise<T>, options?: TransactionOptions) =>
      store.transaction((tx) => {
        const paused: StoreTx = Object.create(tx);
        paused.findBookingByPaymentRef = async (paymentRef) => {
          const found = await tx.findBookingByPaymentRef(paymentRef);
          if (found === null) await gate.arrive();
          return found;
        };
        return fn(paused);
      }, options),
    close: () => store.close(),
  };
}

/** `store`, whose transactions wait at `gate` before locking a mentor from inside (what they read is unlocked). */
function pausingBeforeMentorLock(store: BookingStore, gate: ReturnType<typeof barrier>): BookingStore {
  return {
    transaction: <T>(fn: (tx: StoreTx) => Promise<T>, options?: TransactionOptions) =>
      store.transaction((tx) => {
        const paused: StoreTx = Object.create(tx);
        paused.lockMentor = async (mentorId) => {
          await gate.arrive();
          return tx.lockMentor!(mentorId);
        };
        return fn(paused);
      }, options),
    close: () => store.close(),
  };
}

for (const backend of backends) {
  describe(`concurrency: ${backend.name}`, () => {
    const openWorld = worldsOn(backend, CREATED);

    /** Two workflows, each on its own connection or pool, sharing a clock. */
    async function setup(): Promise<{ one: Workflow; two: Workflow; clock: ManualClock } | null> {
      const opened = await openWorld();
      if (!opened) return null;
      const { pair, clock, workflow } = opened;
      return { one: workflow, two: workflowOn(pair.b, { clock }), clock };
    }

    // Pairs where whichever commits first makes the other invalid (approve-then-cancel is a legal sequence).
    const races: Array<[Op, Op]> = [
      ['approve', 'reject'],
      ['reject', 'approve'],
      ['cancel', 'reject'],
      ['reject', 'expire'],
      ['approve', 'expire'],
      ['expire', 'cancel'],
      ['approve', 'approve'],
    ];

    it.each(races)(
      '%s racing %s on one booking: exactly one wins, the other gets a clear conflict',
      async (first, second) => {
        const world = await setup();
        if (!world) return;
        const [mentee] = await seedUsers(world.one);
        const booking = await requestBooking(world.one, mentee!);
        world.clock.set(PAST_EXPIRY);

        const results = await Promise.allSettled([
          decide(world.one, first, booking),
          decide(world.two, second, booking),
        ]);

        const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [[first, second][i]!] : []));
        expect(winners).toHaveLength(1);
        const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(
          loser.reason instanceof VersionConflictError || loser.reason instanceof InvalidTransitionError,
          String(loser.reason),
        ).toBe(true);

        const stored = await world.one.bookings.get(asUser(MENTOR), booking.id);
        expect(stored.status).toBe(outcomeOf[winners[0]!]);
        expect(stored.history.filter((h) => h.from === 'pending')).toHaveLength(1);
      },
    );

    it('two requests for different mentors on one payment: exactly one is booked, the other gets the 422', async () => {
      const opened = await openWorld();
      if (!opened) return;
      const { pair, clock } = opened;
      // SQLite's BEGIN IMMEDIATE lets the second transaction in only once the first has committed, so the first
      // waits at the gate in vain; on PostgreSQL both pass the check, and only the unique index stops one.
      const serialised = backend === sqliteFile;
      const gate = barrier(2, serialised ? 250 : 10_000);
      const one = workflowOn(pausingAfterPaymentCheck(pair.a, gate), { clock });
      const two = workflowOn(pausingAfterPaymentCheck(pair.b, gate), { clock });
      const [mentee] = await seedUsers(one);
      const mentors = [MENTOR, 'usr_mentor2'];
      await one.users.put(platform, mentors[1]!, {
        name: 'Max Mentor',
        email: 'max@example.com',
        timezone: 'Europe/Berlin',
      });

      const results = await Promise.allSettled(
        [one, two].map((workflow, i) =>
          workflow.bookings.request(platform, {
            mentorId: mentors[i]!,
            menteeId: mentee!,
            start: '2026-12-10T15:00:00.000Z',
            durationMinutes: 60,
            price: { amount: 5000, currency: 'USD' },
            paymentRef: 'pi_paid_once',
          }),
        ),
      );

      expect(gate.arrived()).toBe(serialised ? 1 : 2);
      const booked = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(booked).toHaveLength(1);
      const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(loser.reason).toBeInstanceOf(ValidationError);
      expect(loser.reason).toMatchObject({ status: 422, errors: [{ path: 'paymentRef' }] });
      expect((loser.reason as Error).message).toMatch(
        /^paymentRef already backs .*each payment can back only one booking$/,
      );
      const stored = await pair.b.transaction((tx) => tx.findBookingByPaymentRef('pi_paid_once'));
      expect(stored?.id).toBe(booked[0]!.id);
      const otherMentor = mentors.find((m) => m !== booked[0]!.mentorId)!;
      expect((await one.bookings.list(asUser(otherMentor), { role: 'mentor' })).data).toEqual([]);
    });

    it.runIf(backend.name === postgresPools.name)(
      'approve racing approve after both read the booking unlocked: the loser is told it is approved, not of a version conflict',
      async () => {
        const world = await openWorld();
        if (!world) return;
        const [mentee] = await seedUsers(world.workflow);
        const booking = await requestBooking(world.workflow, mentee!);
        // Both read the pending booking before either takes the mentor lock; the second waits for the first's commit.
        const gate = barrier(2, 2_000);
        const [one, two] = [world.pair.a, world.pair.b].map((store) =>
          workflowOn(pausingBeforeMentorLock(store, gate), { clock: world.clock }),
        );
        const results = await Promise.allSettled([
          one!.bookings.approve(asUser(MENTOR), booking.id),
          two!.bookings.approve(asUser(MENTOR), booking.id),
        ]);
        expect(gate.arrived()).toBe(2);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(loser.reason).toBeInstanceOf(InvalidTransitionError);
        expect(String(loser.reason)).toContain('approved');
      },
    );

    it('approvals of overlapping bookings of one mentor, racing on both sides: exactly one per slot', async () => {
      const world = await setup();
      if (!world) return;
      const mentees = await seedUsers(world.one, 6);
      const days = ['10', '11', '12'];
      const bookings: Booking[] = [];
      for (const day of days) {
        for (const [i, mentee] of mentees.entries()) {
          // Alternating 15:00 and 15:30 starts: every pair overlaps in the 15:30–16:00 half hour.
          const start = `2026-12-${day}T15:${i % 2 === 0 ? '00' : '30'}:00.000Z`;
          bookings.push(await requestBooking(world.one, mentee, start));
        }
      }

      const results = await Promise.allSettled(
        bookings.map((b, i) => (i % 2 === 0 ? world.one : world.two).bookings.approve(asUser(MENTOR), b.id)),
      );

      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(SlotConflictError);
      }
      const approved = await world.two.bookings.list(asUser(MENTOR), { status: 'approved', role: 'mentor' });
      expect(approved.data.map((b) => b.start.slice(0, 10)).sort()).toEqual(days.map((d) => `2026-12-${d}`));
    });

    it('messages posted at once on two instances never get past the per-minute limit together', async () => {
      const world = await setup();
      if (!world) return;
      const [mentee] = await seedUsers(world.one);
      const booking = await requestBooking(world.one, mentee!);
      const results = await Promise.allSettled(
        Array.from({ length: 16 }, (_, i) =>
          (i % 2 === 0 ? world.one : world.two).messages.post(asUser(mentee!), booking.id, {
            body: `message ${i}`,
          }),
        ),
      );
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      for (const reason of refused) expect(reason).toBeInstanceOf(RateLimitedError);
      expect(results.length - refused.length).toBe(10);
      const stored = await world.two.messages.list(asUser(MENTOR), booking.id, { limit: 100 });
      expect(stored.data).toHaveLength(10);
    });
  });
}
