import { request } from 'node:http';
import type { Plugin } from 'vite';

/** Where global-setup.ts put the real server; read per request, since the server starts after Vite does. */
export const API_TARGET_ENV = 'GREENLIGHT_REACT_TEST_API_URL';
/** The second server, which refuses private calendar feeds, served under `/strict/v1/…`. */
export const STRICT_API_TARGET_ENV = 'GREENLIGHT_REACT_TEST_STRICT_API_URL';

/**
 * What the tests may do to the server that its API refuses on purpose, registered by global-setup.ts in this same
 * process: move an approved session into the past (the API books nothing in the past), as no-show reports need.
 */
export interface TestControl {
  /** Moves the session to end `endsInMinutes` from now (negative: it ended), completed once it has ended. */
  moveSession(bookingId: string, endsInMinutes: number): Promise<void>;
}
export const TEST_CONTROL = Symbol.for('greenlight.react-test.control');

/**
 * Forwards the test page's `/v1/…` (and `/strict/v1/…`) requests to the real Greenlight servers, byte for byte, and
 * answers `POST /__test/move-session/<bookingId>?endsInMinutes=<n>` with the test control.
 */
export function apiProxy(): Plugin {
  return {
    name: 'greenlight-api-proxy',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const moving = /^\/__test\/move-session\/([\w-]+)\?endsInMinutes=(-?\d+)$/.exec(req.url ?? '');
        if (moving && req.method === 'POST') {
          const control = (globalThis as { [TEST_CONTROL]?: TestControl })[TEST_CONTROL];
          if (!control) return void res.writeHead(503).end('no test control');
          control.moveSession(moving[1] as string, Number(moving[2])).then(
            () => res.writeHead(204).end(),
            (error: unknown) => res.writeHead(500).end(String(error)),
          );
          return;
        }
        const strict = req.url?.startsWith('/strict/v1/') ?? false;
        if (!strict && !req.url?.startsWith('/v1/')) return next();
        const target = process.env[strict ? STRICT_API_TARGET_ENV : API_TARGET_ENV];
        const path = strict ? (req.url as string).slice('/strict'.length) : (req.url as string);
        if (!target) {
          res.statusCode = 503;
          res.end('the Greenlight test server is not running');
          return;
        }
        const upstream = request(
          new URL(path, target),
          { method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', (error) => {
          res.statusCode = 502;
          res.end(String(error));
        });
        req.pipe(upstream);
      });
    },
  };
}
