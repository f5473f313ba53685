import { request } from 'node:http';
import type { Plugin } from 'vite';

/** Where global-setup.ts put the real server; read per request, since the server starts after Vite does. */
export const API_TARGET_ENV = 'GREENLIGHT_REACT_TEST_API_URL';

/** Forwards the test page's `/v1/…` requests to the real Greenlight server, byte for byte. */
export function apiProxy(): Plugin {
  return {
    name: 'greenlight-api-proxy',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith('/v1/')) return next();
        const target = process.env[API_TARGET_ENV];
        if (!target) {
          res.statusCode = 503;
          res.end('the Greenlight test server is not running');
          return;
        }
        const upstream = request(
          new URL(req.url, target),
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
