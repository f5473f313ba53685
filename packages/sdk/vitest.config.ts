import { defineProject } from 'vitest/config';
import { sharedResolve } from '../../vitest.shared';

export default defineProject({
  resolve: sharedResolve,
  // Vite applies `resolve.conditions` to the client environment only; tests run in the SSR one.
  ssr: { resolve: { conditions: sharedResolve?.conditions ?? [] } },
  test: {
    name: 'sdk',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
