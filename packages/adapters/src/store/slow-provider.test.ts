import {
  type Booking,
  type BookingStore,
  createEffectWorker,
  createRecordingPorts,
  type Effect,
  type EffectPorts,
  type EffectWorker,
  InMemoryStore,
  type Workflow,
} from '@greenlight/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeProviders, type HeldCall } from '../../test/fixtures/fake-providers';
import { ZoomMeetings } from '../meetings/zoom';
import { StripeRefunds } from '../refunds/stripe';
import { asUser, type Backend, backends, MENTOR, requestBooking, seedUsers } from './testing/scenario';
import { worldsOn } from './testing/world';

const CREATED = '2026-11-20T09:00:00.000Z';
const LEASE = 60_000;
const quietLogger = { warn: () => undefined, error: () => undefined };

/** One store for both workers, as two workers in one process would share it. */
const memory: Backend = {
  name: 'in memory',
  async pair(clock) {
    const store = new InMemoryStore(clock ? { clock } : {});
    return { a: store, b: store, url: 'memory:', open: async () => store, close: async () => {} };
  },
};

/** What the slow provider is asked for: a meeting for an approved booking, a refund for a rejected one. */
const CASES: ReadonlyArray<{
  name: string;
  held: HeldCall;
  kind: Effect['payload']['kind'];
  decide: (workflow: Workflow, booking: Booking) => Promise<unknown>;
}> = [
  {
    name: 'one meeting',
    held: 'zoom.create',
    kind: 'create_meeting',
    decide: (workflow, booking) => workflow.bookings.approve(asUser(MENTOR), booking.id),
  },
  {
    name: 'one refund',
    held: 'stripe.refund',
    kind: 'refund',
    decide: (workflow, booking) =>
      workflow.bookings.reject(asUser(MENTOR), booking.id, { reason: 'Outside my expertise, sorry' }),
  },
];

/** Real Zoom and Stripe adapters on the fake; email and webhooks recorded. */
function portsFor(fake: FakeProviders, clock: { now(): Date }): EffectPorts {
  return {
    ...createRecordingPorts(),
    meetings: new ZoomMeetings({ ...fake.zoom, clock }),
    refunds: new StripeRefunds({ ...fake.stripe, clock }),
  };
}

/** Runs the outbox until nothing is due at the clock's time. */
async function drain(worker: EffectWorker) {
  while ((await worker.runOnce()) > 0) {
    // Next batch.
  }
}

for (const backend of [memory, ...backends]) {
  describe(`a provider slower than the lease, two workers: ${backend.name}`, () => {
    const openWorld = worldsOn(backend, CREATED);
    let fake: FakeProviders | null = null;
    afterEach(async () => {
      await fake?.close();
      fake = null;
    });

    /** A decided booking whose effect the fake holds, and what to read back. */
    async function setUp(c: (typeof CASES)[number]) {
      const world = await openWorld();
      if (!world) return null;
      fake = new FakeProviders();
      await fake.listen();
      const [mentee] = await seedUsers(world.workflow);
      const booking = await requestBooking(world.workflow, mentee!);
      await c.decide(world.workflow, booking);
      const effectOf = async (store: BookingStore = world.pair.b) =>
        (await store.transaction((tx) => tx.listEffects({ status: 'pending', limit: 100 }))).data
          .concat((await store.transaction((tx) => tx.listEffects({ status: 'done', limit: 100 }))).data)
          .find((e) => e.payload.kind === c.kind)!;
      return { ...world, fake, booking, effectOf, hold: fake.hold(c.held) };
    }

    /** The booking afterwards: exactly one meeting or refund was made, and the booking has that one. */
    async function expectExactlyOne(
      c: (typeof CASES)[number],
      s: NonNullable<Awaited<ReturnType<typeof setUp>>>,
    ) {
      const stored = await s.workflow.bookings.get(asUser(MENTOR), s.booking.id);
      if (c.kind === 'create_meeting') {
        expect(s.fake.meetingPosts).toHaveLength(1);
        expect(stored.meeting).toMatchObject({
          provider: 'zoom',
          status: 'ready',
          id: String(s.fake.meetings[0]!.id),
        });
      } else {
        expect([...s.fake.refunds.values()]).toEqual([
          expect.objectContaining({ id: 're_1', bookingId: s.booking.id }),
        ]);
        expect(stored.refund).toMatchObject({ status: 'succeeded', id: 're_1', amount: 5000 });
      }
      const effect = await s.effectOf();
      expect(effect).toMatchObject({ status: 'done', attempts: 1, leaseToken: null });
      return effect;
    }

    for (const c of CASES) {
      it(`keeps the claim of the worker running it alive, so the other never starts it: ${c.name}`, async () => {
        const s = await setUp(c);
        if (!s) return;
        const ports = portsFor(s.fake, s.clock);
        const a = createEffectWorker({
          store: s.pair.a,
          ports,
          clock: s.clock,
          leaseMs: LEASE,
          heartbeatMs: 1,
          logger: quietLogger,
        });
        const b = createEffectWorker({
          store: s.pair.b,
          ports: portsFor(s.fake, s.clock),
          clock: s.clock,
          leaseMs: LEASE,
          logger: quietLogger,
        });

        const roundA = a.runOnce();
        await s.hold.arrived;
        // Three leases pass while the provider sits on the call; A renews its claim throughout, so every time B
        // looks, the effect is held.
        for (let step = 0; step < 6; step++) {
          s.clock.advance(LEASE / 2);
          const renewedPast = s.clock.now().getTime() + LEASE / 2;
          await expect
            .poll(async () => Date.parse((await s.effectOf()).lockedUntil ?? ''))
            .toBeGreaterThan(renewedPast);
          await b.runOnce();
        }
        s.hold.release();
        await roundA;
        await drain(b);

        const effect = await expectExactlyOne(c, s);
        expect(effect.claims).toBe(1);
        if (c.kind === 'create_meeting') expect(s.fake.meetingLists).toHaveLength(0);
        else expect(s.fake.refunds.get(effect.idempotencyKey)?.requests).toBe(1);
      });

      it(`cuts off a worker that lost its claim mid-call and drops its outcome; the next finds what it made: ${c.name}`, async () => {
        const s = await setUp(c);
        if (!s) return;
        // Once its call reached the provider, A's next transaction (its first renewal) stalls on the way to the
        // store, a network partition, until the test lets it through.
        let arrived = false;
        void s.hold.arrived.then(() => {
          arrived = true;
        });
        let stalled: () => void = () => {};
        const renewalStalled = new Promise<void>((resolve) => {
          stalled = resolve;
        });
        let heal: () => void = () => {};
        const healed = new Promise<void>((resolve) => {
          heal = resolve;
        });
        const partitioned: BookingStore = Object.assign(Object.create(s.pair.a), {
          async transaction<T>(...args: Parameters<BookingStore['transaction']>): Promise<T> {
            if (arrived) {
              stalled();
              await healed;
            }
            return s.pair.a.transaction(...args) as Promise<T>;
          },
        });
        const warnings: string[] = [];
        const a = createEffectWorker({
          store: partitioned,
          ports: portsFor(s.fake, s.clock),
          clock: s.clock,
          leaseMs: LEASE,
          heartbeatMs: 1,
          logger: { warn: (message) => warnings.push(message), error: () => undefined },
        });
        const b = createEffectWorker({
          store: s.pair.b,
          ports: portsFor(s.fake, s.clock),
          clock: s.clock,
          leaseMs: LEASE,
          logger: quietLogger,
        });

        const roundA = a.runOnce();
        await renewalStalled;
        // A's lease lapses unrenewed; B claims the effect and runs it, told it may be a rerun.
        s.clock.advance(LEASE + 1_000);
        await drain(b);
        const byB = await s.effectOf();
        expect(byB).toMatchObject({ status: 'done', attempts: 1, claims: 2 });

        // A's renewal gets through, finds B's claim, and cuts A's call off: A records nothing.
        heal();
        await roundA;
        s.hold.release();
        expect(warnings).toContain(
          'lost the lease on an effect while it ran; nothing this worker did with it is recorded',
        );
        expect(a.stats().lostLeases).toBeGreaterThanOrEqual(1);
        expect(await expectExactlyOne(c, s)).toEqual(byB);
        if (c.kind === 'create_meeting') {
          // B looked before creating and took the meeting A's call had made.
          expect(s.fake.meetingLists).toHaveLength(1);
        } else {
          // Both asked with the booking's key; Stripe answered B with the refund A's call had made.
          expect(byB.idempotencyKey).toBe(`refund:${s.booking.id}`);
          expect(s.fake.refunds.get(byB.idempotencyKey)?.requests).toBe(2);
        }
      });
    }
  });
}
