import { PutSlackInstallationBody, SlackInstallation } from '@greenlight/core/contract';
import { NotFoundError } from '../errors';
import { type RequestOptions, segment, type Transport } from '../http';
import { checked } from '../serialize';

/**
 * What an installation must say about itself: Bolt's `Installation` object (`@slack/oauth`) has these and more, and
 * is sent whole.
 */
export interface SlackInstallationParams {
  team?: { id: string } | null | undefined;
  enterprise?: { id: string } | null | undefined;
  isEnterpriseInstall?: boolean | undefined;
}

/**
 * Where the Slack app keeps its installations when installed in several workspaces through OAuth: the backing of
 * Bolt's `InstallationStore` (platform key only). The key is the team id (`T…`), or the enterprise id (`E…`) of an
 * org-wide install. Installations hold bot tokens: treat what comes back as a secret.
 */
export class SlackInstallations {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Create or replace the installation under `key`, which must be its own team id (or enterprise id). */
  async put<T extends SlackInstallationParams>(
    key: string,
    installation: T,
    options?: RequestOptions,
  ): Promise<SlackInstallation> {
    const body = checked(PutSlackInstallationBody, { installation });
    return this.#t.json(
      { method: 'PUT', path: `v1/integrations/slack/installations/${segment(key)}`, body, options },
      SlackInstallation,
    );
  }

  /** The installation under `key`, or null when none is stored. */
  async get(key: string, options?: RequestOptions): Promise<SlackInstallation | null> {
    try {
      return await this.#t.json(
        { method: 'GET', path: `v1/integrations/slack/installations/${segment(key)}`, options },
        SlackInstallation,
      );
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /** Forget the installation under `key` (e.g. the app was uninstalled); succeeds when there is none. */
  delete(key: string, options?: RequestOptions): Promise<void> {
    return this.#t.empty({
      method: 'DELETE',
      path: `v1/integrations/slack/installations/${segment(key)}`,
      options,
    });
  }
}

/** The platform's side of the Slack app. */
export class Slack {
  readonly installations: SlackInstallations;
  constructor(transport: Transport) {
    this.installations = new SlackInstallations(transport);
  }
}
