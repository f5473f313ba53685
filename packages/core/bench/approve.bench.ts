/**
 * Approve throughput in memory: load the booking → transition → save → enqueue effects, through the XState
 * machine and through a hand-written switch over the same data, in the same run. Run: `pnpm bench`.
 */
import { isDeepStrictEqual } from 'node:util';
import { ManualClock } from '../src/clock';
import type { Booking, CalendarLinks } from '../src/contract/bookings';
import { InvalidTransitionError } from '../src/errors';
import { createIdGenerator } from '../src/ids';
import type { BookingEvent } from '../src/machine/events';
import { type Step, step } from '../src/machine/snapshot';
import { InMemoryStore } from '../src/memory/in-memory-store';
import { commitStep } from '../src/workflow/commit';
import { createWorkflow } from '../src/workflow/create-workflow';

const BOOKINGS = 3_000;
const ROUNDS = 5;
const TRANSITIONS = 20_000;
const NOW = '2026-11-30T08:00:00.000Z';
const links: CalendarLinks = { google: 'g', yahoo: 'y', outlook: 'o', office365: '3', ics: 'i' };

const approveEvent = (at: string): BookingEvent => ({
  type: 'APPROVE',
  by: 'mentor',
  actorId: 'usr_mentor',
  at,
  meetingProvider: 'jitsi',
  calendarLinks: links,
});

/** The same transition written by hand, as one would without a state machine. */
function switchTransition(booking: Booking, event: BookingEvent): Step {
  switch (event.type) {
    case 'APPROVE': {
      const byMentor = event.by === 'mentor' || (event.by === 'platform' && event.actsAs?.includes('mentor'));
      if (booking.status !== 'pending' || !byMentor)
        throw new InvalidTransitionError('approve', booking.status);
      return {
        booking: {
          ...booking,
          status: 'approved',
          updatedAt: event.at,
          decidedAt: booking.decidedAt ?? event.at,
          meeting: { provider: event.meetingProvider, status: 'pending' },
          calendarLinks: event.calendarLinks,
          history: [
            ...booking.history,
            { at: event.at, actor: event.actorId, event: 'approved', from: 'pending', to: 'approved' },
          ],
        },
        effects: [
          { type: 'createMeeting' },
          { type: 'notify', params: { kind: 'booking_approved', to: 'both', via: ['in_app'] } },
          { type: 'emitWebhook', params: { type: 'booking.approved' } },
        ],
      };
    }
    default:
      throw new InvalidTransitionError(event.type.toLowerCase(), booking.status);
  }
}

type Transition = (booking: Booking, event: BookingEvent) => Step;
const viaMachine: Transition = (booking, event) => step(booking, event, 'approve');

async function pendingBookings(count: number) {
  const clock = new ManualClock(NOW);
  const store = new InMemoryStore({ clock });
  const workflow = createWorkflow({ store, clock });
  const platform = { kind: 'platform' } as const;
  await workflow.users.put(platform, 'usr_mentor', {
    name: 'Maya',
    email: 'm@example.test',
    timezone: 'Europe/Berlin',
  });
  await workflow.users.put(platform, 'usr_mentee', {
    name: 'Theo',
    email: 't@example.test',
    timezone: 'UTC',
  });
  await workflow.webhookEndpoints.create(platform, {
    url: 'https://h.example.test',
    events: ['booking.approved'],
  });
  const template = await workflow.bookings.request(platform, {
    mentorId: 'usr_mentor',
    menteeId: 'usr_mentee',
    start: '2026-12-02T10:00:00Z',
    durationMinutes: 60,
    price: { amount: 5000, currency: 'USD' },
    message: 'System design interview prep',
  });
  const ids = createIdGenerator();
  const bookingIds: string[] = [];
  await store.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const id = ids.id('bkg');
      await tx.insertBooking({ ...template, id });
      bookingIds.push(id);
    }
  });
  return { store, bookingIds, ids };
}

/** Approves every booking, one transaction each, exactly as the workflow does; returns approvals per second. */
async function approveAll(transition: Transition): Promise<{ perSecond: number; sample: Booking }> {
  const { store, bookingIds, ids } = await pendingBookings(BOOKINGS);
  let sample: Booking | undefined;
  const started = performance.now();
  for (const id of bookingIds) {
    const saved = await store.transaction(async (tx) => {
      const booking = (await tx.getBooking(id))!;
      const [mentor, mentee] = await Promise.all([
        tx.getUser(booking.mentorId),
        tx.getUser(booking.menteeId),
      ]);
      const next = transition(booking, approveEvent(NOW));
      return commitStep(tx, {
        before: booking,
        step: next,
        parties: { mentor: mentor!, mentee: mentee! },
        ids,
        now: NOW,
      });
    });
    sample ??= saved;
  }
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: BOOKINGS / seconds, sample: sample! };
}

async function transitionsOnly(transition: Transition): Promise<number> {
  const { store, bookingIds } = await pendingBookings(1);
  const booking = (await store.transaction((tx) => tx.getBooking(bookingIds[0]!)))!;
  const event = approveEvent(NOW);
  const started = performance.now();
  for (let i = 0; i < TRANSITIONS; i++) transition(booking, event);
  return TRANSITIONS / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(12);

async function main() {
  // Same data in, same booking out: otherwise the comparison means nothing.
  const a = await approveAll(viaMachine);
  const b = await approveAll(switchTransition);
  const strip = (x: Booking) => ({ ...x, id: '', history: x.history.map((h) => ({ ...h })) });
  if (!isDeepStrictEqual(strip(a.sample), strip(b.sample))) throw new Error('the two transitions disagree');

  const machine: number[] = [];
  const handWritten: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    machine.push((await approveAll(viaMachine)).perSecond);
    handWritten.push((await approveAll(switchTransition)).perSecond);
  }
  const machineOnly: number[] = [];
  const switchOnly: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    machineOnly.push(await transitionsOnly(viaMachine));
    switchOnly.push(await transitionsOnly(switchTransition));
  }

  const m = median(machine);
  const s = median(handWritten);
  console.log(
    `approve in memory: load → transition → save → enqueue effects (${BOOKINGS} bookings, median of ${ROUNDS} rounds)`,
  );
  console.log(`  xstate machine (transition())   ${fmt(m)} approvals/s`);
  console.log(`  hand-written switch (baseline)  ${fmt(s)} approvals/s`);
  console.log(`  ratio machine / switch          ${(m / s).toFixed(2).padStart(12)}`);
  const mo = median(machineOnly);
  const so = median(switchOnly);
  console.log(`transition alone (${TRANSITIONS} calls, median of ${ROUNDS} rounds)`);
  console.log(`  xstate machine (transition())   ${fmt(mo)} transitions/s`);
  console.log(`  hand-written switch (baseline)  ${fmt(so)} transitions/s`);
  console.log(`  ratio machine / switch          ${(mo / so).toFixed(3).padStart(12)}`);
}

await main();
