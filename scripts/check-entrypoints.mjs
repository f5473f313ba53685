// After `pnpm build`: every package, packed as it would be published, installed in a temp directory and used
// the way each kind of consumer uses it, each in a child process of its own:
//   - TypeScript with `moduleResolution: node16` as ESM (`type: module`) and as CommonJS, and with
//     `moduleResolution: bundler`: typechecked by tsc against the packed .d.ts / .d.cts, then run. The
//     node16 builds are plain Node ESM `import` and CommonJS `require` programs once compiled;
//   - esbuild bundling the TypeScript consumer and the compiled CommonJS consumer for Node, then run,
//     and the SDK for the browser platform (`packages/sdk/scripts/bundle.ts`, as its own test does);
//   - the CLIs through `import` and `require`.
// The consumer (scripts/consumers/consumer.ts) makes real calls: the SDK against a server started from the
// packed `@greenlight/server/cli` on port 0 with a temp SQLite database. publint and attw check types and
// resolution; this checks behaviour. Run: `pnpm build && node scripts/check-entrypoints.mjs`.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const sdkRequire = createRequire(join(root, 'packages/sdk/package.json'));
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
const API_KEY = 'consumers-platform-key-0123456789';
const JWT_SECRET = 'consumers-jwt-secret-0123456789abcdef0123';

const packages = readdirSync(join(root, 'packages')).map((dir) => ({
  dir,
  manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')),
}));

/** What each step of consumer.ts must answer, by the entry point it uses. */
const STEPS = {
  '@greenlight/core/contract': {
    does: 'validates a request body and names the field it refuses',
    value: { valid: true, invalidAt: ['durationMinutes'] },
  },
  '@greenlight/core': {
    does: 'requests and approves a booking with createWorkflow on the in-memory store',
    value: { status: 'approved' },
  },
  '@greenlight/adapters': {
    does: 'requests and approves a booking on a SQLite store in a temp directory',
    value: { sqlite: true, status: 'approved' },
  },
  '@greenlight/server': {
    does: 'answers /healthz from its fetch handler',
    value: { status: 200, body: { ok: true } },
  },
  '@greenlight/sdk': {
    does: 'creates users and a booking and approves it against the server',
    value: { created: 'pending', approved: 'approved' },
  },
  '@greenlight/slack-bot': {
    does: 'constructs the bot and renders the approved booking’s card and the help message',
    value: {
      start: 'function',
      cardText: 'Approved: session with Leo, Mon, Dec 2, 2030, 3:00 PM UTC',
      helpBlocks: 1,
    },
  },
  '@greenlight/sdk/jitless': {
    does: 'loads as a module with no exports of its own (a side effect on zod)',
    value: { sideEffectOnly: true },
  },
  '@greenlight/react': {
    does: 'renders the pending list and a review card with renderToString, touching no DOM',
    value: { root: true, title: true, loading: true },
  },
  '@greenlight/react/styles.css': {
    does: 'resolves to the one stylesheet, all of it in @layer greenlight',
    value: { layer: true },
  },
};
/** The CLIs run on import, so they are checked by what they do on start instead of by consumer.ts. */
const CLIS = ['@greenlight/server/cli', '@greenlight/slack-bot/cli'];

/** Child processes get only what they are given: no SLACK_* or GREENLIGHT_* from the caller's shell. */
function env(extra = {}) {
  const { PATH, HOME, TMPDIR } = process.env;
  return Object.fromEntries(
    Object.entries({ PATH, HOME, TMPDIR, ...extra }).filter(([, v]) => v !== undefined),
  );
}

function node(args, options) {
  return run(process.execPath, args, { encoding: 'utf8', timeout: 60_000, ...options });
}

/** The outcome of a child process that may fail, with its output either way. */
async function settle(promise) {
  try {
    const { stdout, stderr } = await promise;
    return { code: 0, stdout, stderr };
  } catch (error) {
    return { code: error.code ?? 1, stdout: error.stdout ?? '', stderr: error.stderr ?? error.message };
  }
}

/**
 * `pnpm pack` every package and unpack it into `<dir>/node_modules`, so only its published `files` are there.
 * Each packed package gets a node_modules of its own `dependencies` (devDependencies are not installed for
 * a consumer): the packed siblings for @greenlight/*, the workspace's installed copies for the rest.
 */
async function install(dir) {
  const modules = join(dir, 'node_modules');
  const packs = join(dir, 'packs');
  mkdirSync(packs, { recursive: true });
  await Promise.all(
    packages.map(async ({ dir: name, manifest }) => {
      const { stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', packs], {
        cwd: join(root, 'packages', name),
        encoding: 'utf8',
      });
      const target = join(modules, manifest.name);
      mkdirSync(target, { recursive: true });
      await run('tar', ['-xzf', JSON.parse(stdout).filename, '-C', target, '--strip-components=1']);
    }),
  );
  for (const { dir: name, manifest } of packages) {
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const link = join(modules, manifest.name, 'node_modules', dependency);
      mkdirSync(dirname(link), { recursive: true });
      const installed = dependency.startsWith('@greenlight/')
        ? join(modules, dependency)
        : realpathSync(join(root, 'packages', name, 'node_modules', dependency));
      symlinkSync(installed, link, 'dir');
    }
  }
  // An app installs the peers (React, TanStack Query) itself, once, beside the packages that use them.
  for (const { dir: name, manifest } of packages) {
    const peers = Object.keys(manifest.peerDependencies ?? {});
    for (const peer of [...peers, ...peers.map((p) => `@types/${p}`)]) {
      const link = join(modules, peer);
      let installed;
      try {
        installed = realpathSync(join(root, 'packages', name, 'node_modules', peer));
      } catch {
        continue; // a peer without separate types
      }
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(installed, link, 'dir');
    }
  }
  mkdirSync(join(modules, '@types'), { recursive: true });
  symlinkSync(realpathSync(join(root, 'node_modules/@types/node')), join(modules, '@types/node'), 'dir');
}

// skipLibCheck as in most apps (and `tsc --init`): without it tsc reports errors inside third-party
// declarations (ical.js's own types do not compile under node16) that no consumer can act on.
const COMPILER_OPTIONS = {
  target: 'ES2022',
  strict: true,
  skipLibCheck: true,
  types: ['node'],
  outDir: 'out',
  rootDir: '.',
};

/** The TypeScript consumers: each a directory with its own package.json type and tsconfig. */
const TYPESCRIPT = {
  'node16-esm': {
    title: 'TypeScript moduleResolution node16, type: module (run as Node ESM import)',
    type: 'module',
    compilerOptions: { module: 'node16', moduleResolution: 'node16' },
  },
  'node16-cjs': {
    title: 'TypeScript moduleResolution node16, type: commonjs (run as Node CommonJS require)',
    type: 'commonjs',
    compilerOptions: { module: 'node16', moduleResolution: 'node16', esModuleInterop: true },
  },
  bundler: {
    title: 'TypeScript moduleResolution bundler (run as Node ESM)',
    type: 'module',
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler' },
  },
};

async function compile(dir, kind) {
  const { type, compilerOptions } = TYPESCRIPT[kind];
  const project = join(dir, kind);
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ type, private: true }));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...COMPILER_OPTIONS, ...compilerOptions }, files: ['consumer.ts'] }),
  );
  copyFileSync(join(root, 'scripts/consumers/consumer.ts'), join(project, 'consumer.ts'));
  // tsc emits despite type errors, so a typecheck failure and a runtime failure are reported apart.
  const result = await settle(node([tsc, '-p', project], { cwd: project }));
  return { ...result, program: join(project, 'out/consumer.js') };
}

async function bundleForNode(dir, entry, name) {
  const { build } = sdkRequire('esbuild');
  const outfile = join(dir, 'esbuild', `${name}.cjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    logLevel: 'silent',
  });
  return outfile;
}

/** Runs a consumer; resolves with each step's JSON line by step name, and the raw output for failures. */
async function consume(program, name) {
  const result = await settle(
    node([program], {
      cwd: dirname(program),
      env: env({ GREENLIGHT_URL: server.url, GREENLIGHT_API_KEY: API_KEY, CONSUMER: name }),
    }),
  );
  const steps = Object.fromEntries(
    result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{"step"'))
      .map((line) => JSON.parse(line))
      .map((line) => [line.step, line]),
  );
  return { ...result, steps };
}

function startServer(dir) {
  const child = spawn(process.execPath, ['cli.mjs', 'serve'], {
    cwd: dir,
    env: env({
      ENTRY: '@greenlight/server/cli',
      PORT: '0',
      HOST: '127.0.0.1',
      GREENLIGHT_DATABASE_URL: join(dir, 'server.db'),
      GREENLIGHT_API_KEY: API_KEY,
      GREENLIGHT_JWT_SECRET: JWT_SECRET,
      LOG_LEVEL: 'warn',
    }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const listening = /listening on (http:\/\/\S+)/.exec(stderr);
      if (listening) resolve(listening[1]);
    });
    child.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before listening:\n${stderr}`)),
    );
  });
  return { child, url };
}

let dir;
let server;
/** Started in `before`, awaited by the tests: the compilers and bundlers run side by side. */
const pending = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'greenlight-consumers-'));
  const started = Date.now();
  await install(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true }));
  writeFileSync(join(dir, 'cli.mjs'), 'await import(process.env.ENTRY);\n');
  writeFileSync(join(dir, 'cli.cjs'), 'require(process.env.ENTRY);\n');
  const { child, url } = startServer(dir);
  server = { child, url: await url };
  console.log(`# packed and installed ${packages.length} packages, server up in ${Date.now() - started} ms`);
  // Each consumer runs as soon as it is built, beside the others still building.
  for (const kind of Object.keys(TYPESCRIPT)) {
    pending[kind] = compile(dir, kind);
    pending[`${kind} run`] = pending[kind].then(({ program }) => consume(program, kind));
  }
  mkdirSync(join(dir, 'esbuild'));
  copyFileSync(join(root, 'scripts/consumers/consumer.ts'), join(dir, 'esbuild/consumer.ts'));
  pending['esbuild-ts run'] = bundleForNode(dir, join(dir, 'esbuild/consumer.ts'), 'from-typescript').then(
    (program) => consume(program, 'esbuild-ts'),
  );
  pending['esbuild-cjs run'] = pending['node16-cjs']
    .then(({ program }) => bundleForNode(dir, program, 'from-commonjs'))
    .then((program) => consume(program, 'esbuild-cjs'));
  // Each is awaited by its tests; a failure belongs to them, not to this hook.
  for (const promise of Object.values(pending)) promise.catch(() => {});
});

after(async () => {
  if (server) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('every entry point in the packages’ exports is used by a consumer', () => {
  const entries = packages.flatMap(({ manifest }) =>
    Object.keys(manifest.exports ?? {})
      .filter((key) => key !== './package.json')
      .map((key) => `${manifest.name}${key.slice(1)}`),
  );
  assert.deepEqual(entries.filter((entry) => !(entry in STEPS) && !CLIS.includes(entry)).sort(), []);
});

/** One test per package: a consumer whose process crashed fails them all, with its output. */
function stepsOf(title, name) {
  describe(title, () => {
    for (const [entry, { does, value }] of Object.entries(STEPS)) {
      test(`${entry} ${does}`, async () => {
        const outcome = await pending[`${name} run`];
        const step = outcome.steps[entry];
        assert.ok(step, `no answer from the ${entry} step (exit ${outcome.code}):\n${outcome.stderr}`);
        assert.equal(step.error, undefined, step.error);
        assert.deepEqual(step.value, value);
      });
    }
  });
}

for (const [kind, { title }] of Object.entries(TYPESCRIPT)) {
  describe(title, () => {
    test('typechecks against the packed declarations', async () => {
      const { code, stdout, stderr } = await pending[kind];
      assert.equal(code, 0, `tsc failed:\n${stdout}${stderr}`);
    });
    stepsOf('runs', kind);
  });
}

stepsOf('esbuild, platform node, bundling the TypeScript consumer (import conditions)', 'esbuild-ts');
stepsOf(
  'esbuild, platform node, bundling the compiled CommonJS consumer (require conditions)',
  'esbuild-cjs',
);

describe('esbuild, platform browser, bundling the packed SDK', () => {
  test('bundles without a Node built-in, and carries only the contract of core, not xstate', async () => {
    const { bundleForBrowser } = await import('../packages/sdk/scripts/bundle.ts');
    const { inputs } = await bundleForBrowser({
      stdin: "export * from '@greenlight/sdk';",
      installedIn: dir,
    });
    const core = inputs.filter((path) => path.includes('@greenlight/core/'));
    assert.ok(core.includes('node_modules/@greenlight/core/dist/contract.js'), core.join('\n'));
    assert.ok(!core.includes('node_modules/@greenlight/core/dist/index.js'), core.join('\n'));
    assert.deepEqual(
      inputs.filter((path) => path.includes('xstate')),
      [],
    );
  });
});

describe('CLIs', () => {
  test('@greenlight/server/cli through import serves the API on port 0', async () => {
    const response = await fetch(`${server.url}/healthz`);
    assert.equal(response.status, 200);
  });

  test('@greenlight/server/cli through require mints a user token the server accepts', async () => {
    const cli = await settle(
      node(['cli.cjs', 'token', 'usr_cli'], {
        cwd: dir,
        env: env({
          ENTRY: '@greenlight/server/cli',
          GREENLIGHT_API_KEY: API_KEY,
          GREENLIGHT_JWT_SECRET: JWT_SECRET,
        }),
      }),
    );
    assert.equal(cli.code, 0, cli.stderr);
    const put = await fetch(`${server.url}/v1/users/usr_cli`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Cli', email: 'cli@example.com', timezone: 'UTC' }),
    });
    assert.equal(put.status, 200, await put.text());
    const me = await fetch(`${server.url}/v1/users/usr_cli`, {
      headers: { authorization: `Bearer ${cli.stdout.trim()}` },
    });
    assert.equal(me.status, 200, await me.text());
  });

  for (const [how, file] of [
    ['import', 'cli.mjs'],
    ['require', 'cli.cjs'],
  ]) {
    test(`@greenlight/slack-bot/cli through ${how} starts and names the missing SLACK_BOT_TOKEN`, async () => {
      const cli = await settle(node([file], { cwd: dir, env: env({ ENTRY: '@greenlight/slack-bot/cli' }) }));
      assert.equal(cli.code, 1);
      assert.match(cli.stderr, /SLACK_BOT_TOKEN is required/);
    });
  }
});

/** Whether Node loads `file` as an ES module: `.mjs`, or `.js` under a package.json of `type: module`. */
function isEsm(file) {
  if (file.endsWith('.mjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let at = dirname(file); at !== dirname(at); at = dirname(at)) {
    try {
      return JSON.parse(readFileSync(join(at, 'package.json'), 'utf8')).type === 'module';
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
  }
  return false;
}

// The class of the SDK's ky crash, on every code path rather than the ones the consumers call: esbuild's
// CommonJS output of a `type: module` package reads a default import as the whole `require()` result,
// which for an ESM-only dependency is its module namespace, so `.default` is the namespace, not the export.
test('no CommonJS build reads the default export of an ESM-only dependency', () => {
  const offenders = [];
  for (const { dir: name } of packages) {
    const dist = join(root, 'packages', name, 'dist');
    const requireFrom = createRequire(join(root, 'packages', name, 'package.json'));
    for (const file of readdirSync(dist).filter((f) => f.endsWith('.cjs'))) {
      const code = readFileSync(join(dist, file), 'utf8');
      for (const [, binding, specifier] of code.matchAll(/var (\w+) = __toESM\(require\("([^"]+)"\), 1\)/g)) {
        if (!code.includes(`${binding}.default`) || specifier.startsWith('node:')) continue;
        if (isEsm(requireFrom.resolve(specifier))) offenders.push(`${name}/dist/${file}: ${specifier}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

test('@greenlight/core/contract through require loads no xstate (the browser SDK’s dependency)', async () => {
  const code =
    "require('@greenlight/core/contract'); console.log(Object.keys(require.cache).filter((p) => p.includes('xstate')).length)";
  const { stdout } = await node(['--input-type=commonjs', '-e', code], { cwd: dir, env: env() });
  assert.equal(stdout.trim(), '0');
});
