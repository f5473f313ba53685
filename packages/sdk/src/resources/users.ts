import {
  Delegation,
  DelegationList,
  GrantDelegateBody,
  MentorStats,
  PatchSettingsBody,
  PutSlackDeliveryBody,
  PutUserBody,
  User,
  UserSettings,
} from '@greenlight/core/contract';
import type { z } from 'zod';
import { NotFoundError } from '../errors';
import { type RequestOptions, segment, type Transport } from '../http';
import { checked } from '../serialize';

export type PutUserParams = z.input<typeof PutUserBody>;
export type UpdateSettingsParams = z.input<typeof PatchSettingsBody>;
export type SlackDeliveryParams = z.input<typeof PutSlackDeliveryBody>;

/** A user's mentor settings: auto-approval, the calendar feed checked for conflicts, availability. */
export class UserSettingsResource {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  get(userId: string, options?: RequestOptions): Promise<UserSettings> {
    return this.#t.json(
      { method: 'GET', path: `v1/users/${segment(userId)}/settings`, options },
      UserSettings,
    );
  }

  /** Change only the fields given, e.g. `{ autoApprove: true }`. */
  async update(
    userId: string,
    params: UpdateSettingsParams,
    options?: RequestOptions,
  ): Promise<UserSettings> {
    const body = checked(PatchSettingsBody, params);
    return this.#t.json(
      { method: 'PATCH', path: `v1/users/${segment(userId)}/settings`, body, options },
      UserSettings,
    );
  }
}

/**
 * A mentor's assistants: users who decide for them, with their own credentials, on the mentor's bookings (history
 * entries name them as `actor` with the mentor as `onBehalfOf`). Managed by the mentor or the platform.
 */
export class DelegatesResource {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** The mentor's assistants, oldest first. */
  async list(mentorId: string, options?: RequestOptions): Promise<Delegation[]> {
    const { data } = await this.#t.json(
      { method: 'GET', path: `v1/users/${segment(mentorId)}/delegates`, options },
      DelegationList,
    );
    return data;
  }

  /** Lets `assistantId` decide for the mentor; granting again keeps the first grant. */
  async grant(mentorId: string, assistantId: string, options?: RequestOptions): Promise<Delegation> {
    const body = checked(GrantDelegateBody, { assistantId });
    return this.#t.json(
      { method: 'POST', path: `v1/users/${segment(mentorId)}/delegates`, body, options },
      Delegation,
    );
  }

  /** Takes it back at once (`NotFoundError` when they were not an assistant). */
  revoke(mentorId: string, assistantId: string, options?: RequestOptions): Promise<void> {
    return this.#t.empty({
      method: 'DELETE',
      path: `v1/users/${segment(mentorId)}/delegates/${segment(assistantId)}`,
      options,
    });
  }

  /** The mentors `assistantId` decides for (that user or the platform). */
  async assisting(assistantId: string, options?: RequestOptions): Promise<Delegation[]> {
    const { data } = await this.#t.json(
      { method: 'GET', path: `v1/users/${segment(assistantId)}/assisting`, options },
      DelegationList,
    );
    return data;
  }
}

export class Users {
  readonly #t: Transport;
  readonly settings: UserSettingsResource;
  readonly delegates: DelegatesResource;

  constructor(transport: Transport) {
    this.#t = transport;
    this.settings = new UserSettingsResource(transport);
    this.delegates = new DelegatesResource(transport);
  }

  /** Create or replace a profile (platform key only). */
  async put(userId: string, params: PutUserParams, options?: RequestOptions): Promise<User> {
    const body = checked(PutUserBody, params);
    return this.#t.json({ method: 'PUT', path: `v1/users/${segment(userId)}`, body, options }, User);
  }

  get(userId: string, options?: RequestOptions): Promise<User> {
    return this.#t.json({ method: 'GET', path: `v1/users/${segment(userId)}`, options }, User);
  }

  /** The user linked to a Slack user id, or null when none is (platform key only). */
  async findBySlackUserId(slackUserId: string, options?: RequestOptions): Promise<User | null> {
    try {
      return await this.#t.json({ method: 'GET', path: 'v1/users', query: { slackUserId }, options }, User);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /**
   * Record whether the Slack app reaches the user (platform key only): `{ status: 'failing', reason }` when a
   * request could not be delivered in Slack (they still get it by email), `{ status: 'ok' }` once it can again.
   * Shows as the profile's `slackDelivery`.
   */
  async setSlackDelivery(
    userId: string,
    params: SlackDeliveryParams,
    options?: RequestOptions,
  ): Promise<User> {
    const body = checked(PutSlackDeliveryBody, params);
    return this.#t.json(
      { method: 'PUT', path: `v1/users/${segment(userId)}/slack-delivery`, body, options },
      User,
    );
  }

  /** Approval rate and badge, response times and search boost of a mentor. */
  mentorStats(userId: string, options?: RequestOptions): Promise<MentorStats> {
    return this.#t.json(
      { method: 'GET', path: `v1/users/${segment(userId)}/mentor-stats`, options },
      MentorStats,
    );
  }
}
