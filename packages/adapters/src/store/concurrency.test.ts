import {
  type Booking,
  InvalidTransitionError,
  type ManualClock,
  SlotConflictError,
  VersionConflictError,
  type Workflow,
} from '@greenlight/core';
import { describe, expect, it } from 'vitest';
import { asUser, backends, MENTOR, requestBooking, seedUsers, workflowOn } from './testing/scenario';
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
  });
}
