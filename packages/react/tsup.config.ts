import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { customConditions: [] } },
  tsconfig: './tsconfig.build.json',
  sourcemap: true,
  clean: true,
  // Browsers the components target; React Server Components frameworks need the directive to treat every
  // export as a client component.
  target: 'es2022',
  banner: { js: '"use client";' },
  external: ['react', 'react-dom', '@tanstack/react-query', '@greenlight/sdk', '@greenlight/core'],
  // One stylesheet, imported by the app as `@greenlight/react/styles.css`.
  onSuccess: () => copyFile('src/styles.css', 'dist/styles.css'),
});
