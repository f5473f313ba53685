import { defineProject } from 'vitest/config';
import { sharedResolve } from '../../vitest.shared';

export default defineProject({
  resolve: sharedResolve,
  test: {
    name: 'sdk',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
