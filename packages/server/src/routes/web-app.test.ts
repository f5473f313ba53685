import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createWorkflow, InMemoryStore, systemClock } from '@greenlight/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { DEMO_MENTEE, DEMO_MENTOR, demoSignIn, putDemoPeople } from '../demo/people';
import { createJsonLogger } from '../http/logger';
import { loadWebAppAssets, type WebAppAssets } from '../web-app/assets';
import { WEB_APP_CSP, type WebAppOptions } from './web-app';

const auth = { apiKey: 'unit-test-api-key-0123456789', jwtSecret: 'unit-test-jwt-secret-0123456789-abcdef' };

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const SCRIPT = `console.log(${JSON.stringify('greenlight '.repeat(400))});\n`;

/** A build as Vite lays it out: index.html, hashed files under assets/, public files at the top. */
function fixtureBuild(): WebAppAssets {
  const dir = mkdtempSync(join(tmpdir(), 'gl-web-build-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/app/assets/index-3f9a1c.js"></script></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(join(dir, 'assets', 'index-3f9a1c.js'), SCRIPT);
  writeFileSync(join(dir, 'assets', 'index-77b0e2.css'), 'body{margin:0}');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return loadWebAppAssets(dir)!;
}

function setup(webApp: Partial<WebAppOptions> = {}, withWebApp = true) {
  const store = new InMemoryStore();
  const workflow = createWorkflow({ store });
  const logs: Array<Record<string, unknown>> = [];
  const app = createApp({
    workflow,
    store,
    auth,
    logger: createJsonLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line)) }),
    ...(withWebApp ? { webApp: { assets: fixtureBuild(), ...webApp } } : {}),
  });
  const get = (path: string, headers: Record<string, string> = {}) =>
    app.fetch(new Request(`http://greenlight.test${path}`, { headers }));
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.fetch(
      new Request(`http://greenlight.test${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  return { app, workflow, logs, get, post };
}

describe('the web app under /app/', () => {
  it('serves index.html with a strict Content-Security-Policy, revalidated on every load', async () => {
    const { get } = setup();
    const response = await get('/app/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toBe(WEB_APP_CSP);
    expect(WEB_APP_CSP).toContain("script-src 'self'");
    expect(WEB_APP_CSP).not.toContain('unsafe-inline');
    expect(WEB_APP_CSP).toContain("frame-ancestors 'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<div id="root">');
  });

  it('answers 304 to a revalidation with the current ETag', async () => {
    const { get } = setup();
    const etag = (await get('/app/')).headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('/app/', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await get('/app/', { 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('caches the hashed files under assets/ for a year, immutable, and gzips them for clients that accept it', async () => {
    const { get } = setup();
    const plain = await get('/app/assets/index-3f9a1c.js');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(SCRIPT);

    const zipped = await get('/app/assets/index-3f9a1c.js', { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    expect(gunzipSync(new Uint8Array(await zipped.arrayBuffer())).toString()).toBe(SCRIPT);
    expect(Number(zipped.headers.get('content-length'))).toBeLessThan(SCRIPT.length / 10);
  });

  it('serves a public file at the top of the build revalidated, not as immutable', async () => {
    const { get } = setup();
    const icon = await get('/app/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers every app route with index.html, so a deep link or a reload opens the page', async () => {
    const { get } = setup();
    const index = await (await get('/app/')).text();
    for (const path of ['/app/bookings/bkg_01J9', '/app/pending', '/app/pending/bkg_1', '/app/settings']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
      expect(await response.text(), path).toBe(index);
    }
  });

  it('is a 404, never index.html, for a file the build does not have (an old tab asking for an old chunk)', async () => {
    const { get } = setup();
    for (const path of ['/app/assets/index-000000.js', '/app/assets/gone', '/app/logo.png']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toBe('text/plain; charset=utf-8');
    }
  });

  it('redirects /app to /app/', async () => {
    const { get } = setup();
    const response = await get('/app');
    expect(response.status).toBe(308);
    expect(new URL(response.headers.get('location')!, 'http://greenlight.test/app').pathname).toBe('/app/');
  });

  it('says the app is not built when there is no build, instead of a blank page', async () => {
    const { get } = setup({ assets: null });
    const response = await get('/app/bookings/bkg_1');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('pnpm build');
  });

  it('serves nothing under /app/ when createApp is given no web app', async () => {
    const { get } = setup({}, false);
    expect((await get('/app/')).status).toBe(404);
    expect((await get('/bookings/bkg_1')).status).toBe(404);
  });
});

describe('the email link /bookings/{id}', () => {
  it('redirects to the booking page of the app, keeping ?action=', async () => {
    const { get } = setup();
    for (const [path, target] of [
      ['/bookings/bkg_01J9', '/app/bookings/bkg_01J9'],
      ['/bookings/bkg_01J9?action=approve', '/app/bookings/bkg_01J9?action=approve'],
      ['/bookings/bkg_01J9?action=counter', '/app/bookings/bkg_01J9?action=counter'],
    ] as const) {
      const response = await get(path);
      expect(response.status, path).toBe(302);
      const location = new URL(response.headers.get('location')!, `http://greenlight.test${path}`);
      expect(`${location.pathname}${location.search}`, path).toBe(target);
    }
  });

  it('stays under the prefix a proxy mounts the server at (the redirect is relative)', async () => {
    const { get } = setup();
    const location = (await get('/bookings/bkg_1')).headers.get('location')!;
    expect(new URL(location, 'https://mentors.example.com/greenlight/bookings/bkg_1').pathname).toBe(
      '/greenlight/app/bookings/bkg_1',
    );
  });
});

describe('/app/config.json', () => {
  it('tells the app where to send people to sign in again, and that this is no demo', async () => {
    const { get } = setup({ returnUrl: 'https://mentors.example.com/greenlight', platformName: 'MentorHub' });
    const response = await get('/app/config.json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      returnUrl: 'https://mentors.example.com/greenlight',
      platformName: 'MentorHub',
      demo: null,
    });
  });
});

describe('the demo sign-in', () => {
  async function demoSetup() {
    const store = new InMemoryStore();
    const workflow = createWorkflow({ store });
    await putDemoPeople(workflow);
    const logs: Array<Record<string, unknown>> = [];
    const app = createApp({
      workflow,
      store,
      auth,
      logger: createJsonLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line)) }),
      webApp: { assets: fixtureBuild(), demo: demoSignIn(workflow, auth.jwtSecret, systemClock) },
    });
    const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      app.fetch(
        new Request(`http://greenlight.test${path}`, {
          method,
          headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
    return { call, logs };
  }

  it('lists the demo people in the app config', async () => {
    const { call } = await demoSetup();
    const config = await (await call('GET', '/app/config.json')).json();
    expect(config.demo.users).toEqual([
      { id: DEMO_MENTOR.id, name: DEMO_MENTOR.name, role: 'mentor' },
      { id: DEMO_MENTEE.id, name: DEMO_MENTEE.name, role: 'mentee' },
    ]);
  });

  it('mints a user JWT for a demo person that the API accepts as that person, and logs no token', async () => {
    const { call, logs } = await demoSetup();
    const response = await call('POST', '/app/demo/sign-in', { userId: DEMO_MENTOR.id });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const session = await response.json();
    expect(session).toMatchObject({ userId: DEMO_MENTOR.id, token: expect.stringMatching(/^ey/) });
    expect(Date.parse(session.expiresAt) - Date.now()).toBeGreaterThan(30 * 60_000);

    const me = await call('GET', `/v1/users/${DEMO_MENTOR.id}`, undefined, {
      authorization: `Bearer ${session.token}`,
    });
    expect(me.status).toBe(200);
    expect((await me.json()).name).toBe(DEMO_MENTOR.name);
    expect(JSON.stringify(logs)).not.toContain(session.token);
  });

  it('refuses anyone but the demo people, naming the field and who is allowed', async () => {
    const { call } = await demoSetup();
    const response = await call('POST', '/app/demo/sign-in', { userId: 'usr_somebody_real' });
    expect(response.status).toBe(422);
    const problem = await response.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors).toEqual([
      { path: 'userId', message: `must be one of ${DEMO_MENTOR.id}, ${DEMO_MENTEE.id}` },
    ]);
  });

  it('refuses a body that is not JSON (a cross-site form cannot post one)', async () => {
    const { call } = await demoSetup();
    const response = await call('POST', '/app/demo/sign-in', `userId=${DEMO_MENTOR.id}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].path).toBe('(body)');
  });

  it('makes a new pending request from the demo mentee to the demo mentor', async () => {
    const { call } = await demoSetup();
    const response = await call('POST', '/app/demo/bookings', {});
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      status: 'pending',
      mentorId: DEMO_MENTOR.id,
      menteeId: DEMO_MENTEE.id,
    });
  });

  it('does not exist on a server without the demo', async () => {
    const { post } = setup();
    expect((await post('/app/demo/sign-in', { userId: DEMO_MENTOR.id })).status).toBe(404);
    expect((await post('/app/demo/bookings', {})).status).toBe(404);
  });
});
