import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { runDemo } from '../src/cli/demo';
import type { CliIo } from '../src/cli/io';
import { main } from '../src/cli/main';

function captureIo(env: Record<string, string> = {}, cwd = process.cwd()) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t), env, cwd, color: false };
  return { io, stdout: () => stdout.join(''), stderr: () => stderr.join('') };
}

const packageDir = new URL('..', import.meta.url).pathname;

/** Runs the real CLI in a child process (TypeScript sources through tsx). */
function spawnCli(args: string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--conditions=@greenlight/source', '--import', 'tsx', 'src/cli.ts', ...args],
    {
      cwd: packageDir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

let dir: string;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('greenlight CLI', () => {
  it('demo --exit walks every section through the HTTP API and exits 0', async () => {
    const { io, stdout } = captureIo();
    expect(await main(['demo', '--exit'], io)).toBe(0);
    const text = stdout();
    for (const heading of [
      '1. Two people',
      '2. Noah books a paid session',
      '3. Mia’s pending view',
      '4. Mia approves',
      '5. A second booking: rejected with a reason, refunded at once',
      '6. A third booking: suggest → counter → accept',
      '7. Mia’s response record',
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toMatch(/Requested time\s+\S+ \d+ \w+ \d{4}, \d\d:\d\d \w+ \(Europe\/Berlin\)/);
    expect(text).toMatch(/Red flags\s+⚑ low_ratings_given/);
    expect(text).toMatch(/Jitsi link\s+https:\/\/meet\.jit\.si\//);
    expect(text).toMatch(/Google Calendar\s+https:\/\/calendar\.google\.com\//);
    expect(text).toMatch(/Yahoo Calendar\s+https:\/\/calendar\.yahoo\.com\//);
    expect(text).toMatch(/🔔 Noah\s+Mia Hoffmann approved your session/);
    expect(text).toMatch(/🔔 Mia\s+Session with Noah Carter confirmed/);
    expect(text).toMatch(/Reason "no"\s+refused \(400\)/);
    expect(text).toMatch(/Refund after worker succeeded/);
    expect(text).toMatch(/Mia accepts .* → approved/);
    expect(text).not.toContain('\u001b[');
  });

  it('demo then keeps serving: the printed URL signs a person in as Mia, with new bookings waiting for her', async () => {
    const { io, stdout } = captureIo();
    let seen: { mentorPending: number; config: Record<string, unknown> } | undefined;
    const code = await runDemo(io, {
      until: async () => {
        const url = /Open (http:\/\/127\.0\.0\.1:\d+)\/app\//.exec(stdout())?.[1];
        expect(url).toBeDefined();
        const config = await (await fetch(`${url}/app/config.json`)).json();
        const mia = config.demo.users.find((u: { role: string }) => u.role === 'mentor');
        const signIn = await fetch(`${url}/app/demo/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userId: mia.id }),
        });
        const { token } = await signIn.json();
        const pending = await fetch(`${url}/v1/bookings?role=mentor&status=pending`, {
          headers: { authorization: `Bearer ${token}` },
        });
        seen = { mentorPending: (await pending.json()).data.length, config };
      },
    });
    expect(code).toBe(0);
    expect(seen?.mentorPending).toBe(2);
    expect(seen?.config).toMatchObject({
      demo: { users: [{ name: 'Mia Hoffmann' }, { name: 'Noah Carter' }] },
    });
    expect(stdout()).toContain('sign in as Mia (mentor) or Noah (mentee)');
  });

  it('prints help, and refuses unknown commands', async () => {
    const help = captureIo();
    expect(await main(['--help'], help.io)).toBe(0);
    for (const command of ['serve', 'worker', 'migrate', 'token <userId>', 'demo'])
      expect(help.stdout()).toContain(command);
    const unknown = captureIo();
    expect(await main(['launch'], unknown.io)).toBe(1);
    expect(unknown.stderr()).toContain('unknown command "launch"');
  });

  it('token mints a JWT for the user with the configured secret and lifetime', async () => {
    const secret = 'cli-test-jwt-secret-0123456789-0123456789';
    const { io, stdout } = captureIo({
      GREENLIGHT_JWT_SECRET: secret,
      GREENLIGHT_API_KEY: 'cli-test-api-key-012345',
      GREENLIGHT_DATABASE_URL: 'memory:',
    });
    expect(await main(['token', 'usr_mia', '--ttl', '30m'], io)).toBe(0);
    const { payload, protectedHeader } = await jwtVerify(stdout().trim(), new TextEncoder().encode(secret));
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload.sub).toBe('usr_mia');
    expect(payload.exp! - payload.iat!).toBe(1800);
    const bad = captureIo({ GREENLIGHT_DATABASE_URL: 'memory:' });
    expect(await main(['token', 'usr_mia', '--ttl', 'forever'], bad.io)).toBe(1);
    expect(bad.stderr()).toContain('--ttl');
  });

  it('migrate applies the migrations of a fresh SQLite file once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gl-cli-'));
    const env = { GREENLIGHT_DATABASE_URL: join(dir, 'gl.db') };
    const first = captureIo(env, dir);
    expect(await main(['migrate'], first.io)).toBe(0);
    expect(first.stdout()).toMatch(/Applied \d+ migrations?/);
    const second = captureIo(env, dir);
    expect(await main(['migrate'], second.io)).toBe(0);
    expect(second.stdout()).toContain('up to date');
  });

  it('names the variable of a configuration error and exits 1', async () => {
    const { io, stderr } = captureIo({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(await main(['serve'], io)).toBe(1);
    expect(stderr()).toContain('PORT: must be a port number');
    expect(stderr()).toContain('LOG_LEVEL: must be one of');
  });

  it('serve: an unreachable database is one clear line and exit code 1', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gl-cli-'));
    const run = spawnCli(['serve'], {
      GREENLIGHT_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere',
      GREENLIGHT_API_KEY: 'cli-test-api-key-012345',
      GREENLIGHT_JWT_SECRET: 'cli-test-jwt-secret-0123456789-0123456789',
    });
    expect(await run.exited).toBe(1);
    const lines = run.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^greenlight: .*127\.0\.0\.1:1/);
  }, 30_000);

  it('serve: generates a development API key, serves /healthz, and stops gracefully on SIGTERM', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gl-cli-'));
    const run = spawnCli(['serve'], {
      GREENLIGHT_DATABASE_URL: join(dir, 'gl.db'),
      PORT: '0',
      LOG_LEVEL: 'info',
    });
    // The banner arrives in several writes: wait for the API key line, printed after "listening on".
    const [url, apiKey] = await new Promise<[string, string]>((resolve, reject) => {
      const timer = setInterval(() => {
        const listening = /listening on (http:\/\/\S+)/.exec(run.err());
        const key = /API key\s+(\S+)/.exec(run.err());
        if (listening && key) {
          clearInterval(timer);
          resolve([listening[1]!, key[1]!]);
        }
      }, 20);
      run.exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`exited ${code}: ${run.err()}`));
      });
    });
    expect(apiKey).toMatch(/^glk_/);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
    const bookings = await fetch(`${url}/v1/bookings`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(bookings.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const logLines = run
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(logLines).toContainEqual(
      expect.objectContaining({ msg: 'request', path: '/v1/bookings', status: 200 }),
    );
    expect(logLines.at(-1)).toMatchObject({ msg: 'stopped' });
    expect(run.out()).not.toContain(apiKey);
  }, 30_000);
});
