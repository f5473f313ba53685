import { defineProject } from 'vitest/config';
import { sharedResolve } from '../../vitest.shared';

export default defineProject({
  resolve: sharedResolve,
  // Vite applies `resolve.conditions` to the client environment only; tests run in the SSR one, which needs
  // the source condition too so workspace packages (the server in end-to-end tests) load from TypeScript.
  ssr: { resolve: { conditions: ['@greenlight/source', 'module', 'node', 'development|production'] } },
  test: {
    name: 'slack-bot',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
