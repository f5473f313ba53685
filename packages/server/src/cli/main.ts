import { parseArgs } from 'node:util';
import { migrate, openStore, pendingMigrations } from '@greenlight/adapters';
import { type Env, loadConfig } from '../config';
import { mintUserToken } from '../http/auth';
import { startServer, startWorker } from '../runner';
import { resolveSecrets } from '../secrets';
import { runDemo } from './demo';
import { parseDuration } from './duration';
import type { CliIo } from './io';

export const HELP = `greenlight — the Greenlight booking-approval API

Usage: greenlight <command> [options]

Commands:
  serve              Start the HTTP API (with the effect worker and the scheduler unless
                     GREENLIGHT_WORKER / GREENLIGHT_SCHEDULER are false)
  worker             Run only the effect worker and the scheduler (split API/worker layout)
  migrate            Apply pending database migrations and exit
  token <userId>     Print a user JWT signed with GREENLIGHT_JWT_SECRET
                       --ttl <duration>   lifetime such as 30m, 1h, 7d (default 1h)
  demo               Walk through approve, reject-with-refund and suggest → counter → accept
                     on a fresh temporary database, through the real HTTP API; then keep
                     serving, with the web app's demo sign-in at /app/ (Ctrl-C stops it)
                       --exit             stop after the walkthrough

Options:
  -h, --help         Show this help
  -v, --version      Show the version

Configuration comes from environment variables; see the README of @greenlight/server
(GREENLIGHT_DATABASE_URL, GREENLIGHT_API_KEY, GREENLIGHT_JWT_SECRET, PORT, HOST, ...).
`;

const VERSION = '0.1.0';

async function migrateCommand(env: Env, io: CliIo): Promise<number> {
  const config = loadConfig(env);
  const store = await openStore(config.database.url, { migrate: false });
  try {
    const pending = await pendingMigrations(store);
    if (pending.length === 0) {
      io.stdout('The database is up to date.\n');
      return 0;
    }
    const applied = await migrate(store);
    io.stdout(
      `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}:\n${applied.map((m) => `  ${m}\n`).join('')}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

async function tokenCommand(args: string[], env: Env, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ttl: { type: 'string', default: '1h' } },
    allowPositionals: true,
  });
  const userId = positionals[0];
  if (!userId || positionals.length > 1) throw new Error('usage: greenlight token <userId> [--ttl 1h]');
  const ttl = parseDuration(values.ttl);
  if (ttl === null) throw new Error(`--ttl: "${values.ttl}" is not a duration such as 30m, 1h or 7d`);
  const secrets = resolveSecrets(loadConfig(env), io.cwd);
  io.stdout(`${await mintUserToken(secrets.jwtSecret, userId, ttl)}\n`);
  return 0;
}

/** Runs one CLI invocation; long-running commands resolve once started and keep the process alive. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(HELP);
        return command === undefined ? 1 : 0;
      case '-v':
      case '--version':
        io.stdout(`${VERSION}\n`);
        return 0;
      case 'serve':
        await startServer(loadConfig(io.env), { cwd: io.cwd, print: (line) => io.stderr(`${line}\n`) });
        return 0;
      case 'worker':
        await startWorker(loadConfig(io.env), { cwd: io.cwd, print: (line) => io.stderr(`${line}\n`) });
        return 0;
      case 'migrate':
        return await migrateCommand(io.env, io);
      case 'token':
        return await tokenCommand(rest, io.env, io);
      case 'demo': {
        const unknown = rest.filter((arg) => arg !== '--exit');
        if (unknown.length > 0)
          throw new Error(`usage: greenlight demo [--exit] (unknown: ${unknown.join(' ')})`);
        return await runDemo(io, { serve: !rest.includes('--exit') });
      }
      default:
        io.stderr(`greenlight: unknown command "${command}"\n\n${HELP}`);
        return 1;
    }
  } catch (error) {
    // Configuration problems list every variable; anything else (an unreachable database) is one line.
    io.stderr(`greenlight: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
