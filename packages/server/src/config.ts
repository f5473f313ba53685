import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './http/logger';

export type DatabaseConfig =
  | { kind: 'memory'; url: 'memory:' }
  | { kind: 'postgres'; url: string }
  | { kind: 'sqlite'; url: string };

export interface Config {
  production: boolean;
  database: DatabaseConfig;
  /** Undefined when not set: `resolveSecrets` generates one outside production. */
  apiKey: string | undefined;
  jwtSecret: string | undefined;
  /**
   * GREENLIGHT_LINK_SECRET, the key that signs bookings' `.ics` links (`?token=`) so that they open from an
   * email or a calendar app without credentials. Undefined when not set: `resolveSecrets` derives one from the
   * JWT secret, so changing the JWT secret then also changes every link. Set it to keep links when rotating
   * the JWT secret; changing it makes the links already sent answer 401.
   */
  linkSecret: string | undefined;
  /**
   * GREENLIGHT_ACTION_KEYS: the keyring of one-click email action links, `kid:secret` entries (or `derived`, the
   * key derived from the link secret) separated by commas; the first signs, all verify. Undefined when not set:
   * `resolveSecrets` uses the derived key alone.
   */
  actionKeys: ActionKeyEntry[] | undefined;
  port: number;
  host: string;
  publicUrl: string | undefined;
  zoom: {
    accountId: string;
    clientId: string;
    clientSecret: string;
    apiUrl?: string;
    oauthUrl?: string;
  } | null;
  jitsiBaseUrl: string | undefined;
  stripe: { secretKey: string; apiUrl?: string } | null;
  smtp: { url: string; from: string } | null;
  webhook: { url: string; secret: string } | null;
  worker: boolean;
  scheduler: boolean;
  /**
   * How long the scheduler's housekeeping keeps idempotency records (GREENLIGHT_IDEMPOTENCY_RETENTION_HOURS, 24)
   * and finished effects (GREENLIGHT_EFFECT_RETENTION_DAYS, 30) before deleting them. Refunds and dead letters
   * are kept for good.
   */
  retention: { idempotencyHours: number; effectDays: number };
  corsOrigins: string[] | null;
  /** Mentors' calendar feed URLs may point at loopback and private addresses (tests, self-hosted LANs). */
  allowPrivateCalendarUrls: boolean;
  /**
   * GREENLIGHT_APP_RETURN_URL: the platform page the web app sends a person to when they have no session or it
   * expired, with `next=<app path>`; the platform signs them in and sends them back with a fresh token.
   */
  appReturnUrl: string | undefined;
  /** GREENLIGHT_APP_PLATFORM_NAME: what the app calls the platform ("Return to MentorHub"). */
  appPlatformName: string | undefined;
  /**
   * GREENLIGHT_DEMO: seed a demo mentor and mentee and let anyone who reaches the server sign in as either from
   * `/app/` (`pnpm start`, `greenlight demo`). Refused with NODE_ENV=production.
   */
  demo: boolean;
  logLevel: LogLevel;
}

export type Env = Record<string, string | undefined>;

/** One entry of GREENLIGHT_ACTION_KEYS: a key of its own, or the derived default kept verifying during a rotation. */
export type ActionKeyEntry = { id: string; secret: string } | 'derived';

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

function actionKeys(value: string | undefined, problems: string[]): ActionKeyEntry[] | undefined {
  if (value === undefined) return undefined;
  const name = 'GREENLIGHT_ACTION_KEYS';
  const entries: ActionKeyEntry[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of value.split(',').entries()) {
    const entry = raw.trim();
    if (entry === 'derived') {
      if (seen.has('derived')) problems.push(`${name}: "derived" is listed twice`);
      seen.add('derived');
      entries.push('derived');
      continue;
    }
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const secret = colon > 0 ? entry.slice(colon + 1) : '';
    if (!KEY_ID.test(id)) {
      problems.push(
        `${name}: entry ${index + 1} must be kid:secret (a key id of letters, digits, - or _, up to 32) or "derived"`,
      );
      continue;
    }
    if (secret.length < 32) {
      problems.push(
        `${name}: the secret of key "${id}" must be at least 32 characters (256 bits for HMAC-SHA256)`,
      );
      continue;
    }
    if (seen.has(id)) problems.push(`${name}: key id "${id}" is listed twice`);
    seen.add(id);
    entries.push({ id, secret });
  }
  if (entries.length === 0 && problems.length === 0) problems.push(`${name}: list at least one key`);
  return entries;
}

/** Every problem with the environment at once, each naming its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Unset and empty mean the same: the default. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, message: `must be an http(s) URL such as ${example}` });

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { message: 'must be true or false' })
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

/** A whole number from `min` to `max`; every message says so in `unit`. */
const wholeNumber = (min: number, max: number, unit: string) => {
  const message = `must be a whole number of ${unit} from ${min} to ${max}`;
  return z.coerce.number({ message }).int(message).min(min, message).max(max, message);
};

const Schema = z.object({
  NODE_ENV: optional(z.string()),
  GREENLIGHT_DATABASE_URL: optional(
    z
      .string()
      .refine(
        (url) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^(postgres(ql)?|file|sqlite):\/\//i.test(url),
        {
          message: 'must be memory:, postgres://…, sqlite:<path> or a file path',
        },
      ),
  ),
  GREENLIGHT_API_KEY: optional(
    z.string().min(16, 'must be at least 16 characters').regex(/^\S+$/, 'must not contain whitespace'),
  ),
  GREENLIGHT_JWT_SECRET: optional(z.string().min(32, 'must be at least 32 characters (256 bits for HS256)')),
  GREENLIGHT_LINK_SECRET: optional(
    z.string().min(32, 'must be at least 32 characters (256 bits for HMAC-SHA256)'),
  ),
  GREENLIGHT_ACTION_KEYS: optional(z.string()),
  PORT: optional(
    z.coerce
      .number({ message: 'must be a port number from 0 to 65535' })
      .int('must be a port number from 0 to 65535')
      .min(0, 'must be a port number from 0 to 65535')
      .max(65535, 'must be a port number from 0 to 65535'),
  ),
  HOST: optional(z.string()),
  GREENLIGHT_PUBLIC_URL: optional(httpUrl('https://greenlight.example.com')),
  ZOOM_ACCOUNT_ID: optional(z.string()),
  ZOOM_CLIENT_ID: optional(z.string()),
  ZOOM_CLIENT_SECRET: optional(z.string()),
  ZOOM_API_URL: optional(httpUrl('https://api.zoom.us/v2')),
  ZOOM_OAUTH_URL: optional(httpUrl('https://zoom.us/oauth/token')),
  JITSI_BASE_URL: optional(httpUrl('https://meet.jit.si')),
  STRIPE_SECRET_KEY: optional(
    z.string().regex(/^(sk|rk)_\S+$/, 'must be a Stripe secret key (sk_… or rk_…)'),
  ),
  STRIPE_API_URL: optional(httpUrl('https://api.stripe.com')),
  SMTP_URL: optional(
    z.url({
      protocol: /^smtps?$/,
      message: 'must be an smtp:// or smtps:// URL such as smtp://user:pass@host:587',
    }),
  ),
  EMAIL_FROM: optional(
    z
      .string()
      .regex(
        /^(.+<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/,
        'must be an address such as "Greenlight <no-reply@example.com>"',
      ),
  ),
  GREENLIGHT_WEBHOOK_URL: optional(httpUrl('https://platform.example.com/greenlight/webhooks')),
  GREENLIGHT_WEBHOOK_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  GREENLIGHT_WORKER: optional(flag),
  GREENLIGHT_SCHEDULER: optional(flag),
  GREENLIGHT_IDEMPOTENCY_RETENTION_HOURS: optional(wholeNumber(1, 8760, 'hours')),
  GREENLIGHT_EFFECT_RETENTION_DAYS: optional(wholeNumber(1, 3650, 'days')),
  GREENLIGHT_CORS_ORIGINS: optional(z.string()),
  GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS: optional(flag),
  GREENLIGHT_APP_RETURN_URL: optional(httpUrl('https://mentors.example.com/greenlight/sign-in')),
  GREENLIGHT_APP_PLATFORM_NAME: optional(z.string().max(60, 'must be at most 60 characters')),
  GREENLIGHT_DEMO: optional(flag),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })),
});

export const DEFAULT_DATABASE_URL = './greenlight.db';

function database(url: string): DatabaseConfig {
  if (url === 'memory:') return { kind: 'memory', url };
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url };
  return { kind: 'sqlite', url };
}

function corsOrigins(value: string | undefined, problems: string[]): string[] | null {
  if (value === undefined) return null;
  const origins = value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin === '*') continue;
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    if (!parsed || parsed.origin !== origin) {
      problems.push(
        `GREENLIGHT_CORS_ORIGINS: "${origin}" is not an origin; use comma-separated origins such as https://app.example.com, or *`,
      );
    }
  }
  return origins;
}

/**
 * Reads the configuration from environment variables. Throws a `ConfigError` listing every problem, each
 * starting with the variable's name. Secrets left unset are `undefined` here; see `resolveSecrets`.
 */
export function loadConfig(env: Env): Config {
  const parsed = Schema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${String(issue.path[0])}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';

  const zoomVars = {
    ZOOM_ACCOUNT_ID: e.ZOOM_ACCOUNT_ID,
    ZOOM_CLIENT_ID: e.ZOOM_CLIENT_ID,
    ZOOM_CLIENT_SECRET: e.ZOOM_CLIENT_SECRET,
  };
  const zoomMissing = Object.entries(zoomVars)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (zoomMissing.length > 0 && zoomMissing.length < 3) {
    problems.push(
      `${zoomMissing.join(', ')}: set all three Zoom credentials to use Zoom, or none to use Jitsi`,
    );
  }
  if (e.STRIPE_API_URL && !e.STRIPE_SECRET_KEY) {
    problems.push('STRIPE_SECRET_KEY: required when STRIPE_API_URL is set');
  }
  if (e.SMTP_URL && !e.EMAIL_FROM) problems.push('EMAIL_FROM: required when SMTP_URL is set');
  if (e.GREENLIGHT_WEBHOOK_URL && !e.GREENLIGHT_WEBHOOK_SECRET) {
    problems.push(
      'GREENLIGHT_WEBHOOK_SECRET: required when GREENLIGHT_WEBHOOK_URL is set (at least 16 characters)',
    );
  }
  if (e.GREENLIGHT_WEBHOOK_SECRET && !e.GREENLIGHT_WEBHOOK_URL) {
    problems.push('GREENLIGHT_WEBHOOK_URL: required when GREENLIGHT_WEBHOOK_SECRET is set');
  }
  if (production && !e.GREENLIGHT_API_KEY)
    problems.push('GREENLIGHT_API_KEY: required when NODE_ENV=production');
  if (production && !e.GREENLIGHT_JWT_SECRET) {
    problems.push('GREENLIGHT_JWT_SECRET: required when NODE_ENV=production (at least 32 characters)');
  }
  if (production && e.GREENLIGHT_DEMO) {
    problems.push(
      'GREENLIGHT_DEMO: cannot be on with NODE_ENV=production (anyone could sign in as the demo people)',
    );
  }
  const cors = corsOrigins(e.GREENLIGHT_CORS_ORIGINS, problems);
  const keys = actionKeys(e.GREENLIGHT_ACTION_KEYS, problems);
  const db = database(e.GREENLIGHT_DATABASE_URL ?? DEFAULT_DATABASE_URL);
  const worker = e.GREENLIGHT_WORKER ?? true;
  const scheduler = e.GREENLIGHT_SCHEDULER ?? true;
  if (db.kind === 'memory' && (!worker || !scheduler)) {
    problems.push(
      `${!worker ? 'GREENLIGHT_WORKER' : 'GREENLIGHT_SCHEDULER'}: cannot be false with GREENLIGHT_DATABASE_URL=memory: (no other process can share that database)`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    production,
    database: db,
    apiKey: e.GREENLIGHT_API_KEY,
    jwtSecret: e.GREENLIGHT_JWT_SECRET,
    linkSecret: e.GREENLIGHT_LINK_SECRET,
    actionKeys: keys,
    port: e.PORT ?? 3000,
    host: e.HOST ?? '127.0.0.1',
    publicUrl: e.GREENLIGHT_PUBLIC_URL?.replace(/\/+$/, ''),
    zoom:
      e.ZOOM_ACCOUNT_ID && e.ZOOM_CLIENT_ID && e.ZOOM_CLIENT_SECRET
        ? {
            accountId: e.ZOOM_ACCOUNT_ID,
            clientId: e.ZOOM_CLIENT_ID,
            clientSecret: e.ZOOM_CLIENT_SECRET,
            ...(e.ZOOM_API_URL ? { apiUrl: e.ZOOM_API_URL } : {}),
            ...(e.ZOOM_OAUTH_URL ? { oauthUrl: e.ZOOM_OAUTH_URL } : {}),
          }
        : null,
    jitsiBaseUrl: e.JITSI_BASE_URL,
    stripe: e.STRIPE_SECRET_KEY
      ? { secretKey: e.STRIPE_SECRET_KEY, ...(e.STRIPE_API_URL ? { apiUrl: e.STRIPE_API_URL } : {}) }
      : null,
    smtp: e.SMTP_URL && e.EMAIL_FROM ? { url: e.SMTP_URL, from: e.EMAIL_FROM } : null,
    webhook:
      e.GREENLIGHT_WEBHOOK_URL && e.GREENLIGHT_WEBHOOK_SECRET
        ? { url: e.GREENLIGHT_WEBHOOK_URL, secret: e.GREENLIGHT_WEBHOOK_SECRET }
        : null,
    worker,
    scheduler,
    retention: {
      idempotencyHours: e.GREENLIGHT_IDEMPOTENCY_RETENTION_HOURS ?? 24,
      effectDays: e.GREENLIGHT_EFFECT_RETENTION_DAYS ?? 30,
    },
    corsOrigins: cors,
    allowPrivateCalendarUrls: e.GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS ?? false,
    appReturnUrl: e.GREENLIGHT_APP_RETURN_URL,
    appPlatformName: e.GREENLIGHT_APP_PLATFORM_NAME,
    demo: e.GREENLIGHT_DEMO ?? false,
    logLevel: e.LOG_LEVEL ?? 'info',
  };
}
