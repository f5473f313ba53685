import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { createScheduler } from './scheduler';

describe('createScheduler', () => {
  it('sweeps at the clock’s time, on demand and on an interval', async () => {
    const clock = new ManualClock('2026-12-01T00:00:00Z');
    const seen: string[] = [];
    const workflow = {
      sweep: async (at?: Date) => {
        seen.push(at!.toISOString());
        return { expired: 0, reminded: 0, completed: 0 };
      },
    };
    const scheduler = createScheduler({ workflow, intervalMs: 5, clock });
    await scheduler.runOnce();
    expect(seen).toEqual(['2026-12-01T00:00:00.000Z']);
    scheduler.start();
    await expect.poll(() => seen.length).toBeGreaterThan(1);
    await scheduler.stop();
    const after = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.length).toBe(after);
  });

  it('reports a failing sweep and keeps going', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const workflow = {
      sweep: async () => {
        calls++;
        throw new Error('database unavailable');
      },
    };
    const scheduler = createScheduler({ workflow, intervalMs: 5, onError: (e) => errors.push(e) });
    scheduler.start();
    await expect.poll(() => calls).toBeGreaterThan(1);
    await scheduler.stop();
    expect(errors[0]).toBeInstanceOf(Error);
  });
});
