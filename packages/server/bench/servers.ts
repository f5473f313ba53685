/**
 * The servers under test, each run in its own process (`node … servers.ts <kind> <sqlite file>`), which
 * prints its port on stdout. All approve through the same workflow over the same SQLite store; the bare one
 * has only what `node:http` gives: a route match, a key check, JSON in and out. `greenlight+worker` is the
 * Greenlight server with the effect worker polling in the same process, as `greenlight start` runs by default:
 * it creates each approval's (Jitsi) meeting, which is one more transaction per approval, and sends its emails
 * to a notifier that drops them.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JitsiMeetings, LedgerRefunds, openStore } from '@greenlight/adapters';
import { createEffectWorker, createWorkflow, GreenlightError } from '@greenlight/core';
import { serve } from '@hono/node-server';
import { createApp } from '../src/app';
import { createJsonLogger } from '../src/http/logger';
import { BENCH_API_KEY, BENCH_JWT_SECRET } from './seed';

const [kind, file] = process.argv.slice(2);
if ((kind !== 'greenlight' && kind !== 'greenlight+worker' && kind !== 'bare') || !file)
  throw new Error('usage: servers.ts greenlight|greenlight+worker|bare <sqlite file>');

const store = await openStore(file, { migrate: false });
const workflow = createWorkflow({ store });
const APPROVE = /^\/v1\/bookings\/([^/]+)\/approve$/;

function listening(server: { address(): AddressInfo | string | null }) {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
}

if (kind === 'greenlight+worker') {
  const dropped = { send: async () => undefined };
  createEffectWorker({
    store,
    ports: {
      meetings: new JitsiMeetings(),
      refunds: new LedgerRefunds(),
      notifier: dropped,
      webhooks: { deliver: async () => undefined },
    },
  }).start(250);
}

if (kind !== 'bare') {
  // Request logs are built as in production and discarded, so the comparison includes their cost.
  const app = createApp({
    workflow,
    store,
    auth: { apiKey: BENCH_API_KEY, jwtSecret: BENCH_JWT_SECRET },
    logger: createJsonLogger({ write: () => {} }),
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  server.once('listening', () => listening(server));
} else {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const match = req.method === 'POST' ? APPROVE.exec(req.url ?? '') : null;
      if (!match) return send(404, { code: 'not_found' });
      if (req.headers.authorization !== `Bearer ${BENCH_API_KEY}`) return send(401, { code: 'unauthorized' });
      try {
        const input = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        send(200, await workflow.bookings.approve({ kind: 'platform' }, match[1]!, input));
      } catch (error) {
        if (error instanceof GreenlightError) send(error.status, { code: error.code, detail: error.message });
        else send(500, { code: 'internal_error' });
      }
    });
  });
  server.listen(0, '127.0.0.1', () => listening(server));
}

// A clean exit on SIGTERM lets `--cpu-prof` write its profile when the benchmark stops the server.
process.once('SIGTERM', () => process.exit(0));
