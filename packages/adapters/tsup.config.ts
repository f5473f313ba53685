import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { customConditions: [] } },
  tsconfig: '../../tsconfig.build.json',
  sourcemap: true,
  clean: true,
  target: 'node22',
  // `node:sqlite` has no unprefixed name: stripping the protocol (tsup's default) breaks the build's import.
  removeNodeProtocol: false,
});
