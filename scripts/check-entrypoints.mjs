// After `pnpm build`: every published entry point loads through both `import` and `require`, and
// `@greenlight/core/contract` (used by the browser SDK) never loads xstate.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const failures = [];

function run(code, type) {
  try {
    return execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    failures.push(`${type}: ${code}\n${(error.stderr || error.message).split('\n').slice(0, 6).join('\n')}`);
    return null;
  }
}

for (const dir of readdirSync(join(root, 'packages'))) {
  const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  for (const key of Object.keys(pkg.exports ?? {})) {
    if (key.endsWith('package.json') || key === './cli') continue;
    const spec = join(root, 'packages', dir, pkg.exports[key].import.default);
    const cjs = join(root, 'packages', dir, pkg.exports[key].require.default);
    const esm = run(`await import(${JSON.stringify(spec)});`, 'module');
    const req = run(`require(${JSON.stringify(cjs)});`, 'commonjs');
    if (esm !== null && req !== null) console.log(`ok  ${pkg.name}${key.slice(1)} (import + require)`);
  }
}

const contract = join(root, 'packages/core/dist/contract.cjs');
const loaded = run(
  `require(${JSON.stringify(contract)}); console.log(Object.keys(require.cache).filter((p) => p.includes('xstate')).length)`,
  'commonjs',
)?.trim();
if (loaded !== '0') failures.push(`@greenlight/core/contract loaded xstate (${loaded} modules)`);
else console.log('ok  @greenlight/core/contract does not load xstate');

if (failures.length > 0) {
  console.error(failures.join('\n\n'));
  process.exit(1);
}
