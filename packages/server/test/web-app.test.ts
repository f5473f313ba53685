import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { DEMO_MENTEE, DEMO_MENTOR } from '../src/demo/people';
import { silentLogger } from '../src/http/logger';
import { type RunningServer, startServer } from '../src/runner';
import { webAppDir } from '../src/web-app/assets';
import { API_KEY, JWT_SECRET } from './harness';

let dir: string | undefined;
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function build(): string {
  const out = join(dir!, 'build');
  mkdirSync(join(out, 'assets'), { recursive: true });
  writeFileSync(join(out, 'index.html'), '<!doctype html><title>Greenlight</title><div id="root"></div>');
  writeFileSync(join(out, 'assets', 'index-1a2b3c.js'), 'export {};');
  return out;
}

async function start(env: Record<string, string>, webAppDirectory?: string) {
  const lines: string[] = [];
  const server = await startServer(
    loadConfig({
      GREENLIGHT_DATABASE_URL: join(dir!, 'greenlight.db'),
      GREENLIGHT_API_KEY: API_KEY,
      GREENLIGHT_JWT_SECRET: JWT_SECRET,
      PORT: '0',
      GREENLIGHT_WORKER: 'false',
      GREENLIGHT_SCHEDULER: 'false',
      ...env,
    }),
    {
      logger: silentLogger,
      handleSignals: false,
      print: (line) => lines.push(line),
      ...(webAppDirectory ? { webAppDir: webAppDirectory } : {}),
    },
  );
  servers.push(server);
  const bookings = async (status: string) => {
    const response = await fetch(`${server.url}/v1/bookings?status=${status}&mentorId=${DEMO_MENTOR.id}`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    return (await response.json()).data as Array<{ menteeId: string }>;
  };
  return { server, lines, bookings };
}

describe('the runner and the web app', () => {
  it('finds @greenlight/web’s build through the package it depends on', () => {
    expect(webAppDir()?.endsWith(`${sep}web${sep}dist`)).toBe(true);
  });

  it('serves the build it is given under /app/ and prints where', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gl-runner-web-'));
    const { server, lines } = await start({}, build());
    const page = await fetch(`${server.url}/app/bookings/bkg_1`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(lines).toContain(`  web app    ${server.url}/app/`);
    expect(lines.join('\n')).not.toContain('demo');
  });

  it('says so at startup and at /app/ when there is no build', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gl-runner-web-'));
    const { server, lines } = await start({}, join(dir, 'nothing-here'));
    expect((await fetch(`${server.url}/app/`)).status).toBe(503);
    expect(lines).toContain('  web app    not built (run pnpm build)');
  });

  it('with GREENLIGHT_DEMO, seeds the demo people and bookings to act on once, and prints the sign-in', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gl-runner-web-'));
    const first = await start({ GREENLIGHT_DEMO: 'true' }, build());
    expect(first.lines.join('\n')).toContain(
      `  demo       sign in at ${first.server.url}/app/ as ${DEMO_MENTOR.name} (mentor) or ${DEMO_MENTEE.name} (mentee)`,
    );
    expect(await first.bookings('pending')).toHaveLength(2);
    expect(await first.bookings('alternative_suggested')).toHaveLength(1);
    expect((await first.bookings('pending')).every((b) => b.menteeId === DEMO_MENTEE.id)).toBe(true);
    await first.server.stop();

    // Restarted on the same database while those are still open: nothing more piles up.
    const second = await start({ GREENLIGHT_DEMO: 'true' }, build());
    expect(await second.bookings('pending')).toHaveLength(2);
  });
});
