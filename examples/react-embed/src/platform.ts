import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { SignJWT } from 'jose';

/**
 * "MentorHub", the platform of this example, reduced to what matters for embedding: its own accounts and
 * sessions (a cookie), the page that embeds the components, and the one endpoint that turns a MentorHub session
 * into a short-lived Greenlight token. The Greenlight JWT secret stays here, on the platform's server; the
 * browser only ever holds tokens that expire in minutes.
 */

export interface PlatformUser {
  id: string;
  name: string;
  email: string;
  timezone: string;
  role: 'mentor' | 'mentee';
}

export const PEOPLE: PlatformUser[] = [
  {
    id: 'usr_mia',
    name: 'Mia Hoffmann',
    email: 'mia@example.com',
    timezone: 'Europe/Berlin',
    role: 'mentor',
  },
  {
    id: 'usr_noah',
    name: 'Noah Carter',
    email: 'noah@example.com',
    timezone: 'America/New_York',
    role: 'mentee',
  },
];

/** How long a token handed to the browser lasts; the components ask for a new one when it runs out. */
export const TOKEN_SECONDS = 10 * 60;

export interface PlatformOptions {
  /** The page's Vite build. */
  pageDir: string;
  /** GREENLIGHT_JWT_SECRET, shared with the Greenlight server. */
  jwtSecret: string;
  port?: number;
  host?: string;
}

export interface RunningPlatform {
  url: string;
  /** Where the browser reaches the Greenlight API (told once Greenlight runs, since it allows this origin). */
  setGreenlightUrl(url: string): void;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

function cookies(request: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name) out[name] = decodeURIComponent(value.join('='));
  }
  return out;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > 4096) throw new Error('body too large');
  }
  return body;
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(body);
}

export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const key = new TextEncoder().encode(options.jwtSecret);
  const sessions = new Map<string, PlatformUser>();
  let greenlightUrl = '';
  let origin = '';

  function serveFile(response: ServerResponse, path: string) {
    const file = normalize(join(options.pageDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(normalize(options.pageDir))) return send(response, 404, '{}');
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(readFileSync(file));
    } catch {
      send(response, 404, '{"error":"not found"}');
    }
  }

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const user = sessions.get(cookies(request).mentorhub_session ?? '');
    try {
      if (request.method === 'POST' && url.pathname === '/login') {
        const userId = new URLSearchParams(await readBody(request)).get('userId');
        const person = PEOPLE.find((p) => p.id === userId);
        if (!person) return send(response, 400, '{"error":"unknown user"}');
        const id = randomBytes(24).toString('base64url');
        sessions.set(id, person);
        response.writeHead(303, {
          location: '/',
          'set-cookie': `mentorhub_session=${id}; Path=/; HttpOnly; SameSite=Lax`,
        });
        return response.end();
      }
      if (request.method === 'POST' && url.pathname === '/logout') {
        sessions.delete(cookies(request).mentorhub_session ?? '');
        response.writeHead(303, { location: '/', 'set-cookie': 'mentorhub_session=; Path=/; Max-Age=0' });
        return response.end();
      }
      if (request.method === 'GET' && url.pathname === '/api/session') {
        if (!user) return send(response, 401, '{"error":"not signed in"}');
        return send(response, 200, JSON.stringify({ user, greenlightUrl }));
      }
      if (request.method === 'POST' && url.pathname === '/api/greenlight-token') {
        // The cookie is SameSite=Lax and this must come from MentorHub's own page: no other site gets a token.
        if (!user || request.headers.origin !== origin)
          return send(response, 401, '{"error":"not signed in"}');
        const now = Math.floor(Date.now() / 1000);
        const token = await new SignJWT({})
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setSubject(user.id)
          .setIssuedAt(now)
          .setExpirationTime(now + TOKEN_SECONDS)
          .sign(key);
        return send(response, 200, JSON.stringify({ token, expiresAt: (now + TOKEN_SECONDS) * 1000 }), {
          'cache-control': 'no-store',
        });
      }
      if (request.method === 'GET') return serveFile(response, url.pathname);
      send(response, 405, '{"error":"method not allowed"}');
    } catch (error) {
      send(response, 500, JSON.stringify({ error: (error as Error).message }));
    }
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  origin = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url: origin,
    setGreenlightUrl(url) {
      greenlightUrl = url;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
