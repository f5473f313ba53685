import { request } from 'node:http';
import type { Plugin } from 'vite';

/** Where global-setup.ts put the real server; read per request, since the server starts after Vite does. */
export const API_TARGET_ENV = 'GREENLIGHT_REACT_TEST_API_URL';
/** The second server, which refuses private calendar feeds, served under `/strict/v1/…`. */
export const STRICT_API_TARGET_ENV = 'GREENLIGHT_REACT_TEST_STRICT_API_URL';

/** Forwards the test page's `/v1/…` (and `/strict/v1/…`) requests to the real Greenlight servers, byte for byte. */
export function apiProxy(): Plugin {
  return {
    name: 'greenlight-api-proxy',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
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
