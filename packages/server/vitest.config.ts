import { defineProject } from 'vitest/config';
import { sharedResolve } from '../../vitest.shared';

export default defineProject({
  resolve: sharedResolve,
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
