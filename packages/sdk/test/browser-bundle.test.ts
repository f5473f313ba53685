import { describe, expect, it } from 'vitest';
import { bundleForBrowser, NODE_BUILTINS } from '../scripts/bundle';

function importsOf(bundle: Awaited<ReturnType<typeof bundleForBrowser>>): string[] {
  return Object.values(bundle.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
}

describe('browser bundle', () => {
  it('bundles for the browser platform without a single Node built-in', async () => {
    const bundle = await bundleForBrowser();
    expect(bundle.code.length).toBeGreaterThan(0);
    expect(importsOf(bundle).filter((path) => NODE_BUILTINS.has(path))).toEqual([]);
  });

  it('carries neither xstate nor the domain nor the server, only the contract of core', async () => {
    const { inputs } = await bundleForBrowser();
    expect(inputs.filter((p) => /node_modules\/(\.pnpm\/)?xstate/.test(p))).toEqual([]);
    expect(inputs.filter((p) => p.includes('packages/server/') || p.includes('/server/src/'))).toEqual([]);
    const core = inputs.filter((p) => p.includes('core/src/'));
    expect(core.length).toBeGreaterThan(0);
    expect(core.filter((p) => !/core\/src\/contract(\.ts|\/)/.test(p))).toEqual([]);
    expect(inputs.some((p) => p.includes('node_modules/ky/') || p.includes('/ky@'))).toBe(true);
  });

  it('tree-shakes zod: `import { z }` would drag in every locale (~70 KiB gzip more)', async () => {
    const { metafile } = await bundleForBrowser();
    const output = Object.values(metafile.outputs)[0]!;
    const locales = Object.entries(output.inputs)
      .filter(([path, { bytesInOutput }]) => path.includes('/zod/v4/locales/') && bytesInOutput > 0)
      .map(([path]) => path.replace(/.*\/locales\//, ''));
    expect(locales).toEqual(['en.js']);
  });

  it('would catch a Node built-in: the same build fails on one', async () => {
    await expect(
      bundleForBrowser({
        stdin: "import { randomUUID } from 'node:crypto'; export const id = randomUUID();",
      }),
    ).rejects.toThrow(/node:crypto/);
  });
});
