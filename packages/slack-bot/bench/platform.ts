/**
 * The platform for the ack-latency bench, in its own process so its work does not share the bot's event loop:
 * the real Greenlight server (in memory) behind a proxy that holds each request for PLATFORM_DELAY_MS.
 * Prints `{ "serverUrl", "proxyUrl" }` on one line once ready; stops on SIGTERM.
 */
import { loadConfig, silentLogger, startServer } from '@greenlight/server';
import { PlatformProxy } from '../test/platform-proxy';

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
const proxy = await new PlatformProxy().start();
const proxyUrl = proxy.to(server.url);
if (delayMs > 0) proxy.slow({ match: () => true, ms: delayMs });
process.stdout.write(`${JSON.stringify({ serverUrl: server.url, proxyUrl })}\n`);

process.once('SIGTERM', () => {
  Promise.all([proxy.stop(), server.stop()]).then(() => process.exit(0));
});
