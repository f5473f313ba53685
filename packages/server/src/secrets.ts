import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { sqlitePath } from '@greenlight/adapters';
import type { ActionKey } from './actions/tokens';
import type { Config } from './config';

export interface Secrets {
  apiKey: string;
  jwtSecret: string;
  /** Signs bookings' `.ics` links: GREENLIGHT_LINK_SECRET, or `deriveLinkSecret(jwtSecret)`. */
  linkSecret: string;
  /**
   * The keyring of email action links, the signing key first: GREENLIGHT_ACTION_KEYS, or the key derived from
   * the link secret (`deriveActionKey`).
   */
  actionKeys: ActionKey[];
  /** Names of the secrets generated (or reused from `file`) because their variable was unset. */
  generated: Array<'GREENLIGHT_API_KEY' | 'GREENLIGHT_JWT_SECRET'>;
  /** Where generated secrets live; null when none were needed. */
  file: string | null;
}

/** The HKDF label of the derived link secret: a key of its own, never usable as the JWT secret. */
const LINK_SECRET_INFO = 'greenlight.link-secret.v1';
/** The HKDF label of the derived email action key: never usable as the link secret it comes from. */
const ACTION_KEY_INFO = 'greenlight.email-action-key.v1';

/** HKDF-SHA256 of `secret` under `info`: 32 bytes, base64url. */
function hkdf(secret: string, info: string): string {
  return Buffer.from(hkdfSync('sha256', secret, '', info, 32)).toString('base64url');
}

/**
 * The link secret when GREENLIGHT_LINK_SECRET is unset: HKDF-SHA256 of the JWT secret with its own label, so a
 * deployment signs links without a new variable, the same in every process that shares the JWT secret, and the
 * JWT secret cannot be worked back from it.
 */
export function deriveLinkSecret(jwtSecret: string): string {
  return hkdf(jwtSecret, LINK_SECRET_INFO);
}

/**
 * The email action key when GREENLIGHT_ACTION_KEYS is unset (or lists `derived`): HKDF-SHA256 of the link secret
 * with its own label, so it follows GREENLIGHT_LINK_SECRET (or the JWT secret) in every process. Its id is a
 * fingerprint of the key (`d` and 8 characters of its SHA-256), so a link signed before the secret changed
 * names a key that is no longer there instead of failing its signature check.
 */
export function deriveActionKey(linkSecret: string): ActionKey {
  const secret = hkdf(linkSecret, ACTION_KEY_INFO);
  return { id: `d${createHash('sha256').update(secret).digest('base64url').slice(0, 8)}`, secret };
}

function actionKeysOf(config: Config, linkSecret: string): ActionKey[] {
  const entries = config.actionKeys ?? ['derived'];
  return entries.map((entry) => (entry === 'derived' ? deriveActionKey(linkSecret) : entry));
}

/** Generated secrets sit beside the SQLite file (or in the working directory) in `.greenlight/`. */
export function secretsFile(config: Config, cwd: string): string {
  const base =
    config.database.kind === 'sqlite' ? dirname(resolve(cwd, sqlitePath(config.database.url))) : cwd;
  return join(base, '.greenlight', 'secrets.json');
}

function readStored(file: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * The API key and JWT secret: from the environment, or outside production generated once, stored with mode
 * 0600 and reused on the next start so tokens and clients keep working across restarts. The link secret is
 * GREENLIGHT_LINK_SECRET, else derived from the JWT secret (never stored).
 */
export function resolveSecrets(config: Config, cwd = process.cwd()): Secrets {
  const linkSecretOf = (jwtSecret: string) => config.linkSecret ?? deriveLinkSecret(jwtSecret);
  if (config.apiKey && config.jwtSecret) {
    const linkSecret = linkSecretOf(config.jwtSecret);
    return {
      apiKey: config.apiKey,
      jwtSecret: config.jwtSecret,
      linkSecret,
      actionKeys: actionKeysOf(config, linkSecret),
      generated: [],
      file: null,
    };
  }
  if (config.production) {
    throw new Error('GREENLIGHT_API_KEY and GREENLIGHT_JWT_SECRET are required when NODE_ENV=production');
  }
  const file = secretsFile(config, cwd);
  const stored = readStored(file);
  const generated: Secrets['generated'] = [];
  let apiKey = config.apiKey;
  if (!apiKey) {
    apiKey = stored.apiKey ?? `glk_${randomBytes(24).toString('base64url')}`;
    generated.push('GREENLIGHT_API_KEY');
  }
  let jwtSecret = config.jwtSecret;
  if (!jwtSecret) {
    jwtSecret = stored.jwtSecret ?? randomBytes(48).toString('base64url');
    generated.push('GREENLIGHT_JWT_SECRET');
  }
  const next = {
    ...stored,
    ...(config.apiKey ? {} : { apiKey }),
    ...(config.jwtSecret ? {} : { jwtSecret }),
  };
  if (next.apiKey !== stored.apiKey || next.jwtSecret !== stored.jwtSecret) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  }
  const linkSecret = linkSecretOf(jwtSecret);
  return { apiKey, jwtSecret, linkSecret, actionKeys: actionKeysOf(config, linkSecret), generated, file };
}
