import { defineConfig } from 'vitest/config';
import { WatchdogReporter } from './scripts/vitest-watchdog.ts';

export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*'],
    reporters: ['default', new WatchdogReporter()],
  },
});
