import { systemClock } from '../clock';
import type { BookingStore, Clock } from '../ports';
import { type PurgeResult, purgeExpired, type RetentionOptions } from '../workflow/sweep';
import type { SweepResult, Workflow } from '../workflow/types';

/** The housekeeping purge: which store, how often, and how long what it deletes is kept. */
export interface PurgeSchedule extends RetentionOptions {
  store: BookingStore;
  /** The purge runs at most this often (1 h), by the scheduler's clock. */
  intervalMs?: number;
}

export interface SchedulerOptions {
  workflow: Pick<Workflow, 'sweep'>;
  /** The deadline sweeps run this often. */
  intervalMs: number;
  clock?: Clock;
  /** A sweep or purge failed; the scheduler keeps going. `task` says which (console.error by default). */
  onError?: (error: unknown, task: 'sweep' | 'purge') => void;
  /**
   * Deletes idempotency records and finished effects once they are older than their retention (see
   * `purgeExpired`). Without it nothing is ever deleted.
   */
  purge?: PurgeSchedule;
  /** A purge finished, with what it deleted. */
  onPurged?: (result: PurgeResult) => void;
}

/** One round of `runOnce`: the sweeps' result, and what the purge deleted when one was due. */
export interface SchedulerRound extends SweepResult {
  purged?: PurgeResult;
}

export interface Scheduler {
  /** Runs the deadline sweeps, then the purge if one is due and none is running; resolves once both are done. */
  runOnce(): Promise<SchedulerRound>;
  start(): void;
  /** Stops the timer, stops a running purge between two batches, and waits for the round in progress. */
  stop(): Promise<void>;
}

/** How often the purge runs by default. */
export const DEFAULT_PURGE_INTERVAL_MS = 3_600_000;

function positive(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
}

/**
 * Runs the deadline sweeps (expire, remind, complete) every `intervalMs`, and with `purge` the housekeeping
 * purge at most every `purge.intervalMs`. Deadlines are stored columns, so a restart loses nothing, and several
 * instances may run at once: each booking changes under its version check, and the loser of a race skips it.
 * A purge runs beside the sweeps, not in their way, so a long first purge of a large table delays no deadline.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const clock = options.clock ?? systemClock;
  const onError =
    options.onError ?? ((error: unknown, task: string) => console.error(`scheduler ${task} failed`, error));
  const purge = options.purge;
  const purgeIntervalMs = purge?.intervalMs ?? DEFAULT_PURGE_INTERVAL_MS;
  positive('purge.intervalMs', purge?.intervalMs);
  positive('purge.idempotencyRetentionMs', purge?.idempotencyRetentionMs);
  positive('purge.effectRetentionMs', purge?.effectRetentionMs);
  if (purge?.batchSize !== undefined && !(Number.isInteger(purge.batchSize) && purge.batchSize > 0)) {
    throw new RangeError(`purge.batchSize must be a positive integer, got ${purge.batchSize}`);
  }

  let timer: ReturnType<typeof setInterval> | undefined;
  let round: Promise<unknown> | undefined;
  let purging: Promise<PurgeResult> | undefined;
  let purgeAbort: AbortController | undefined;
  /** When the last purge started, by the clock; none yet means one is due. */
  let lastPurgeMs: number | undefined;

  /** Starts a purge if one is due and none is running; the promise settles when it ends, undefined otherwise. */
  function purgeIfDue(now: Date): Promise<PurgeResult> | undefined {
    if (!purge || purging) return undefined;
    if (lastPurgeMs !== undefined && now.getTime() - lastPurgeMs < purgeIntervalMs) return undefined;
    lastPurgeMs = now.getTime();
    const abort = new AbortController();
    purgeAbort = abort;
    const running = purgeExpired(purge.store, now, { ...purge, signal: abort.signal })
      .then((result) => {
        options.onPurged?.(result);
        return result;
      })
      .finally(() => {
        purging = undefined;
        purgeAbort = undefined;
      });
    purging = running;
    return running;
  }

  async function runOnce(): Promise<SchedulerRound> {
    const now = clock.now();
    const swept = await options.workflow.sweep(now);
    const purged = await purgeIfDue(now);
    return purged ? { ...swept, purged } : swept;
  }

  return {
    runOnce,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        const now = clock.now();
        round ??= options.workflow
          .sweep(now)
          .catch((error: unknown) => onError(error, 'sweep'))
          .finally(() => {
            round = undefined;
          });
        purgeIfDue(now)?.catch((error: unknown) => onError(error, 'purge'));
      }, options.intervalMs);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      purgeAbort?.abort();
      await Promise.all([round, purging?.catch(() => undefined)]);
    },
  };
}
