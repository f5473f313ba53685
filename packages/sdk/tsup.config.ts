import { defineConfig } from 'tsup';

export default defineConfig({
  // jitless: a side effect only, for pages under a strict Content-Security-Policy.
  entry: ['src/index.ts', 'src/jitless.ts'],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { customConditions: [] } },
  tsconfig: '../../tsconfig.build.json',
  sourcemap: true,
  clean: true,
  target: 'node22',
  // ky is ESM only, so the CJS build cannot leave it to `require('ky')`: on Node ≥ 22.12 that returns
  // ky's module namespace, and esbuild's Node-mode interop (this package is `type: module`) reads the
  // whole namespace as the default export, so `ky.create` is undefined. The CJS output carries its own
  // copy of ky instead; the ESM output keeps importing the `ky` dependency, shared with the app's.
  noExternal: ['ky'],
  esbuildOptions(options, { format }) {
    if (format === 'esm') options.external = [...(options.external ?? []), 'ky'];
  },
});
