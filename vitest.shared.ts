import type { ViteUserConfig } from 'vitest/config';

/** Resolve workspace packages to their TypeScript sources so tests never need a build first. */
export const sharedResolve: ViteUserConfig['resolve'] = {
  conditions: ['@greenlight/source', 'import', 'module', 'default'],
};
