import type { Booking } from '../contract/bookings';
import { expireDeadline, negotiatedStart } from '../deadlines';
import { InvalidTransitionError, VersionConflictError } from '../errors';
import type { BookingEvent, EventBase } from '../machine/events';
import { step } from '../machine/snapshot';
import type { BookingStore, DueKind, IdGenerator, StoreTx } from '../ports';
import { commitStep } from './commit';
import { partiesOf } from './load';
import { addMinutes } from './parse';
import type { SweepResult, WorkflowPolicy } from './types';

/** Bookings read per `dueBookings` call. */
export const SWEEP_BATCH = 50;

/**
 * Due bookings settled at a time, each still in its own transaction: on SQLite they share COMMITs (the
 * store's group commit), on PostgreSQL their round trips overlap; few enough to leave a pool's other
 * connections to requests.
 */
export const SWEEP_CONCURRENCY = 4;

/**
 * Runs `fn` over `items`, at most `concurrency` at a time, and returns the results in order. After a failure
 * no more start; the ones running finish, then the first error is thrown.
 */
async function inTurns<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  let failure: unknown;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!);
      } catch (error) {
        if (!failed) failure = error;
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failed) throw failure;
  return results;
}

export interface SweepDeps {
  store: BookingStore;
  ids: IdGenerator;
  policy: WorkflowPolicy;
}

interface Deadline {
  kind: DueKind;
  /** What `dueBookings` is asked with: `now`, or `now + lead` for reminders. */
  dueAt: string;
  /** The rule itself, checked again inside each booking's own transaction. */
  isDue(booking: Booking): boolean;
  event(booking: Booking): BookingEvent;
  /** Verb for a refused transition. */
  action: string;
}

/** Applies the deadline's event to one booking in its own transaction; false when it was not (or no longer) due. */
async function settle(deps: SweepDeps, deadline: Deadline, id: string, now: string): Promise<boolean> {
  try {
    return await deps.store.transaction(async (tx) => {
      const booking = await tx.getBooking(id);
      // Another instance (or a user) got there first since the store listed it.
      if (!booking || !deadline.isDue(booking)) return false;
      const parties = await partiesOf(tx, booking);
      const next = step(booking, deadline.event(booking), deadline.action);
      await commitStep(tx, { before: booking, step: next, parties, ids: deps.ids, now });
      return true;
    });
  } catch (error) {
    if (error instanceof VersionConflictError || error instanceof InvalidTransitionError) return false;
    throw error;
  }
}

/**
 * Works through every booking the store lists as due, each in its own transaction. A racing writer (a user,
 * another instance) can leave one on the list after its turn. The list is oldest first and limited, so each
 * read asks for as many more rows as have stayed: they can never fill a batch and hide the due bookings
 * behind them.
 */
async function sweepDeadline(deps: SweepDeps, deadline: Deadline, now: string): Promise<number> {
  let done = 0;
  let stayed = 0;
  const seen = new Set<string>();
  for (;;) {
    const limit = SWEEP_BATCH + stayed;
    const batch = await deps.store.transaction((tx) => tx.dueBookings(deadline.kind, deadline.dueAt, limit));
    const fresh = batch.filter((b) => !seen.has(b.id));
    for (const candidate of fresh) seen.add(candidate.id);
    const settled = await inTurns(fresh, SWEEP_CONCURRENCY, (b) => settle(deps, deadline, b.id, now));
    for (const ok of settled) {
      if (ok) done++;
      else stayed++;
    }
    // A short read is the end of the list; a read with nothing new can only repeat itself.
    if (batch.length < limit || fresh.length === 0) return done;
  }
}

/** The deadline sweeps at `now`: expire undecided bookings, remind mentors, complete finished sessions. */
export async function sweepDeadlines(deps: SweepDeps, now: string): Promise<SweepResult> {
  const { policy } = deps;
  const system: EventBase = { by: 'system', actorId: 'system', at: now };
  const expired = await sweepDeadline(
    deps,
    {
      kind: 'expire',
      dueAt: now,
      isDue: (b) =>
        (b.status === 'pending' || b.status === 'alternative_suggested') && expireDeadline(b) <= now,
      event: (b) => ({
        ...system,
        type: 'EXPIRE',
        reason:
          negotiatedStart(b) <= now
            ? 'the session start passed before the booking was agreed'
            : `no agreement within ${policy.expireAfterDays} days of the booking`,
      }),
      action: 'expire',
    },
    now,
  );
  const leadMinutes = policy.reminderLeadHours * 60;
  const reminded = await sweepDeadline(
    deps,
    {
      kind: 'remind',
      dueAt: addMinutes(now, leadMinutes),
      isDue: (b) =>
        b.status === 'pending' && b.remindedAt === null && addMinutes(b.respondBy, -leadMinutes) <= now,
      event: () => ({ ...system, type: 'REMIND' }),
      action: 'remind the mentor of',
    },
    now,
  );
  const completed = await sweepDeadline(
    deps,
    {
      kind: 'complete',
      dueAt: now,
      isDue: (b) => b.status === 'approved' && b.end <= now,
      event: () => ({ ...system, type: 'COMPLETE' }),
      action: 'complete',
    },
    now,
  );
  return { expired, reminded, completed };
}

const HOUR_MS = 3_600_000;

/** How long idempotency records are kept by default: a day, as Stripe keeps its idempotency keys. */
export const DEFAULT_IDEMPOTENCY_RETENTION_MS = 24 * HOUR_MS;
/** How long finished effects are kept by default, for looking into what happened: 30 days. */
export const DEFAULT_EFFECT_RETENTION_MS = 30 * 24 * HOUR_MS;
/** Rows deleted per purge transaction, so that no purge holds its locks for long. */
export const PURGE_BATCH = 1000;

/** How long housekeeping keeps what it deletes. */
export interface RetentionOptions {
  /**
   * How long idempotency records are kept (24 h). A request repeated later with the same key is no longer
   * recognised as a repeat: it runs as a new request.
   */
  idempotencyRetentionMs?: number;
  /**
   * How long `done` effects are kept after they last changed (30 days); `PURGEABLE_EFFECT_KINDS` says which.
   * Pending effects, dead letters and refunds are never purged.
   */
  effectRetentionMs?: number;
  /** Rows deleted per transaction (1,000). */
  batchSize?: number;
}

/** What one purge deleted. */
export interface PurgeResult {
  idempotencyRecords: number;
  effects: number;
  /** Records of used email action links whose link has expired (a spent link that could no longer work anyway). */
  actionTokenUses: number;
}

/** Deletes with `purge` in transactions of `batchSize` rows until a batch comes back short or `signal` aborts. */
async function purgeInBatches(
  store: BookingStore,
  batchSize: number,
  purge: (tx: StoreTx) => Promise<number>,
  signal: AbortSignal | undefined,
): Promise<number> {
  let total = 0;
  while (!signal?.aborted) {
    const deleted = await store.transaction(purge);
    total += deleted;
    if (deleted < batchSize) break;
  }
  return total;
}

/**
 * Housekeeping at `now`: deletes idempotency records older than their retention, then done effects that last
 * changed before theirs, then the records of used email action links past their link's expiry (an expired link
 * is refused before its record is looked at), each in batches of short transactions. Instances may purge at once: PostgreSQL has
 * them skip each other's rows, and a row deleted twice is simply not there the second time. `signal` stops it
 * between batches (the scheduler stopping); what is left goes in the next purge.
 */
export async function purgeExpired(
  store: BookingStore,
  now: Date,
  options: RetentionOptions & { signal?: AbortSignal } = {},
): Promise<PurgeResult> {
  const batchSize = options.batchSize ?? PURGE_BATCH;
  const before = (retentionMs: number) => new Date(now.getTime() - retentionMs).toISOString();
  const idempotencyBefore = before(options.idempotencyRetentionMs ?? DEFAULT_IDEMPOTENCY_RETENTION_MS);
  const effectsBefore = before(options.effectRetentionMs ?? DEFAULT_EFFECT_RETENTION_MS);
  const idempotencyRecords = await purgeInBatches(
    store,
    batchSize,
    (tx) => tx.purgeIdempotency(idempotencyBefore, batchSize),
    options.signal,
  );
  const effects = await purgeInBatches(
    store,
    batchSize,
    (tx) => tx.purgeEffects(effectsBefore, batchSize),
    options.signal,
  );
  const actionTokenUses = await purgeInBatches(
    store,
    batchSize,
    (tx) => tx.purgeActionTokenUses(now.toISOString(), batchSize),
    options.signal,
  );
  return { idempotencyRecords, effects, actionTokenUses };
}
