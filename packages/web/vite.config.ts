import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The components' stylesheet from its source too, like their code (its package export points at the build).
const reactPackage = dirname(createRequire(import.meta.url).resolve('@greenlight/react/package.json'));

/**
 * The app is served by `@greenlight/server` under `/app/`. Workspace packages are bundled from their sources
 * (the `@greenlight/source` condition), so building the app needs no other package built first.
 */
export default defineConfig({
  base: '/app/',
  plugins: [react()],
  resolve: {
    conditions: ['@greenlight/source', 'module', 'browser', 'development|production'],
    alias: { '@greenlight/react/styles.css': join(reactPackage, 'src/styles.css') },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // One entry, no inline scripts: the server's Content-Security-Policy allows only same-origin files.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
