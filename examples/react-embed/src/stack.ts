import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Greenlight } from '@greenlight/sdk';
import { loadConfig, type RunningServer, silentLogger, startServer } from '@greenlight/server';
import { build } from 'vite';
import { PEOPLE, type RunningPlatform, startPlatform } from './platform';

const root = new URL('..', import.meta.url).pathname;

/** Builds the platform's page with Vite (the example's `vite.config.ts`) into a fresh directory. */
export async function buildPage(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'gl-react-embed-'));
  await build({
    root: join(root, 'src/page'),
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
  });
  return outDir;
}

export interface Stack {
  platform: RunningPlatform;
  greenlight: RunningServer;
  /** The platform's own API client (the API key never reaches a browser). */
  api: Greenlight;
  stop(): Promise<void>;
}

function at(days: number, hourUtc: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(hourUtc, 0, 0, 0);
  return date.toISOString();
}

/**
 * MentorHub and Greenlight side by side: Greenlight (in memory) allows MentorHub's origin through CORS and
 * shares its JWT secret with MentorHub's backend; MentorHub's people and two booking requests are put through
 * the SDK with the platform key, as MentorHub's checkout would.
 */
export async function startStack(options: {
  pageDir: string;
  platformPort?: number;
  greenlightPort?: number;
  print?: (line: string) => void;
}): Promise<Stack> {
  const jwtSecret = randomBytes(32).toString('base64url');
  const apiKey = `mentorhub_${randomBytes(18).toString('base64url')}`;
  const platform = await startPlatform({
    pageDir: options.pageDir,
    jwtSecret,
    port: options.platformPort ?? 0,
  });
  const greenlight = await startServer(
    loadConfig({
      GREENLIGHT_DATABASE_URL: 'memory:',
      GREENLIGHT_API_KEY: apiKey,
      GREENLIGHT_JWT_SECRET: jwtSecret,
      PORT: String(options.greenlightPort ?? 0),
      GREENLIGHT_CORS_ORIGINS: platform.url,
      LOG_LEVEL: 'silent',
    }),
    { logger: silentLogger, handleSignals: false, print: options.print ?? (() => {}), workerIntervalMs: 100 },
  );
  platform.setGreenlightUrl(greenlight.url);

  const api = new Greenlight({ baseUrl: greenlight.url, apiKey });
  for (const { id, role: _role, ...profile } of PEOPLE) await api.users.put(id, profile);
  const [mentor, mentee] = PEOPLE as [(typeof PEOPLE)[0], (typeof PEOPLE)[0]];
  const requests = [
    { start: at(2, 15), message: 'Could we go through my system-design answers for a payments ledger?' },
    { start: at(4, 9), message: 'I would love feedback on my staff-engineer promotion packet.' },
  ];
  for (const [i, request] of requests.entries()) {
    await api.bookings.create({
      mentorId: mentor.id,
      menteeId: mentee.id,
      start: request.start,
      durationMinutes: 60,
      price: { amount: 9_000, currency: 'USD' },
      paymentRef: `pi_mentorhub_${Date.now()}_${i}`,
      message: request.message,
    });
  }
  return {
    platform,
    greenlight,
    api,
    async stop() {
      await platform.stop();
      await greenlight.stop();
    },
  };
}
