import { ManualClock, type Workflow } from '@greenlight/core';
import { afterEach } from 'vitest';
import { type Backend, type StorePair, workflowOn } from './scenario';

/** A fresh pair of stores sharing a manual clock, and a workflow on the first store. */
export interface World {
  pair: StorePair;
  clock: ManualClock;
  workflow: Workflow;
}

/**
 * For the enclosing `describe`: returns an opener of a `World` on `backend` with the clock at `now`
 * (null when the backend is not available here), and closes whatever it opened after each test.
 */
export function worldsOn(backend: Backend, now: string): () => Promise<World | null> {
  let pair: StorePair | null = null;
  afterEach(async () => {
    await pair?.close();
    pair = null;
  });
  return async () => {
    const clock = new ManualClock(now);
    pair = await backend.pair(clock);
    if (!pair) return null;
    return { pair, clock, workflow: workflowOn(pair.a, { clock }) };
  };
}
