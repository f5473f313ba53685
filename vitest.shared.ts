import type { ViteUserConfig } from 'vitest/config';

const SOURCE = '@greenlight/source';

/**
 * Resolve workspace packages to their TypeScript sources (the `@greenlight/source` export condition), so
 * tests never need a build and never see a stale `dist/`. Tests run in Vite's SSR environment, which ignores
 * `resolve.conditions`, hence the same condition under `ssr`; its other defaults stay so CommonJS
 * dependencies such as pg keep loading as CommonJS.
 */
export const sourceResolution: Pick<ViteUserConfig, 'resolve' | 'ssr'> = {
  resolve: { conditions: [SOURCE, 'import', 'module', 'default'] },
  ssr: { resolve: { conditions: [SOURCE, 'module', 'node', 'development|production'] } },
};
