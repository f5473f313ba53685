import { afterAll, beforeAll, it } from 'vitest';
import { type Harness, type StoreKind, startHarness } from './harness';

export const STORES: StoreKind[] = ['sqlite', 'postgres'];

/**
 * One harness per describe block; tests skip only when PostgreSQL is absent outside CI (under CI=true
 * `startHarness` throws instead, so the run fails).
 */
export function useHarness(kind: StoreKind, env: Record<string, string> = {}) {
  let harness: Harness | null = null;
  beforeAll(async () => {
    harness = await startHarness(kind, env);
  }, 30_000);
  afterAll(async () => {
    await harness?.stop();
  });
  const test = (name: string, fn: (h: Harness) => Promise<void>, timeout?: number) =>
    it(
      name,
      async (ctx) => {
        if (!harness) return ctx.skip();
        await fn(harness);
      },
      timeout,
    );
  return { test, get: () => harness };
}
