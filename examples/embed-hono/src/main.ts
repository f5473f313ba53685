import { randomBytes } from 'node:crypto';
import { startShop } from './start';

/** Greenlight's tables live in their own schema of the shop's database, unless DATABASE_URL names one. */
function greenlightDatabaseUrl(databaseUrl: string, schema: string): URL {
  const url = new URL(databaseUrl);
  if (!url.searchParams.has('schema')) url.searchParams.set('schema', schema);
  return url;
}

function hint(error: unknown, databaseUrl: string, port: number): string {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') return `\nPort ${port} is taken: set PORT to another one.`;
  if (code === 'ECONNREFUSED' || code === '3D000' || code === '28000') {
    return `\nIs PostgreSQL running at ${databaseUrl}? Set DATABASE_URL to point elsewhere.`;
  }
  return '';
}

const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const greenlightUrl = greenlightDatabaseUrl(databaseUrl, process.env.GREENLIGHT_SCHEMA || 'greenlight');
const port = Number(process.env.PORT || 3001);
const apiKey = process.env.GREENLIGHT_API_KEY || `glk_${randomBytes(24).toString('base64url')}`;
const jwtSecret = process.env.GREENLIGHT_JWT_SECRET || randomBytes(48).toString('base64url');
const base = `http://127.0.0.1:${port}`;
const dayAfterTomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

try {
  const shop = await startShop({
    databaseUrl: greenlightUrl.toString(),
    port,
    apiKey,
    jwtSecret,
    publicUrl: `${base}/greenlight`,
    log: (line) => console.log(line),
  });
  const stop = () => {
    shop.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`Acme Mentoring on ${shop.url}; Greenlight in schema "${greenlightUrl.searchParams.get('schema')}" of ${greenlightUrl.host}${greenlightUrl.pathname}
  shop               ${base}/
  mentor dashboard   ${base}/mentors/usr_mia
  Greenlight API     ${base}/greenlight/v1/…  (reference: ${base}/greenlight/docs)
  platform API key   ${apiKey}${process.env.GREENLIGHT_API_KEY ? '' : '  (generated for this run; set GREENLIGHT_API_KEY to keep one)'}
Try:
  curl -X POST ${base}/checkout -H 'content-type: application/json' -d '{"mentorId":"usr_mia","start":"${dayAfterTomorrow}T15:00:00Z"}'
  curl '${base}/greenlight/v1/bookings?status=pending' -H 'authorization: Bearer ${apiKey}' -H 'greenlight-actor: usr_mia'
Ctrl-C stops the shop, Greenlight's worker and scheduler.`);
} catch (error) {
  console.error(
    `embed-hono: ${error instanceof Error ? error.message : String(error)}${hint(error, databaseUrl, port)}`,
  );
  process.exitCode = 1;
}
