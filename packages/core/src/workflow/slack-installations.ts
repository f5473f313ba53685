import {
  ClaimSlackTokenRefreshBody,
  PutSlackInstallationBody,
  RevokeSlackInstallationBody,
  type SlackInstallation,
  SlackInstallationKey,
  type SlackInstallationObject,
  SlackTeamAccessBody,
  slackInstallationKeyOf,
} from '../contract/integrations';
import type { SlackInstallationRevokedEvent } from '../contract/webhooks';
import { GreenlightError, NotFoundError, ValidationError } from '../errors';
import type { BookingStore, IdGenerator, StoreTx } from '../ports';
import { requirePlatform } from './authorize';
import { eventDeliveries } from './outbox';
import { parse } from './parse';
import type { Workflow } from './types';

const WHAT = 'manage Slack installations';

/**
 * How often a write that lost a race with another writer (PostgreSQL does not serialise the read before it) is
 * tried again from a fresh read before giving up with `version_conflict`.
 */
const WRITE_ATTEMPTS = 5;

/** The key from the path, checked like a body field so that a bad one is a 400 naming it. */
function keyOf(key: string): string {
  return parse(SlackInstallationKey, key, 400);
}

/** A stored installation as the contract reads it now: fields added since it was written get their defaults. */
export function currentInstallation(stored: SlackInstallation): SlackInstallation {
  return {
    ...stored,
    version: stored.version ?? 1,
    status: stored.status ?? 'active',
    revocation: stored.revocation ?? null,
    botTokenExpiresAt: stored.botTokenExpiresAt ?? botTokenExpiry(stored.installation),
    refreshClaimedUntil: stored.refreshClaimedUntil ?? null,
    teams: stored.teams ?? [],
  };
}

/** Bolt keeps a rotating token's expiry as `bot.expiresAt`, in Unix seconds. */
function botTokenExpiry(installation: Record<string, unknown>): string | null {
  const expiresAt = (installation.bot as { expiresAt?: unknown } | undefined)?.expiresAt;
  return typeof expiresAt === 'number' && Number.isFinite(expiresAt)
    ? new Date(expiresAt * 1000).toISOString()
    : null;
}

/** Slack no longer accepts a revoked installation's tokens: nothing secret is kept once it is revoked. */
function withoutSecrets(installation: Record<string, unknown>): Record<string, unknown> {
  const { incomingWebhook: _webhook, ...rest } = installation;
  const stripped: Record<string, unknown> = { ...rest };
  for (const holder of ['bot', 'user'] as const) {
    const value = installation[holder];
    if (value && typeof value === 'object') {
      const { token: _t, refreshToken: _r, expiresAt: _e, ...kept } = value as Record<string, unknown>;
      stripped[holder] = kept;
    }
  }
  return stripped;
}

function conflict(key: string, detail: string): GreenlightError {
  return new GreenlightError('version_conflict', 409, `Slack installation ${key} ${detail}; read it again`);
}

/**
 * The Slack app's installations, stored for the bot (Bolt's `InstallationStore`) so that the bot keeps no state of
 * its own. Platform only: an installation holds its workspace's bot token.
 *
 * Every write bumps `version` and is a compare-and-set in the store, so that bot instances coordinate through it:
 * only the instance whose refresh claim succeeded spends a rotating token's single-use refresh token, and a
 * revocation or reinstall in between makes its write of the rotated tokens fail instead of undoing them.
 */
export function slackInstallations(
  store: BookingStore,
  now: () => string,
  ids: IdGenerator,
): Workflow['slackInstallations'] {
  /**
   * Reads the installation, lets `change` derive the next one (null: nothing to write), and writes it at the read
   * version, from a fresh read again when another writer got in between.
   */
  async function update(
    key: string,
    change: (existing: SlackInstallation, at: string) => SlackInstallation | null,
    after?: (tx: StoreTx, written: SlackInstallation, at: string) => Promise<void>,
  ): Promise<SlackInstallation> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await store.transaction(async (tx) => {
        const stored = await tx.getSlackInstallation(key);
        if (!stored) throw new NotFoundError('Slack installation', key);
        const existing = currentInstallation(stored);
        const at = now();
        const next = change(existing, at);
        if (!next) return existing;
        const written: SlackInstallation = { ...next, version: existing.version + 1, updatedAt: at };
        if (!(await tx.putSlackInstallation(written, existing.version))) return null;
        await after?.(tx, written, at);
        return written;
      });
      if (outcome) return outcome;
      if (attempt >= WRITE_ATTEMPTS) throw conflict(key, 'kept changing while it was being written');
    }
  }

  return {
    async put(actor, key, input) {
      requirePlatform(actor, WHAT);
      const stored = keyOf(key);
      const { installation, expectedVersion } = parse(PutSlackInstallationBody, input);
      const own = slackInstallationKeyOf(installation);
      const field = installation.isEnterpriseInstall ? 'installation.enterprise.id' : 'installation.team.id';
      if (own === null) {
        throw ValidationError.field(
          field,
          installation.isEnterpriseInstall
            ? 'is required: an org-wide install is stored under its enterprise id'
            : 'is required: an installation is stored under its team id',
        );
      }
      if (own !== stored)
        throw ValidationError.field(field, `must be the key in the path (${stored}), got ${own}`);
      const record = (existing: SlackInstallation | null, at: string): SlackInstallation =>
        installationRecord(stored, installation, existing, at);
      if (expectedVersion !== undefined) {
        return store.transaction(async (tx) => {
          const found = await tx.getSlackInstallation(stored);
          const existing = found ? currentInstallation(found) : null;
          if (existing?.version !== expectedVersion) {
            throw conflict(
              stored,
              existing
                ? `is at version ${existing.version}, not ${expectedVersion}`
                : `is not stored (expected version ${expectedVersion})`,
            );
          }
          const written = record(existing, now());
          if (!(await tx.putSlackInstallation(written, existing.version))) {
            throw conflict(stored, `was changed by someone else (expected version ${expectedVersion})`);
          }
          return written;
        });
      }
      // A new install, or a reinstall: it replaces whatever is stored.
      for (let attempt = 1; ; attempt++) {
        const written = await store.transaction(async (tx) => {
          const found = await tx.getSlackInstallation(stored);
          const existing = found ? currentInstallation(found) : null;
          const next = record(existing, now());
          return (await tx.putSlackInstallation(next, existing?.version ?? null)) ? next : null;
        });
        if (written) return written;
        if (attempt >= WRITE_ATTEMPTS) throw conflict(stored, 'kept changing while it was being written');
      }
    },
    async get(actor, key) {
      requirePlatform(actor, WHAT);
      const found = await store.transaction((tx) => tx.getSlackInstallation(keyOf(key)));
      if (!found) throw new NotFoundError('Slack installation', key);
      return currentInstallation(found);
    },
    async delete(actor, key) {
      requirePlatform(actor, WHAT);
      const stored = keyOf(key);
      await store.transaction((tx) => tx.deleteSlackInstallation(stored));
    },
    async claimRefresh(actor, key, input) {
      requirePlatform(actor, WHAT);
      const stored = keyOf(key);
      const { expectedVersion, seconds } = parse(ClaimSlackTokenRefreshBody, input);
      return update(stored, (existing, at) => {
        if (existing.status === 'revoked') throw conflict(stored, 'is revoked: there is no token to refresh');
        if (existing.version !== expectedVersion) {
          throw conflict(stored, `is at version ${existing.version}, not ${expectedVersion}`);
        }
        if (existing.refreshClaimedUntil !== null && existing.refreshClaimedUntil > at) {
          throw conflict(stored, `is being refreshed by another claim until ${existing.refreshClaimedUntil}`);
        }
        const until = new Date(new Date(at).getTime() + seconds * 1000).toISOString();
        return { ...existing, refreshClaimedUntil: until };
      });
    },
    async revoke(actor, key, input) {
      requirePlatform(actor, WHAT);
      const stored = keyOf(key);
      const { reason } = parse(RevokeSlackInstallationBody, input);
      return update(
        stored,
        (existing, at) =>
          existing.status === 'revoked'
            ? null
            : {
                ...existing,
                installation: withoutSecrets(existing.installation),
                status: 'revoked',
                revocation: { reason, at },
                botTokenExpiresAt: null,
                refreshClaimedUntil: null,
              },
        async (tx, written, at) => {
          const revocation = written.revocation;
          if (!revocation) return;
          const event: SlackInstallationRevokedEvent = {
            id: ids.id('evt'),
            type: 'slack.installation_revoked',
            createdAt: at,
            data: {
              installation: {
                key: written.key,
                teamId: written.teamId,
                enterpriseId: written.enterpriseId,
                revocation,
              },
            },
          };
          const effects = eventDeliveries(
            { endpoints: await tx.listWebhookEndpoints(), ids, now: at },
            event,
          );
          if (effects.length > 0) await tx.enqueueEffects(effects);
        },
      );
    },
    async teamAccess(actor, key, input) {
      requirePlatform(actor, WHAT);
      const stored = keyOf(key);
      const { teamIds, access } = parse(SlackTeamAccessBody, input);
      return update(stored, (existing, at) => {
        if (existing.installation.isEnterpriseInstall !== true) {
          throw ValidationError.field(
            'teamIds',
            `apply to an org-wide install (stored under an enterprise id); ${stored} is a workspace's own install`,
          );
        }
        const teams = new Map(existing.teams.map((team) => [team.teamId, team]));
        for (const teamId of teamIds) teams.set(teamId, { teamId, access, at });
        return {
          ...existing,
          teams: [...teams.values()].sort((a, b) => (a.teamId < b.teamId ? -1 : 1)),
        };
      });
    },
  };
}

/**
 * The record a put stores: the installation as given, active, with its token's expiry; the version after the one
 * it replaces. What Slack said about an org's workspaces stays, because a reinstall or a rotated token does not
 * change it.
 */
function installationRecord(
  key: string,
  installation: SlackInstallationObject,
  existing: SlackInstallation | null,
  at: string,
): SlackInstallation {
  return {
    key,
    teamId: installation.team?.id ?? null,
    enterpriseId: installation.enterprise?.id ?? null,
    installation,
    updatedAt: at,
    version: (existing?.version ?? 0) + 1,
    status: 'active',
    revocation: null,
    botTokenExpiresAt: botTokenExpiry(installation),
    refreshClaimedUntil: null,
    teams: existing?.teams ?? [],
  };
}
