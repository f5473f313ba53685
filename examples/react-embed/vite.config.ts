import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const reactPackage = dirname(createRequire(import.meta.url).resolve('@greenlight/react/package.json'));

/** The platform's page: an ordinary Vite + React build, served by the platform's own backend. */
export default defineConfig({
  root: 'src/page',
  plugins: [react()],
  // Workspace packages from their sources; an app outside this repo would use the published builds.
  resolve: {
    conditions: ['@greenlight/source', 'module', 'browser', 'development|production'],
    // Outside this repo: `import '@greenlight/react/styles.css'` finds the published stylesheet as is.
    alias: { '@greenlight/react/styles.css': join(reactPackage, 'src/styles.css') },
  },
  build: { outDir: '../../dist', emptyOutDir: true, target: 'es2022' },
});
