import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';
import { deriveActionKey, deriveLinkSecret, resolveSecrets, secretsFile } from './secrets';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has embedded defaults: SQLite file, port 3000 on loopback, Jitsi, ledger refunds, log emails', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      database: { kind: 'sqlite', url: './greenlight.db' },
      port: 3000,
      host: '127.0.0.1',
      zoom: null,
      stripe: null,
      smtp: null,
      webhook: null,
      worker: true,
      scheduler: true,
      retention: { idempotencyHours: 24, effectDays: 30 },
      corsOrigins: null,
      allowPrivateCalendarUrls: false,
      logLevel: 'info',
      apiKey: undefined,
    });
  });

  it('lets calendar feeds reach private networks only when GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS says so', () => {
    expect(loadConfig({ GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS: 'true' }).allowPrivateCalendarUrls).toBe(
      true,
    );
    expect(loadConfig({ GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS: 'false' }).allowPrivateCalendarUrls).toBe(
      false,
    );
    expect(loadConfig({ GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS: '' }).allowPrivateCalendarUrls).toBe(false);
  });

  it('reads how long housekeeping keeps idempotency records and finished effects', () => {
    const config = loadConfig({
      GREENLIGHT_IDEMPOTENCY_RETENTION_HOURS: '48',
      GREENLIGHT_EFFECT_RETENTION_DAYS: '1',
    });
    expect(config.retention).toEqual({ idempotencyHours: 48, effectDays: 1 });
    expect(
      loadConfig({ GREENLIGHT_IDEMPOTENCY_RETENTION_HOURS: '', GREENLIGHT_EFFECT_RETENTION_DAYS: '' })
        .retention,
    ).toEqual({ idempotencyHours: 24, effectDays: 30 });
  });

  it.each([
    ['GREENLIGHT_IDEMPOTENCY_RETENTION_HOURS', '0', 'must be a whole number of hours from 1 to 8760'],
    ['GREENLIGHT_IDEMPOTENCY_RETENTION_HOURS', '1.5', 'must be a whole number of hours from 1 to 8760'],
    ['GREENLIGHT_IDEMPOTENCY_RETENTION_HOURS', 'a day', 'must be a whole number of hours from 1 to 8760'],
    ['GREENLIGHT_EFFECT_RETENTION_DAYS', '0', 'must be a whole number of days from 1 to 3650'],
    ['GREENLIGHT_EFFECT_RETENTION_DAYS', '-30', 'must be a whole number of days from 1 to 3650'],
    ['GREENLIGHT_EFFECT_RETENTION_DAYS', '100000', 'must be a whole number of days from 1 to 3650'],
  ])('refuses %s=%s, saying what is allowed', (variable, value, message) => {
    expect(problemsOf({ [variable]: value })).toEqual([`${variable}: ${message}`]);
  });

  it('recognises PostgreSQL and in-memory URLs', () => {
    expect(loadConfig({ GREENLIGHT_DATABASE_URL: 'postgres://u@h/db' }).database.kind).toBe('postgres');
    expect(loadConfig({ GREENLIGHT_DATABASE_URL: 'memory:' }).database.kind).toBe('memory');
    expect(loadConfig({ GREENLIGHT_DATABASE_URL: 'sqlite:/var/lib/gl.db' }).database.kind).toBe('sqlite');
  });

  it('reads every integration when configured', () => {
    const config = loadConfig({
      ZOOM_ACCOUNT_ID: 'acc',
      ZOOM_CLIENT_ID: 'cid',
      ZOOM_CLIENT_SECRET: 'secret',
      ZOOM_API_URL: 'http://127.0.0.1:9/v2',
      STRIPE_SECRET_KEY: 'sk_test_123',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      EMAIL_FROM: 'Greenlight <no-reply@example.com>',
      GREENLIGHT_WEBHOOK_URL: 'https://platform.example.com/hooks',
      GREENLIGHT_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
      GREENLIGHT_CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      GREENLIGHT_DATABASE_URL: 'postgres://u@h/db',
      GREENLIGHT_WORKER: 'false',
      LOG_LEVEL: 'debug',
    });
    expect(config.zoom).toEqual({
      accountId: 'acc',
      clientId: 'cid',
      clientSecret: 'secret',
      apiUrl: 'http://127.0.0.1:9/v2',
    });
    expect(config.stripe).toEqual({ secretKey: 'sk_test_123' });
    expect(config.smtp).toEqual({ url: 'smtp://127.0.0.1:2525', from: 'Greenlight <no-reply@example.com>' });
    expect(config.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(config.worker).toBe(false);
    expect(config.logLevel).toBe('debug');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ GREENLIGHT_API_KEY: 'short' }, 'GREENLIGHT_API_KEY'],
    [{ GREENLIGHT_JWT_SECRET: 'too-short' }, 'GREENLIGHT_JWT_SECRET'],
    [{ GREENLIGHT_LINK_SECRET: 'too-short' }, 'GREENLIGHT_LINK_SECRET'],
    [{ GREENLIGHT_DATABASE_URL: 'mysql://h/db' }, 'GREENLIGHT_DATABASE_URL'],
    [{ GREENLIGHT_PUBLIC_URL: 'not a url' }, 'GREENLIGHT_PUBLIC_URL'],
    [{ ZOOM_ACCOUNT_ID: 'acc' }, 'ZOOM_CLIENT_ID'],
    [{ ZOOM_API_URL: 'ftp://zoom' }, 'ZOOM_API_URL'],
    [{ JITSI_BASE_URL: 'meet' }, 'JITSI_BASE_URL'],
    [{ STRIPE_SECRET_KEY: 'pk_live_123' }, 'STRIPE_SECRET_KEY'],
    [{ STRIPE_API_URL: 'http://127.0.0.1:1' }, 'STRIPE_SECRET_KEY'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://mail' }, 'EMAIL_FROM'],
    [{ EMAIL_FROM: 'nobody' }, 'EMAIL_FROM'],
    [{ GREENLIGHT_WEBHOOK_URL: 'https://x.example/hook' }, 'GREENLIGHT_WEBHOOK_SECRET'],
    [{ GREENLIGHT_WORKER: 'maybe' }, 'GREENLIGHT_WORKER'],
    [{ GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS: 'lan' }, 'GREENLIGHT_ALLOW_PRIVATE_CALENDAR_URLS'],
    [{ GREENLIGHT_SCHEDULER: 'false', GREENLIGHT_DATABASE_URL: 'memory:' }, 'GREENLIGHT_SCHEDULER'],
    [{ GREENLIGHT_CORS_ORIGINS: 'https://app.example.com/path' }, 'GREENLIGHT_CORS_ORIGINS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'production' }, 'GREENLIGHT_API_KEY'],
    [{ NODE_ENV: 'production', GREENLIGHT_API_KEY: 'k'.repeat(20) }, 'GREENLIGHT_JWT_SECRET'],
    [{ GREENLIGHT_APP_RETURN_URL: 'mentors.example.com/sign-in' }, 'GREENLIGHT_APP_RETURN_URL'],
    [{ GREENLIGHT_DEMO: 'sure' }, 'GREENLIGHT_DEMO'],
  ])('names the variable in the error: %j → %s', (env, variable) => {
    const problems = problemsOf(env as Record<string, string>);
    expect(problems.some((p) => p.startsWith(variable))).toBe(true);
  });

  it('reads the email action keyring, first key first, with "derived" for the default key', () => {
    const keys = `k2:${'b'.repeat(32)}, derived ,k1:${'a'.repeat(40)}`;
    expect(loadConfig({ GREENLIGHT_ACTION_KEYS: keys }).actionKeys).toEqual([
      { id: 'k2', secret: 'b'.repeat(32) },
      'derived',
      { id: 'k1', secret: 'a'.repeat(40) },
    ]);
    // A secret may hold colons; only the first one ends the key id.
    expect(loadConfig({ GREENLIGHT_ACTION_KEYS: `k:${'a:b'.repeat(11)}` }).actionKeys).toEqual([
      { id: 'k', secret: 'a:b'.repeat(11) },
    ]);
    expect(loadConfig({}).actionKeys).toBeUndefined();
    expect(
      problemsOf({
        GREENLIGHT_ACTION_KEYS: `k1:short,k 2:${'a'.repeat(32)},k1:${'a'.repeat(32)},k1:${'b'.repeat(32)}`,
      }),
    ).toEqual([
      'GREENLIGHT_ACTION_KEYS: the secret of key "k1" must be at least 32 characters (256 bits for HMAC-SHA256)',
      'GREENLIGHT_ACTION_KEYS: entry 2 must be kid:secret (a key id of letters, digits, - or _, up to 32) or "derived"',
      'GREENLIGHT_ACTION_KEYS: key id "k1" is listed twice',
    ]);
    expect(problemsOf({ GREENLIGHT_ACTION_KEYS: ' , ' })).toEqual([
      'GREENLIGHT_ACTION_KEYS: entry 1 must be kid:secret (a key id of letters, digits, - or _, up to 32) or "derived"',
      'GREENLIGHT_ACTION_KEYS: entry 2 must be kid:secret (a key id of letters, digits, - or _, up to 32) or "derived"',
    ]);
  });

  it('has the demo sign-in off unless GREENLIGHT_DEMO is on, and refuses it with NODE_ENV=production', () => {
    expect(loadConfig({}).demo).toBe(false);
    expect(loadConfig({ GREENLIGHT_DEMO: 'true' }).demo).toBe(true);
    const production = {
      NODE_ENV: 'production',
      GREENLIGHT_API_KEY: 'k'.repeat(20),
      GREENLIGHT_JWT_SECRET: 's'.repeat(32),
    };
    expect(loadConfig(production).demo).toBe(false);
    expect(problemsOf({ ...production, GREENLIGHT_DEMO: 'true' })).toEqual([
      'GREENLIGHT_DEMO: cannot be on with NODE_ENV=production (anyone could sign in as the demo people)',
    ]);
  });

  it('reads where the web app sends people to sign in again, and what it calls the platform', () => {
    expect(
      loadConfig({
        GREENLIGHT_APP_RETURN_URL: 'https://mentors.example.com/greenlight/sign-in',
        GREENLIGHT_APP_PLATFORM_NAME: 'MentorHub',
      }),
    ).toMatchObject({
      appReturnUrl: 'https://mentors.example.com/greenlight/sign-in',
      appPlatformName: 'MentorHub',
    });
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud', GREENLIGHT_API_KEY: 'short' });
    expect(problems).toHaveLength(3);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', GREENLIGHT_DATABASE_URL: '' })).toMatchObject({ port: 3000 });
  });
});

describe('resolveSecrets', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates the API key and JWT secret once, beside the database, and reuses them', () => {
    dir = mkdtempSync(join(tmpdir(), 'gl-secrets-'));
    const config = loadConfig({ GREENLIGHT_DATABASE_URL: join(dir, 'data', 'app.db') });
    const first = resolveSecrets(config, dir);
    expect(first.generated).toEqual(['GREENLIGHT_API_KEY', 'GREENLIGHT_JWT_SECRET']);
    expect(first.file).toBe(join(dir, 'data', '.greenlight', 'secrets.json'));
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    expect(first.apiKey.length).toBeGreaterThanOrEqual(32);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    const second = resolveSecrets(config, dir);
    expect(second.apiKey).toBe(first.apiKey);
    expect(second.jwtSecret).toBe(first.jwtSecret);
  });

  it('derives the link secret from the JWT secret with its own label, or takes GREENLIGHT_LINK_SECRET', () => {
    dir = mkdtempSync(join(tmpdir(), 'gl-secrets-'));
    const env = { GREENLIGHT_API_KEY: 'k'.repeat(20), GREENLIGHT_JWT_SECRET: 'j'.repeat(40) };
    const derived = resolveSecrets(loadConfig(env), dir);
    expect(derived.linkSecret).toBe(deriveLinkSecret('j'.repeat(40)));
    expect(derived.linkSecret).toMatch(/^[\w-]{43}$/);
    expect(derived.linkSecret).not.toBe(derived.jwtSecret);
    expect(deriveLinkSecret('j'.repeat(41))).not.toBe(derived.linkSecret);
    expect(resolveSecrets(loadConfig(env), dir).linkSecret).toBe(derived.linkSecret);

    const set = loadConfig({ ...env, GREENLIGHT_LINK_SECRET: 'l'.repeat(32) });
    expect(set.linkSecret).toBe('l'.repeat(32));
    expect(resolveSecrets(set, dir).linkSecret).toBe('l'.repeat(32));

    // A generated JWT secret gives a link secret that stays the same across restarts.
    const generated = loadConfig({ GREENLIGHT_DATABASE_URL: join(dir, 'app.db') });
    const first = resolveSecrets(generated, dir);
    expect(first.linkSecret).toBe(deriveLinkSecret(first.jwtSecret));
    expect(resolveSecrets(generated, dir).linkSecret).toBe(first.linkSecret);
    expect(JSON.parse(readFileSync(first.file!, 'utf8'))).not.toHaveProperty('linkSecret');
  });

  it('derives the email action key from the link secret, unless GREENLIGHT_ACTION_KEYS lists its own', () => {
    dir = mkdtempSync(join(tmpdir(), 'gl-secrets-'));
    const env = { GREENLIGHT_API_KEY: 'k'.repeat(20), GREENLIGHT_JWT_SECRET: 'j'.repeat(40) };
    const derived = resolveSecrets(loadConfig(env), dir);
    expect(derived.actionKeys).toEqual([deriveActionKey(derived.linkSecret)]);
    const [key] = derived.actionKeys;
    expect(key!.id).toMatch(/^d[\w-]{8}$/);
    expect(key!.secret).toMatch(/^[\w-]{43}$/);
    expect([derived.linkSecret, derived.jwtSecret]).not.toContain(key!.secret);
    // It follows the link secret: pinning GREENLIGHT_LINK_SECRET pins it too, and a new one gives a new key id.
    const pinned = resolveSecrets(loadConfig({ ...env, GREENLIGHT_LINK_SECRET: 'l'.repeat(32) }), dir);
    expect(pinned.actionKeys).toEqual([deriveActionKey('l'.repeat(32))]);
    expect(pinned.actionKeys[0]!.id).not.toBe(key!.id);

    const rotating = resolveSecrets(
      loadConfig({ ...env, GREENLIGHT_ACTION_KEYS: `new:${'n'.repeat(32)},derived` }),
      dir,
    );
    expect(rotating.actionKeys).toEqual([{ id: 'new', secret: 'n'.repeat(32) }, key]);
  });

  it('uses the environment when set and stores only what it generated', () => {
    dir = mkdtempSync(join(tmpdir(), 'gl-secrets-'));
    const config = loadConfig({ GREENLIGHT_DATABASE_URL: 'memory:', GREENLIGHT_API_KEY: 'k'.repeat(20) });
    const secrets = resolveSecrets(config, dir);
    expect(secrets.apiKey).toBe('k'.repeat(20));
    expect(secrets.generated).toEqual(['GREENLIGHT_JWT_SECRET']);
    expect(secretsFile(config, dir)).toBe(join(dir, '.greenlight', 'secrets.json'));
    expect(JSON.parse(readFileSync(secrets.file!, 'utf8'))).toEqual({ jwtSecret: secrets.jwtSecret });
  });
});
