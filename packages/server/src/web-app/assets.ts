import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One file of the built web app, held in memory with its compressed form and validator. */
export interface WebAsset {
  body: Uint8Array;
  /** The gzip form, when compressing pays off. */
  gzip: Uint8Array | null;
  contentType: string;
  etag: string;
  /** Vite puts content-hashed files under `assets/`: their name changes with their content. */
  immutable: boolean;
}

/** The built app: `index.html` and every other file by its path relative to the build (`assets/index-3f9a.js`). */
export interface WebAppAssets {
  index: WebAsset;
  files: ReadonlyMap<string, WebAsset>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json)|image\/svg\+xml)/;

function asset(path: string, body: Uint8Array): WebAsset {
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  let gzip: Uint8Array | null = null;
  if (COMPRESSIBLE.test(contentType) && body.byteLength > 1024) {
    const packed = gzipSync(body, { level: 9 });
    if (packed.byteLength < body.byteLength * 0.9) gzip = packed;
  }
  const digest = createHash('sha256').update(body).digest('base64url').slice(0, 22);
  return { body, gzip, contentType, etag: `"${digest}"`, immutable: path.startsWith('assets/') };
}

function walk(dir: string, root: string, out: Map<string, WebAsset>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, root, out);
    else if (entry.isFile()) {
      const key = relative(root, path).split(sep).join('/');
      out.set(key, asset(key, new Uint8Array(readFileSync(path))));
    }
  }
}

/** Reads a Vite build (`index.html` plus `assets/`) into memory; null when `dir` holds no build. */
export function loadWebAppAssets(dir: string): WebAppAssets | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const files = new Map<string, WebAsset>();
  walk(dir, dir, files);
  const index = files.get('index.html')!;
  files.delete('index.html');
  return { index, files };
}

/**
 * Where `@greenlight/web`'s build is: its package's `dist/`, found the way Node finds the package from here
 * (the server's dependency), so it is the same in the workspace, in `node_modules` and in either build format.
 */
export function webAppDir(): string | null {
  try {
    const manifest = createRequire(import.meta.url).resolve('@greenlight/web/package.json');
    return join(dirname(manifest), 'dist');
  } catch {
    return null;
  }
}
