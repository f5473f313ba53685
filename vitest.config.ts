import { defineConfig } from 'vitest/config';
import { WatchdogReporter } from './scripts/vitest-watchdog.ts';

export default defineConfig({
  test: {
    // The React components also run in Chromium: their browser project has a config of its own.
    projects: ['packages/*', 'examples/*', 'packages/react/vitest.browser.config.ts'],
    reporters: ['default', new WatchdogReporter()],
  },
});
