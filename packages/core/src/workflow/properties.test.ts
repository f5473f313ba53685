import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { type Booking, FINAL_STATUSES } from '../contract/bookings';
import { GreenlightError, NotFoundError, PortError } from '../errors';
import { InMemoryStore } from '../memory/in-memory-store';
import { createRecordingPorts, type PortName } from '../testing/fakes';
import { createEffectWorker } from '../worker/effect-worker';
import { createWorkflow } from './create-workflow';
import type { Actor } from './types';

const MENTORS = ['usr_mentor_a', 'usr_mentor_b'];
const MENTEES = ['usr_mentee_x', 'usr_mentee_y'];
const STRANGER = 'usr_stranger';
/** Decides for the first mentor only: a stranger to the second one's bookings. */
const ASSISTANT = 'usr_assistant';
/** A few hours before the first slot, so that advancing the clock passes session starts often. */
const START = '2026-12-01T06:00:00.000Z';
const HOUR = 3_600_000;

/**
 * Who sends a command, relative to the booking it targets and to the command: mostly the side the command
 * belongs to (the mentor approves, the mentee accepts), so that bookings move on.
 */
const who = fc.oneof(
  { weight: 4, arbitrary: fc.constant('own_side' as const) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'other_side',
      'platform',
      'stranger',
      'other_mentor',
      'other_mentee',
      'assistant',
    ),
  },
);
type Who = typeof who extends fc.Arbitrary<infer T> ? T : never;
/** Session starts: a few hours over the next three days, so that times collide often. */
const slot = fc
  .integer({ min: 0, max: 11 })
  .map((i) =>
    new Date(
      Date.parse('2026-12-01T09:00:00Z') + (i % 4) * 30 * 60_000 + Math.floor(i / 4) * 24 * HOUR,
    ).toISOString(),
  );
const target = fc.nat({ max: 7 });

const command = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      mentor: fc.constantFrom(...MENTORS),
      mentee: fc.constantFrom(...MENTEES),
      start: slot,
      duration: fc.constantFrom(30, 60, 90),
      // Mostly off: auto-approved bookings skip the decisions worth exploring.
      autoApprove: fc.constantFrom(false, false, false, true),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('approve' as const), target, who, force: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reject' as const), target, who }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('suggest' as const), target, who, start: slot }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('accept' as const), target, who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decline' as const), target, who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('counter' as const), target, who, start: slot }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), target, who }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      target,
      who,
      absent: fc.constantFrom(undefined, 'mentor' as const, 'mentee' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('race' as const), a: target, b: target }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 30 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sweep' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('work' as const),
      fail: fc.option(
        fc.record({
          port: fc.constantFrom<PortName>('meetings', 'refunds', 'notifier'),
          retryable: fc.boolean(),
          lost: fc.boolean(),
        }),
      ),
    }),
  },
);
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

/** The side each command belongs to; cancel belongs to both, and `own_side` is then the mentee. */
const SIDE_OF = {
  approve: 'mentor',
  reject: 'mentor',
  suggest: 'mentor',
  accept: 'mentee',
  decline: 'mentee',
  counter: 'mentee',
  cancel: 'mentee',
  report: 'mentee',
} as const;

function actorFor(w: Who, side: 'mentor' | 'mentee', booking: Booking): Actor {
  const idOf = (s: 'mentor' | 'mentee') => (s === 'mentor' ? booking.mentorId : booking.menteeId);
  switch (w) {
    case 'own_side':
      return { kind: 'user', userId: idOf(side) };
    case 'other_side':
      return { kind: 'user', userId: idOf(side === 'mentor' ? 'mentee' : 'mentor') };
    case 'platform':
      return { kind: 'platform' };
    case 'stranger':
      return { kind: 'user', userId: STRANGER };
    case 'other_mentor':
      return { kind: 'user', userId: MENTORS.find((m) => m !== booking.mentorId)! };
    case 'other_mentee':
      return { kind: 'user', userId: MENTEES.find((m) => m !== booking.menteeId)! };
    case 'assistant':
      return { kind: 'user', userId: ASSISTANT };
  }
}

const overlaps = (a: Booking, b: Booking) => a.start < b.end && b.start < a.end;

async function world() {
  const clock = new ManualClock(START);
  const store = new InMemoryStore({ clock });
  const ports = createRecordingPorts();
  const workflow = createWorkflow({ store, clock });
  const worker = createEffectWorker({
    store,
    ports,
    clock,
    random: () => 0.5,
    logger: { warn() {}, error() {} },
  });
  const platform: Actor = { kind: 'platform' };
  for (const id of [...MENTORS, ...MENTEES, STRANGER, ASSISTANT]) {
    await workflow.users.put(platform, id, {
      name: id,
      email: `${id}@example.test`,
      timezone: 'Europe/Berlin',
    });
  }
  await workflow.users.grantDelegate(platform, MENTORS[0]!, { assistantId: ASSISTANT });
  return { clock, store, ports, workflow, worker, platform, ids: [] as string[] };
}
type World = Awaited<ReturnType<typeof world>>;

/** Runs one command; domain refusals are expected and swallowed, anything else fails the property. */
async function run(w: World, c: Command): Promise<void> {
  const expectDomain = async (p: Promise<unknown>, stranger: boolean) => {
    try {
      await p;
      if (stranger) throw new Error('a stranger changed a booking');
    } catch (error) {
      if (!(error instanceof GreenlightError)) throw error;
      if (stranger && !(error instanceof NotFoundError))
        throw new Error(`a stranger got ${error.code}, not 404`);
    }
  };
  const bookings = w.workflow.bookings;
  // Counted from the newest booking: fast-check favours small numbers, and recent bookings are still open.
  const load = async (i: number) => {
    const id = w.ids[w.ids.length - 1 - (i % Math.max(1, w.ids.length))];
    return id ? w.store.transaction((tx) => tx.getBooking(id)) : null;
  };
  switch (c.kind) {
    case 'request': {
      await w.workflow.users.updateSettings(w.platform, c.mentor, { autoApprove: c.autoApprove });
      try {
        const b = await bookings.request(
          { kind: 'user', userId: c.mentee },
          {
            mentorId: c.mentor,
            start: c.start,
            durationMinutes: c.duration,
            price: { amount: 4000, currency: 'EUR' },
          },
        );
        w.ids.push(b.id);
      } catch (error) {
        if (!(error instanceof GreenlightError)) throw error;
      }
      return;
    }
    case 'advance':
      w.clock.advance(c.hours * HOUR);
      return;
    case 'sweep': {
      await w.workflow.sweep();
      // Nothing undecided outlives its deadline past a sweep.
      const now = w.clock.now().toISOString();
      const open = await w.store.transaction((tx) =>
        tx.listBookings({ statuses: ['pending', 'alternative_suggested'], limit: 100_000 }),
      );
      for (const b of open.data) {
        expect(b.expiresAt > now).toBe(true);
        if (b.status === 'pending') expect(b.start > now).toBe(true);
        // The store lists a suggestion by its original start, so a suggested time earlier than that
        // which passed waits for the original start (accepting it is refused meanwhile).
        else expect(b.proposal!.start > now || b.start > now).toBe(true);
      }
      return;
    }
    case 'work':
      if (c.fail) {
        const error = new PortError('injected', c.fail.retryable);
        if (c.fail.lost) w.ports.loseNextResponse(c.fail.port, error);
        else w.ports.failNext(c.fail.port, error);
      }
      await w.worker.runOnce();
      return;
    case 'race': {
      const [a, b] = await Promise.all([load(c.a), load(c.b)]);
      if (!a || !b) return;
      await Promise.all([
        expectDomain(bookings.approve({ kind: 'user', userId: a.mentorId }, a.id, { force: true }), false),
        expectDomain(bookings.approve({ kind: 'user', userId: b.mentorId }, b.id, { force: true }), false),
      ]);
      return;
    }
    default: {
      const b = await load(c.target);
      if (!b) return;
      const actor = actorFor(c.who, SIDE_OF[c.kind], b);
      const assists = actor.kind === 'user' && actor.userId === ASSISTANT && b.mentorId === MENTORS[0];
      const stranger =
        actor.kind === 'user' && actor.userId !== b.mentorId && actor.userId !== b.menteeId && !assists;
      const act = {
        approve: () => bookings.approve(actor, b.id, { force: 'force' in c && c.force }),
        reject: () => bookings.reject(actor, b.id, { reason: 'Schedule conflict that day' }),
        suggest: () => bookings.suggest(actor, b.id, { start: 'start' in c ? c.start : b.start }),
        accept: () => bookings.acceptProposal(actor, b.id),
        decline: () => bookings.declineProposal(actor, b.id),
        counter: () => bookings.counter(actor, b.id, { start: 'start' in c ? c.start : b.start }),
        cancel: () => bookings.cancel(actor, b.id, { reason: 'Plans changed' }),
        report: () =>
          bookings.reportNoShow(actor, b.id, {
            note: 'Nobody came',
            ...('absent' in c && c.absent ? { absent: c.absent } : {}),
          }),
      }[c.kind];
      await expectDomain(act(), stranger);
    }
  }
}

async function checkInvariants(w: World, finals: Map<string, string>) {
  const { bookings, effects } = await w.store.transaction(async (tx) => {
    const all: Booking[] = [];
    for (const id of w.ids) all.push((await tx.getBooking(id))!);
    const lists = await Promise.all(
      (['pending', 'done', 'dead'] as const).map((status) => tx.listEffects({ status, limit: 100_000 })),
    );
    return { bookings: all, effects: lists.flatMap((l) => l.data) };
  });
  const count = (bookingId: string, kind: string) =>
    effects.filter((e) => e.bookingId === bookingId && e.payload.kind === kind).length;

  for (const b of bookings) {
    // At most one final state, and once final, final for good; but a completed session may still turn out a
    // no-show (a report within its window).
    const finalEntries = b.history
      .filter((h) => h.to && (FINAL_STATUSES as readonly string[]).includes(h.to))
      .map((h) => h.to);
    if (finalEntries.length > 1) expect(finalEntries).toEqual(['completed', 'no_show']);
    const final = finals.get(b.id);
    if (final && !(final === 'completed' && b.status === 'no_show')) expect(b.status).toBe(final);
    if ((FINAL_STATUSES as readonly string[]).includes(b.status)) finals.set(b.id, b.status);

    // No-shows: reported only after the session ended and within its window; a refund only for the mentor's
    // absence (the mentee's alone never refunds), and never a second one.
    if (b.noShow) {
      expect(b.status).toBe('no_show');
      for (const r of b.noShow.reports) {
        expect(r.at >= b.end).toBe(true);
        expect(Date.parse(r.at) - Date.parse(b.end)).toBeLessThan(48 * HOUR);
      }
      const names = (who: 'mentor' | 'mentee') => b.noShow!.reports.some((r) => r.absent === who);
      if (b.refund) expect(names('mentor')).toBe(true);
      if (!names('mentor')) expect(count(b.id, 'refund')).toBe(0);
      const sides = b.noShow.reports.map((r) => r.by);
      expect(new Set(sides).size).toBe(sides.length);
    }

    // At most one refund per booking: in the outbox and at the payment provider.
    expect(count(b.id, 'refund')).toBeLessThanOrEqual(1);
    expect(
      [...w.ports.refundsIssued.values()].filter((r) => r.bookingId === b.id).length,
    ).toBeLessThanOrEqual(1);

    // Every approval produces exactly one meeting effect; no approval, no meeting.
    const approvals = b.history.filter((h) => h.to === 'approved').length;
    expect(approvals).toBeLessThanOrEqual(1);
    expect(count(b.id, 'create_meeting')).toBe(approvals);

    // Never expired while the time under negotiation was ahead and the 7 days were not over.
    const expiry = b.history.find((h) => h.to === 'expired');
    if (expiry) {
      const negotiated =
        expiry.from === 'alternative_suggested'
          ? b.history.findLast((h) => h.event === 'alternative_suggested')!.start!
          : b.start;
      expect(expiry.at >= b.expiresAt || expiry.at >= negotiated).toBe(true);
    }

    // Nobody but the booking's mentor, mentee, the platform, the system or the mentor's assistant (recorded as
    // acting for the mentor) ever moved it.
    for (const entry of b.history) {
      if (entry.actor === ASSISTANT) {
        expect(b.mentorId).toBe(MENTORS[0]);
        expect(entry.onBehalfOf).toBe(b.mentorId);
      } else {
        expect([b.mentorId, b.menteeId, 'platform', 'system']).toContain(entry.actor);
        expect(entry.onBehalfOf).toBeUndefined();
      }
    }
  }

  // No mentor ever has two overlapping approved sessions.
  const held = bookings.filter((b) => b.status === 'approved' || b.status === 'completed');
  for (const a of held) {
    for (const b of held) {
      if (a.id < b.id && a.mentorId === b.mentorId) expect(overlaps(a, b)).toBe(false);
    }
  }
}

describe('lifecycle properties over random sequences of commands and actors', () => {
  it('keep every invariant after every step', async () => {
    // `size: 'max'`: fast-check's default size keeps arrays near 10 commands, too short to reach most states.
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 40, size: 'max' }), async (commands) => {
        const w = await world();
        const finals = new Map<string, string>();
        for (const c of commands) {
          await run(w, c);
          await checkInvariants(w, finals);
        }
        // Let everything settle: the worker drains (retrying the injected failures) and the invariants still hold.
        for (let i = 0; i < 12; i++) {
          w.clock.advance(HOUR);
          while ((await w.worker.runOnce()) > 0) {
            // drain
          }
        }
        await checkInvariants(w, finals);
      }),
      { numRuns: 200 },
    );
  }, 60_000); // seconds of work: too close to vitest's default 5 s on a busy machine
});
