import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared.ts';

export default defineProject({
  ...sourceResolution,
  test: {
    name: 'example-react-embed',
    include: ['*.test.ts', 'src/**/*.test.ts'],
  },
});
