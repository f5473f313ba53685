/**
 * The platform for the ack-latency bench, in its own process so its work does not share the bot's event loop:
 * the real Greenlight server (in memory) behind a proxy that holds each request for PLATFORM_DELAY_MS.
 * Prints `{ "serverUrl", "proxyUrl" }` on one line once ready; stops on SIGTERM.
 */
import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, silentLogger, startServer } from '@greenlight/server';

const delayMs = Number(process.env.PLATFORM_DELAY_MS ?? 0);

const server = await startServer(
  loadConfig({
    GREENLIGHT_DATABASE_URL: 'memory:',
    PORT: '0',
    GREENLIGHT_API_KEY: process.env.GREENLIGHT_API_KEY,
    GREENLIGHT_JWT_SECRET: 'bench-jwt-secret-0123456789abcdef',
  }),
  { handleSignals: false, print: () => {}, logger: silentLogger },
);
const upstream = new URL(server.url);
const proxy = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    setTimeout(() => {
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      forward.end(Buffer.concat(chunks));
    }, delayMs);
  });
});
proxy.listen(0, '127.0.0.1');
await once(proxy, 'listening');
const { port } = proxy.address() as AddressInfo;
process.stdout.write(`${JSON.stringify({ serverUrl: server.url, proxyUrl: `http://127.0.0.1:${port}` })}\n`);

process.once('SIGTERM', () => {
  proxy.closeAllConnections();
  proxy.close();
  server.stop().then(() => process.exit(0));
});
