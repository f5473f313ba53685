import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The app is served by `@greenlight/server` under `/app/`. Workspace packages are bundled from their sources
 * (the `@greenlight/source` condition, the components' stylesheet included), so building the app needs no other
 * package built first.
 */
export default defineConfig({
  base: '/app/',
  plugins: [react()],
  resolve: {
    conditions: ['@greenlight/source', 'module', 'browser', 'development|production'],
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
