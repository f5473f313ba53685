import { ListNotificationsQuery, Notification, pageOf, UnreadCount } from '@greenlight/core/contract';
import type { z } from 'zod';
import { type Query, type RequestOptions, segment, type Transport } from '../http';
import { PagedList } from '../pagination';
import { checked } from '../serialize';

export type ListNotificationsParams = Omit<z.input<typeof ListNotificationsQuery>, 'unread' | 'limit'> & {
  /** Page size, 1–100 (default 20); iteration still walks every page. */
  limit?: number;
  /** Only unread (true) or only read (false) notifications. */
  unread?: boolean;
};

const NotificationPage = pageOf(Notification);

/** The caller's in-app notifications (the bell). */
export class Notifications {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  list(params: ListNotificationsParams = {}, options?: RequestOptions): PagedList<Notification> {
    const { cursor, unread, ...rest } = params;
    return new PagedList(async (next) => {
      const wire = { ...rest, unread: unread === undefined ? undefined : String(unread), cursor: next };
      const query = checked(ListNotificationsQuery, wire) as Query;
      return this.#t.json({ method: 'GET', path: 'v1/notifications', query, options }, NotificationPage);
    }, cursor);
  }

  async unreadCount(options?: RequestOptions): Promise<number> {
    const { count } = await this.#t.json(
      { method: 'GET', path: 'v1/notifications/unread-count', options },
      UnreadCount,
    );
    return count;
  }

  markRead(notificationId: string, options?: RequestOptions): Promise<Notification> {
    return this.#t.json(
      { method: 'POST', path: `v1/notifications/${segment(notificationId)}/read`, body: {}, options },
      Notification,
    );
  }

  /** Mark every unread notification read; resolves to how many were. */
  async markAllRead(options?: RequestOptions): Promise<number> {
    const { count } = await this.#t.json(
      { method: 'POST', path: 'v1/notifications/read-all', body: {}, options },
      UnreadCount,
    );
    return count;
  }
}
