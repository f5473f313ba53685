import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The platform's page: an ordinary Vite + React build, served by the platform's own backend. */
export default defineConfig({
  root: 'src/page',
  plugins: [react()],
  // Workspace packages from their sources (the stylesheet too); an app outside this repo, without the condition,
  // gets the published builds and `dist/styles.css`.
  resolve: {
    conditions: ['@greenlight/source', 'module', 'browser', 'development|production'],
  },
  build: { outDir: '../../dist', emptyOutDir: true, target: 'es2022' },
});
