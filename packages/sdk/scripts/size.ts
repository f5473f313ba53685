/**
 * Prints the SDK's browser bundle size (minified, then gzipped) with and without its dependencies.
 * Usage: pnpm --filter @greenlight/sdk size
 */
import { gzipSync } from 'node:zlib';
import { bundleForBrowser } from './bundle';

const variants: [string, string[]][] = [
  ['everything (sdk + contract + ky + zod)', []],
  ['without ky (ky external)', ['ky']],
  ['without ky and zod (sdk + contract only)', ['ky', 'zod']],
];

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

console.log('@greenlight/sdk browser bundle (esbuild, esm, minified)');
for (const [label, external] of variants) {
  const { code } = await bundleForBrowser({ external });
  const gzip = gzipSync(code, { level: 9 }).length;
  console.log(
    `  ${label.padEnd(42)} min ${kib(code.length).padStart(9)}   min+gzip ${kib(gzip).padStart(9)}`,
  );
}
