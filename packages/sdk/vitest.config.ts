import { defineProject } from 'vitest/config';
import { sharedResolve } from '../../vitest.shared';

export default defineProject({
  resolve: sharedResolve,
  // Vite applies `resolve.conditions` to the client environment only; tests run in the SSR one, whose
  // defaults (module, node, development|production) stay so CommonJS deps such as pg load as CommonJS.
  ssr: { resolve: { conditions: ['@greenlight/source', 'module', 'node', 'development|production'] } },
  test: {
    name: 'sdk',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
