import type { Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { type AppHarness, startApp } from './harness';

/** The file's server (started once, in `beforeAll`) serving this run's build of the app. */
export function useApp(env: Record<string, string> = {}): () => AppHarness {
  let app: AppHarness | undefined;
  beforeAll(async () => {
    app = await startApp(inject('webAppDir'), env);
  });
  afterAll(async () => {
    await app?.stop();
  });
  return () => {
    if (!app) throw new Error('the app starts in beforeAll');
    return app;
  };
}

/** `iso` as `YYYY-MM-DDTHH:mm` on the wall clock of `timeZone`: what a datetime-local input in that zone shows. */
export function wallClock(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * Fake timers in the page from its first script on (Playwright's clock), so a test can jump past the
 * components' polling interval instead of waiting it out.
 */
export async function withClock(page: Page): Promise<Page> {
  await page.clock.install();
  return page;
}

/** Runs the components' next poll now: jumps the page's clock past the polling interval (15 s). */
export async function nextPoll(page: Page): Promise<void> {
  await page.clock.fastForward(16_000);
}
