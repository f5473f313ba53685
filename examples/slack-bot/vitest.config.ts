import { defineProject } from 'vitest/config';
import { sharedResolve } from '../../vitest.shared';

export default defineProject({
  resolve: sharedResolve,
  // Tests run in Vite's SSR environment, which ignores `resolve.conditions`: without this, workspace packages
  // resolve to a stale `dist/` whenever one exists (or fail to resolve when none does).
  ssr: { resolve: { conditions: ['@greenlight/source', 'module', 'node', 'development|production'] } },
  test: {
    name: 'example-slack-bot',
    include: ['*.test.ts', 'src/**/*.test.ts'],
  },
});
