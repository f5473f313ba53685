import { ManualClock } from '../src/clock';
import type { CreateBookingBody } from '../src/contract/bookings';
import type { Effect } from '../src/effects';
import { InMemoryStore } from '../src/memory/in-memory-store';
import type { BusyTimeSource } from '../src/ports';
import { createRecordingPorts } from '../src/testing/fakes';
import { createEffectWorker } from '../src/worker/effect-worker';
import type { IcsUrlFor } from '../src/workflow/booking-links';
import { createWorkflow } from '../src/workflow/create-workflow';
import type { Actor, WorkflowDeps } from '../src/workflow/types';

/** Monday 30 November 2026, 08:00 UTC. */
export const NOW = '2026-11-30T08:00:00.000Z';
export const MENTOR = 'usr_mentor';
export const MENTEE = 'usr_mentee';
export const STRANGER = 'usr_stranger';
export const OTHER_MENTEE = 'usr_other';

export const platform: Actor = { kind: 'platform' };
export const as = (userId: string): Actor => ({ kind: 'user', userId });
export const silentLogger = { warn() {}, error() {} };

export interface HarnessOptions {
  busyTimes?: BusyTimeSource[];
  policy?: WorkflowDeps['policy'];
  mentorTimezone?: string;
  /** Given to both the workflow and the worker. */
  icsUrl?: IcsUrlFor;
}

/** A workflow over the in-memory store with a manual clock, three users and recording ports. */
export async function harness(options: HarnessOptions = {}) {
  const clock = new ManualClock(NOW);
  const store = new InMemoryStore({ clock });
  const ports = createRecordingPorts();
  const workflow = createWorkflow({
    store,
    clock,
    ...(options.busyTimes ? { busyTimes: options.busyTimes } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.icsUrl ? { icsUrl: options.icsUrl } : {}),
  });
  const worker = createEffectWorker({
    store,
    ports,
    clock,
    random: () => 0.5,
    logger: silentLogger,
    ...(options.icsUrl ? { icsUrl: options.icsUrl } : {}),
  });

  const people: Array<[string, string, string]> = [
    [MENTOR, 'Maya Mentor', options.mentorTimezone ?? 'Europe/Berlin'],
    [MENTEE, 'Theo Mentee', 'America/New_York'],
    [STRANGER, 'Sam Stranger', 'UTC'],
    [OTHER_MENTEE, 'Olga Other', 'Asia/Tokyo'],
  ];
  for (const [id, name, timezone] of people) {
    await workflow.users.put(platform, id, { name, email: `${id}@example.test`, timezone });
  }

  const book = (overrides: Partial<CreateBookingBody> = {}, who: string = MENTEE) =>
    workflow.bookings.request(as(who), {
      mentorId: MENTOR,
      start: '2026-12-02T10:00:00Z',
      durationMinutes: 60,
      price: { amount: 5000, currency: 'USD' },
      message: 'Could we go through my system design interview prep?',
      ...overrides,
    });

  async function effects(filter?: {
    kind?: Effect['payload']['kind'];
    bookingId?: string;
  }): Promise<Effect[]> {
    const all = await store.transaction(async (tx) => {
      const lists = await Promise.all(
        (['pending', 'done', 'dead'] as const).map((status) => tx.listEffects({ status, limit: 10_000 })),
      );
      return lists.flatMap((l) => l.data);
    });
    return all
      .filter((e) => !filter?.kind || e.payload.kind === filter.kind)
      .filter((e) => !filter?.bookingId || e.bookingId === filter.bookingId)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async function notificationsOf(userId: string) {
    return (await workflow.notifications.list(as(userId), { limit: 100 })).data;
  }

  /** Runs the worker until the outbox has nothing due. */
  async function drain() {
    while ((await worker.runOnce()) > 0) {
      // keep going
    }
  }

  return { clock, store, ports, workflow, worker, book, effects, notificationsOf, drain };
}

export type Harness = Awaited<ReturnType<typeof harness>>;
