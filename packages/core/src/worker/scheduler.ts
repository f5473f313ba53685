import { systemClock } from '../clock';
import type { Clock } from '../ports';
import type { SweepResult, Workflow } from '../workflow/types';

export interface Scheduler {
  runOnce(): Promise<SweepResult>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Runs the deadline sweeps (expire, remind, complete) every `intervalMs`. Deadlines are stored columns,
 * so a restart loses nothing, and several instances may run at once: each booking changes under its
 * version check, and the loser of a race skips it.
 */
export function createScheduler(options: {
  workflow: Pick<Workflow, 'sweep'>;
  intervalMs: number;
  clock?: Clock;
  onError?: (error: unknown) => void;
}): Scheduler {
  const clock = options.clock ?? systemClock;
  const onError = options.onError ?? ((error: unknown) => console.error('scheduler sweep failed', error));
  let timer: ReturnType<typeof setInterval> | undefined;
  let round: Promise<unknown> | undefined;

  const runOnce = () => options.workflow.sweep(clock.now());

  return {
    runOnce,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        round ??= runOnce()
          .catch(onError)
          .finally(() => {
            round = undefined;
          });
      }, options.intervalMs);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await round;
    },
  };
}
