/**
 * `pnpm bench`: approve throughput and latency of the Greenlight server against a bare `node:http` handler
 * doing the same SQLite transaction (the workflow's approve), in the same run, at 50 and 200 connections.
 * Each server runs in its own process over its own copy of the same seeded database; autocannon drives them
 * from this process. Every request approves a different pending booking, so each is a real write. A third
 * server is Greenlight as `greenlight start` runs it, with the effect worker in the same process creating the
 * meetings and sending the emails each approval enqueues.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { BENCH_API_KEY, seedDatabase } from './seed';

const CONNECTIONS = [50, 200];
const REQUESTS_PER_RUN = Number(process.env.BENCH_REQUESTS ?? 3000);
/** Alternating rounds, reporting the median: a burst of other load on the machine skews a round, not the result. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = 1000;
const SERVERS = ['bare', 'greenlight', 'greenlight+worker'] as const;
type Kind = (typeof SERVERS)[number];

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  detail: string;
}

function median(runs: Figures[]): Figures {
  const mid = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    rps: mid(runs.map((r) => r.rps)),
    p50: mid(runs.map((r) => r.p50)),
    p99: mid(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    detail: runs.map((r) => r.detail).join('; '),
  };
}

async function startServer(kind: Kind, file: string) {
  const child = spawn(
    process.execPath,
    [...process.execArgv, new URL('./servers.ts', import.meta.url).pathname, kind, file],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => void child.kill('SIGTERM') };
}

async function load(url: string, ids: string[], connections: number, amount: number): Promise<Figures> {
  let next = 0;
  const started = performance.now();
  let last = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        amount,
        requests: [
          {
            method: 'POST',
            headers: { authorization: `Bearer ${BENCH_API_KEY}`, 'content-type': 'application/json' },
            body: '{}',
            setupRequest: (request) => ({ ...request, path: `/v1/bookings/${ids[next++]}/approve` }),
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', () => {
      last = performance.now();
    });
  });
  return {
    // Completed requests from the first request to the last response. autocannon itself only notices that it is
    // done on its next one-second tick, so its own duration (or the time until it resolves) rounds every run up
    // to whole seconds: 3,000 approvals in 2.2 s would read as 1,000/s.
    rps: result.requests.total / ((last - started) / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    detail: `non2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'gl-bench-'));
try {
  const total = WARMUP + REQUESTS_PER_RUN * CONNECTIONS.length * ROUNDS;
  const seeded = join(dir, 'seed.db');
  process.stdout.write(`Seeding ${total} pending bookings… `);
  const started = Date.now();
  const ids = await seedDatabase(seeded, total);
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

  const servers = {} as Record<Kind, { url: string; stop: () => void; ids: string[] }>;
  for (const kind of SERVERS) {
    const file = join(dir, `${kind}.db`);
    copyFileSync(seeded, file);
    servers[kind] = { ...(await startServer(kind, file)), ids: [...ids] };
  }

  try {
    for (const kind of SERVERS)
      await load(servers[kind].url, servers[kind].ids.splice(0, WARMUP), 50, WARMUP);
    const rounds: Record<number, Record<Kind, Figures[]>> = {};
    for (const connections of CONNECTIONS) {
      rounds[connections] = Object.fromEntries(SERVERS.map((kind) => [kind, []])) as unknown as Record<
        Kind,
        Figures[]
      >;
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [...SERVERS] : [...SERVERS].reverse();
      for (const connections of CONNECTIONS) {
        for (const kind of order) {
          const batch = servers[kind].ids.splice(0, REQUESTS_PER_RUN);
          rounds[connections]![kind].push(
            await load(servers[kind].url, batch, connections, REQUESTS_PER_RUN),
          );
        }
      }
    }

    console.log(
      `\nPOST /v1/bookings/{id}/approve over loopback, SQLite; median of ${ROUNDS} alternating rounds of ${REQUESTS_PER_RUN} approvals\n`,
    );
    // A closed loop of C connections, each sending its next request when the last one is answered, keeps C
    // requests in the system: by Little's law their mean latency is C / throughput, whatever the server does.
    console.log('connections  server               req/s   p50 ms   p99 ms   C/req·s ms   vs bare   errors');
    const results: Record<number, Record<Kind, Figures>> = {};
    for (const connections of CONNECTIONS) {
      results[connections] = Object.fromEntries(
        SERVERS.map((kind) => [kind, median(rounds[connections]![kind])]),
      ) as Record<Kind, Figures>;
      const bare = results[connections]!.bare;
      for (const kind of SERVERS) {
        const f = results[connections]![kind];
        console.log(
          `${String(connections).padStart(11)}  ${kind.padEnd(18)} ${f.rps.toFixed(0).padStart(7)} ${f.p50.toFixed(1).padStart(8)} ${f.p99.toFixed(1).padStart(8)} ${((connections / f.rps) * 1000).toFixed(1).padStart(12)} ${(f.rps / bare.rps).toFixed(2).padStart(9)} ${String(f.errors).padStart(8)}${f.errors ? `  (${f.detail})` : ''}`,
        );
      }
      console.log('');
    }
    const at200 = results[200]!;
    const ratio = at200.greenlight.rps / at200.bare.rps;
    const ok = ratio >= 0.5 && at200.greenlight.p99 < 50 && at200.greenlight.errors === 0;
    console.log(
      `Target at 200 connections: ≥ 0.5 of bare and p99 < 50 ms → ${ok ? 'met' : 'NOT met'} (ratio ${ratio.toFixed(2)}, p99 ${at200.greenlight.p99.toFixed(1)} ms)`,
    );
    console.log(
      `A p99 under 50 ms at 200 connections needs a mean under 50 ms, so at least ${200 / 0.05}/s; bare node:http doing the same transaction answers ${at200.bare.rps.toFixed(0)}/s here, a mean of ${((200 / at200.bare.rps) * 1000).toFixed(0)} ms.`,
    );
  } finally {
    for (const kind of SERVERS) servers[kind].stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
