/**
 * Prints the size of @greenlight/react in a browser bundle (esbuild, ESM, minified, then gzipped) without what
 * an app brings anyway: React, TanStack Query and the SDK, with what the SDK carries (ky, zod and core's
 * contract, whose every schema the SDK uses, so the one function the components take from it costs nothing
 * more). Fails when the package's own code goes over the budget written in the README.
 * Usage: pnpm --filter @greenlight/react size
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * The budget in the README ("Size"): min + gzip of the whole package without React, TanStack Query and the SDK.
 * 18 KiB until issue 14's surfaces (the conversation, no-shows and past sessions, the history, rule sets,
 * assistants, decisions in bulk) added about 11 KiB, a third of it their English strings.
 */
export const BUDGET_BYTES = 28 * 1024;

const PEERS = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query'];
const SDK = ['@greenlight/sdk', '@greenlight/core/contract', 'ky', 'zod'];

async function bundle(external: string[], only?: string[]): Promise<{ min: number; gzip: number }> {
  const root = new URL('..', import.meta.url).pathname;
  const result = await build({
    ...(only
      ? {
          stdin: {
            contents: `export { ${only.join(', ')} } from './src/index';`,
            resolveDir: root,
            loader: 'ts',
          },
        }
      : { entryPoints: ['src/index.ts'] }),
    absWorkingDir: root,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
    conditions: ['@greenlight/source'],
    external,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const variants: [string, string[]][] = [
  ['@greenlight/react alone (what the budget counts)', [...PEERS, ...SDK]],
  ['with the SDK (contract, ky, zod)', PEERS],
  ['with React, TanStack Query and the SDK', []],
];

console.log('@greenlight/react browser bundle (esbuild, esm, minified)');
let own = 0;
for (const [label, external] of variants) {
  const { min, gzip } = await bundle(external);
  if (own === 0) own = gzip;
  console.log(`  ${label.padEnd(50)} min ${kib(min).padStart(9)}   min+gzip ${kib(gzip).padStart(9)}`);
}
// What an app that imports only some components ships of the package (the rest is shaken out).
const subsets: [string, string[]][] = [
  ['pending list, review card, bell', ['PendingBookings', 'BookingReview', 'NotificationBell']],
  ['My bookings, answer to a suggestion', ['MyBookings', 'ProposalResponse']],
  ['settings, rule sets, assistants', ['MentorSettings']],
  ['the conversation', ['BookingConversation']],
];
for (const [label, only] of subsets) {
  const { min, gzip } = await bundle([...PEERS, ...SDK], only);
  console.log(`  only ${label.padEnd(45)} min ${kib(min).padStart(9)}   min+gzip ${kib(gzip).padStart(9)}`);
}
console.log(`  budget: ${kib(BUDGET_BYTES)} min+gzip for the package alone`);
if (own > BUDGET_BYTES) {
  console.error(`@greenlight/react is ${kib(own)} min+gzip, over its ${kib(BUDGET_BYTES)} budget`);
  process.exit(1);
}
