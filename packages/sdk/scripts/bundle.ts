import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

export interface BrowserBundle {
  code: string;
  /** Every file that went into the bundle, relative to the package. */
  inputs: string[];
  metafile: Metafile;
}

/**
 * The SDK bundled the way a browser app would: `platform: 'browser'`, so importing any Node built-in
 * fails the build; workspace packages resolve to their sources, or with `installedIn` (a directory whose
 * node_modules holds the built packages) to their `dist/` through the default export conditions.
 */
export async function bundleForBrowser(
  options: { external?: string[]; entry?: string; stdin?: string; installedIn?: string } = {},
): Promise<BrowserBundle> {
  const workingDir = options.installedIn ?? packageRoot;
  const result = await build({
    ...(options.stdin === undefined
      ? { entryPoints: [options.entry ?? 'src/index.ts'] }
      : { stdin: { contents: options.stdin, resolveDir: workingDir, loader: 'ts' } }),
    absWorkingDir: workingDir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    conditions: options.installedIn === undefined ? ['@greenlight/source'] : [],
    external: options.external ?? [],
  });
  const code = result.outputFiles[0]?.text ?? '';
  return { code, inputs: Object.keys(result.metafile.inputs), metafile: result.metafile };
}

/** Node built-ins by every name they can be imported as. */
export const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
