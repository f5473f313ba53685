import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared.ts';

export default defineProject({
  ...sourceResolution,
  test: {
    name: 'web',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The browser suites build the app once for the whole run (see test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    // A browser flow takes seconds on two shared cores; every wait inside one is on a condition, not a sleep.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
