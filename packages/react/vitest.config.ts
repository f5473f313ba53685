import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared';

/** Node: pure helpers, the stylesheet's scoping, and server rendering. The components' own tests run in Chromium (vitest.browser.config.ts). */
export default defineProject({
  ...sourceResolution,
  test: {
    name: 'react',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['src/**/*.browser.test.tsx'],
  },
});
