import {
  ClaimSlackTokenRefreshBody,
  PutSlackInstallationBody,
  RevokeSlackInstallationBody,
  SlackInstallation,
  SlackTeamAccessBody,
} from '@greenlight/core/contract';
import type { z } from 'zod';
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

export interface PutSlackInstallationOptions extends RequestOptions {
  /**
   * Store only while the installation is still at this `version` (a rotated token, written by the holder of the
   * refresh claim); otherwise `VersionConflictError` and nothing changes.
   */
  expectedVersion?: number;
}

export type ClaimRefreshParams = z.input<typeof ClaimSlackTokenRefreshBody>;
export type RevokeSlackInstallationParams = z.input<typeof RevokeSlackInstallationBody>;
export type SlackTeamAccessParams = z.input<typeof SlackTeamAccessBody>;

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

  /**
   * Create or replace the installation under `key`, which must be its own team id (or enterprise id); with
   * `expectedVersion`, only while it is at that version.
   */
  async put<T extends SlackInstallationParams>(
    key: string,
    installation: T,
    options: PutSlackInstallationOptions = {},
  ): Promise<SlackInstallation> {
    const { expectedVersion, ...request } = options;
    const body = checked(PutSlackInstallationBody, {
      installation,
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    });
    return this.#t.json({ method: 'PUT', path: this.#path(key), body, options: request }, SlackInstallation);
  }

  /**
   * Claim the refresh of the installation's rotating bot token: only while it is at `expectedVersion`, active and
   * unclaimed, else `VersionConflictError` (read it again). Put the rotated installation with the returned
   * `version` as `expectedVersion`.
   */
  async claimRefresh(
    key: string,
    params: ClaimRefreshParams,
    options?: RequestOptions,
  ): Promise<SlackInstallation> {
    const body = checked(ClaimSlackTokenRefreshBody, params);
    return this.#t.json(
      { method: 'POST', path: `${this.#path(key)}/refresh-claim`, body, options },
      SlackInstallation,
    );
  }

  /**
   * Mark the installation revoked (Slack's `app_uninstalled` or `tokens_revoked`): its tokens are dropped and, the
   * first time, the platform sends `slack.installation_revoked`. Null when none is stored.
   */
  async revoke(
    key: string,
    params: RevokeSlackInstallationParams,
    options?: RequestOptions,
  ): Promise<SlackInstallation | null> {
    const body = checked(RevokeSlackInstallationBody, params);
    try {
      return await this.#t.json(
        { method: 'POST', path: `${this.#path(key)}/revoke`, body, options },
        SlackInstallation,
      );
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /** Record workspaces an org-wide install was granted or lost (`team_access_granted` / `team_access_revoked`). */
  async teamAccess(
    key: string,
    params: SlackTeamAccessParams,
    options?: RequestOptions,
  ): Promise<SlackInstallation> {
    const body = checked(SlackTeamAccessBody, params);
    return this.#t.json(
      { method: 'POST', path: `${this.#path(key)}/team-access`, body, options },
      SlackInstallation,
    );
  }

  #path(key: string): string {
    return `v1/integrations/slack/installations/${segment(key)}`;
  }

  /** The installation under `key`, or null when none is stored. */
  async get(key: string, options?: RequestOptions): Promise<SlackInstallation | null> {
    try {
      return await this.#t.json({ method: 'GET', path: this.#path(key), options }, SlackInstallation);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /** Forget the installation under `key` (e.g. the app was uninstalled); succeeds when there is none. */
  delete(key: string, options?: RequestOptions): Promise<void> {
    return this.#t.empty({ method: 'DELETE', path: this.#path(key), options });
  }
}

/** The platform's side of the Slack app. */
export class Slack {
  readonly installations: SlackInstallations;
  constructor(transport: Transport) {
    this.installations = new SlackInstallations(transport);
  }
}
