import {
  PutSlackInstallationBody,
  type SlackInstallation,
  SlackInstallationKey,
  slackInstallationKeyOf,
} from '../contract/integrations';
import { NotFoundError, ValidationError } from '../errors';
import type { BookingStore } from '../ports';
import { requirePlatform } from './authorize';
import { parse } from './parse';
import type { Workflow } from './types';

const WHAT = 'manage Slack installations';

/** The key from the path, checked like a body field so that a bad one is a 400 naming it. */
function keyOf(key: string): string {
  return parse(SlackInstallationKey, key, 400);
}

/**
 * The Slack app's installations, stored for the bot (Bolt's `InstallationStore`) so that the bot keeps no state of
 * its own. Platform only: an installation holds its workspace's bot token.
 */
export function slackInstallations(store: BookingStore, now: () => string): Workflow['slackInstallations'] {
  return {
    async put(actor, key, input) {
      requirePlatform(actor, WHAT);
      const stored = keyOf(key);
      const { installation } = parse(PutSlackInstallationBody, input);
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
      const record: SlackInstallation = {
        key: stored,
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        installation,
        updatedAt: now(),
      };
      await store.transaction((tx) => tx.putSlackInstallation(record));
      return record;
    },
    async get(actor, key) {
      requirePlatform(actor, WHAT);
      const found = await store.transaction((tx) => tx.getSlackInstallation(keyOf(key)));
      if (!found) throw new NotFoundError('Slack installation', key);
      return found;
    },
    async delete(actor, key) {
      requirePlatform(actor, WHAT);
      const stored = keyOf(key);
      await store.transaction((tx) => tx.deleteSlackInstallation(stored));
    },
  };
}
