import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run } from './quickstart';

/** Where `pnpm start` at the repository root keeps the API key it generated (beside `./greenlight.db`). */
const SECRETS_FILE = fileURLToPath(new URL('../../../.greenlight/secrets.json', import.meta.url));

function apiKey(): string {
  const fromEnv = process.env.GREENLIGHT_API_KEY;
  if (fromEnv) return fromEnv;
  try {
    const { apiKey } = JSON.parse(readFileSync(SECRETS_FILE, 'utf8')) as { apiKey?: string };
    if (apiKey) return apiKey;
  } catch {
    // Explained below.
  }
  throw new Error(
    `GREENLIGHT_API_KEY is not set and ${SECRETS_FILE} has no key. Start the server with \`pnpm start\` ` +
      'at the repository root (it prints the key it generates and keeps it in that file), or set GREENLIGHT_API_KEY.',
  );
}

async function ensureReachable(baseUrl: string): Promise<void> {
  try {
    await fetch(new URL('/healthz', baseUrl), { signal: AbortSignal.timeout(3000) });
  } catch {
    throw new Error(
      `no Greenlight server answers at ${baseUrl}. Run \`pnpm start\` at the repository root, or set GREENLIGHT_URL.`,
    );
  }
}

const baseUrl = process.env.GREENLIGHT_URL || 'http://127.0.0.1:3000';
try {
  await ensureReachable(baseUrl);
  await run({ baseUrl, apiKey: apiKey() });
  console.log('\nDone. Open the join URL, or run it again: every run uses fresh users.');
} catch (error) {
  console.error(`sdk-quickstart: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
