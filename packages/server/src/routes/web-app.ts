import { ValidationError } from '@greenlight/core';
import {
  type Booking,
  type DemoSession,
  DemoSignInBody,
  type DemoUser,
  fieldErrors,
  type WebAppConfig,
} from '@greenlight/core/contract';
import type { Context, Hono } from 'hono';
import type { AppEnv } from '../http/env';
import type { WebAppAssets, WebAsset } from '../web-app/assets';

/**
 * Sign-in for a demo server: anyone who reaches it may become one of `users`, and nobody else. Only given to
 * `createApp` when GREENLIGHT_DEMO is on, which the configuration refuses under NODE_ENV=production.
 */
export interface DemoSignIn {
  users: DemoUser[];
  /** A user JWT for one of `users`. */
  mint(userId: string): Promise<DemoSession>;
  /** A new booking request from the demo mentee to the demo mentor, as the platform would make it. */
  book(): Promise<Booking>;
}

export interface WebAppOptions {
  /** The built app; null when it was not built, and `/app/` then says so. */
  assets: WebAppAssets | null;
  /** GREENLIGHT_APP_RETURN_URL: where the app sends people to sign in again. */
  returnUrl?: string;
  /** GREENLIGHT_APP_PLATFORM_NAME, for "Return to …". */
  platformName?: string;
  demo?: DemoSignIn;
}

/**
 * The app's own scripts and styles only: nothing inline, nothing from elsewhere (photos may come from any https
 * host), API calls to this origin, never framed. With the token in `sessionStorage`, a script injected from
 * anywhere else would be the way to steal it, so none may run.
 */
export const WEB_APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': WEB_APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  // Booking ids in the path stay here, whoever serves the photos or the pages a link opens.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
// Always revalidated (cheaply, by ETag), so a deploy reaches every open tab's next navigation.
const REVALIDATE = 'no-cache';

function withSecurity(headers: Headers): Headers {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  return headers;
}

function acceptsGzip(request: Request): boolean {
  return /\bgzip\b/i.test(request.headers.get('accept-encoding') ?? '');
}

function etagMatches(request: Request, etag: string): boolean {
  const header = request.headers.get('if-none-match');
  if (!header) return false;
  return header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function serveAsset(request: Request, asset: WebAsset): Response {
  const headers = withSecurity(
    new Headers({
      'Content-Type': asset.contentType,
      'Cache-Control': asset.immutable ? IMMUTABLE : REVALIDATE,
      ETag: asset.etag,
      Vary: 'Accept-Encoding',
    }),
  );
  if (etagMatches(request, asset.etag)) return new Response(null, { status: 304, headers });
  let body = asset.body;
  if (asset.gzip && acceptsGzip(request)) {
    body = asset.gzip;
    headers.set('Content-Encoding', 'gzip');
  }
  headers.set('Content-Length', String(body.byteLength));
  return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { headers });
}

function plain(status: number, text: string, cache = 'no-store'): Response {
  const headers = withSecurity(
    new Headers({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': cache }),
  );
  return new Response(text, { status, headers });
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Greenlight: the web app is not built</title></head>
<body><main><h1>The web app is not built</h1>
<p>This server found no build of <code>@greenlight/web</code>. Run <code>pnpm build</code> (or
<code>pnpm --filter @greenlight/web build</code>) and start the server again.</p></main></body></html>
`;

/**
 * A path inside the app that names no file: the app's own route (`/app/bookings/bkg_1`), answered with
 * `index.html`. Anything that looks like a file (under `assets/`, or with an extension) is a 404 instead, so a
 * tab still running an old build never receives HTML as its script.
 */
function isAppRoute(path: string): boolean {
  if (path.startsWith('assets/')) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

async function jsonOf(c: Context<AppEnv>): Promise<unknown> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new ValidationError(
      'the body must be JSON',
      [{ path: '(body)', message: 'must be sent as application/json' }],
      400,
    );
  }
  try {
    return await c.req.json();
  } catch {
    throw new ValidationError(
      'the body is not valid JSON',
      [{ path: '(body)', message: 'must be JSON' }],
      400,
    );
  }
}

/**
 * The served web app under `/app/`: the build's files (hashed ones cached for a year, the rest revalidated),
 * `index.html` for every other path (the app routes itself), `/app/config.json`, the demo sign-in when on, and
 * the links older emails carry (`/bookings/{id}`, with or without `?action=`) redirected to the booking's page.
 */
export function webAppRoutes(app: Hono<AppEnv>, options: WebAppOptions): void {
  const { assets, demo } = options;

  app.get('/bookings/:id', (c) => {
    const url = new URL(c.req.url);
    // Relative, so that behind a proxy that mounts this server under a prefix it stays under that prefix.
    const location = `../app/bookings/${encodeURIComponent(c.req.param('id'))}${url.search}`;
    return new Response(null, { status: 302, headers: { Location: location, 'Cache-Control': 'no-store' } });
  });

  app.get('/app', () => new Response(null, { status: 308, headers: { Location: 'app/' } }));

  app.get('/app/config.json', () => {
    const config: WebAppConfig = {
      returnUrl: options.returnUrl ?? null,
      platformName: options.platformName ?? null,
      demo: demo ? { users: demo.users } : null,
    };
    const headers = withSecurity(
      new Headers({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }),
    );
    return new Response(JSON.stringify(config), { headers });
  });

  if (demo) {
    app.post('/app/demo/sign-in', async (c) => {
      const parsed = DemoSignInBody.safeParse(await jsonOf(c));
      if (!parsed.success) throw new ValidationError('the body is invalid', fieldErrors(parsed.error), 400);
      const { userId } = parsed.data;
      if (!demo.users.some((user) => user.id === userId)) {
        throw new ValidationError(
          `${userId} is not a demo user`,
          [{ path: 'userId', message: `must be one of ${demo.users.map((u) => u.id).join(', ')}` }],
          422,
        );
      }
      const session = await demo.mint(userId);
      const headers = withSecurity(
        new Headers({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }),
      );
      return new Response(JSON.stringify(session), { headers });
    });
    app.post('/app/demo/bookings', async () => {
      const booking = await demo.book();
      const headers = withSecurity(
        new Headers({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }),
      );
      return new Response(JSON.stringify(booking), { status: 201, headers });
    });
  }

  app.get('/app/*', (c) => {
    const path = c.req.path.slice('/app/'.length);
    if (!assets) {
      const headers = withSecurity(
        new Headers({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }),
      );
      return new Response(NOT_BUILT, { status: 503, headers });
    }
    const file = path === '' ? assets.index : assets.files.get(path);
    if (file) return serveAsset(c.req.raw, file);
    if (isAppRoute(path)) return serveAsset(c.req.raw, assets.index);
    return plain(404, `${c.req.path} is not part of this build of the app`);
  });
}
