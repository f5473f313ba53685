/**
 * `pnpm bench`: approve throughput and latency of the Greenlight server against a bare `node:http` handler
 * doing the same SQLite transaction (the workflow's approve), in the same run, at 50 and 200 connections.
 * Each server runs in its own process over its own copy of the same seeded database; autocannon drives both
 * from this process. Every request approves a different pending booking, so each is a real write.
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
const SERVERS = ['bare', 'greenlight'] as const;
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
  const result = await autocannon({
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
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    // Completed requests over the measured wall time: autocannon's own `duration` is whole seconds, which
    // rounds a 3,000-request run to ~1,000/s whatever the server does.
    rps: result.requests.total / seconds,
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
    for (const connections of CONNECTIONS) rounds[connections] = { bare: [], greenlight: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? SERVERS : [...SERVERS].reverse();
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
    console.log('connections  server       req/s    p50 ms   p99 ms   errors');
    const results: Record<number, Record<Kind, Figures>> = {};
    for (const connections of CONNECTIONS) {
      results[connections] = {
        bare: median(rounds[connections]!.bare),
        greenlight: median(rounds[connections]!.greenlight),
      };
      for (const kind of SERVERS) {
        const f = results[connections]![kind];
        console.log(
          `${String(connections).padStart(11)}  ${kind.padEnd(10)} ${f.rps.toFixed(0).padStart(7)} ${f.p50.toFixed(1).padStart(8)} ${f.p99.toFixed(1).padStart(8)} ${String(f.errors).padStart(8)}${f.errors ? `  (${f.detail})` : ''}`,
        );
      }
      const { bare, greenlight } = results[connections]!;
      console.log(`${' '.repeat(13)}ratio greenlight / bare: ${(greenlight.rps / bare.rps).toFixed(2)}\n`);
    }
    const at200 = results[200]!;
    const ratio = at200.greenlight.rps / at200.bare.rps;
    const ok = ratio >= 0.5 && at200.greenlight.p99 < 50 && at200.greenlight.errors === 0;
    console.log(
      `Target at 200 connections: ≥ 0.5 of bare and p99 < 50 ms → ${ok ? 'met' : 'NOT met'} (ratio ${ratio.toFixed(2)}, p99 ${at200.greenlight.p99.toFixed(1)} ms)`,
    );
  } finally {
    for (const kind of SERVERS) servers[kind].stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
