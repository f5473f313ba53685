import {
  BookingMessage,
  ListMessagesQuery,
  MarkMessagesReadBody,
  MessagesRead,
  PostMessageBody,
  pageOf,
  UnreadMessages,
} from '@greenlight/core/contract';
import type { z } from 'zod';
import { type Query, type RequestOptions, segment, type Transport } from '../http';
import { PagedList } from '../pagination';
import { checked } from '../serialize';

export type PostMessageParams = z.input<typeof PostMessageBody>;
export type ListMessagesParams = Omit<z.input<typeof ListMessagesQuery>, 'limit'> & {
  /** Page size, 1–100 (default 20); iteration still walks every page, newest to oldest. */
  limit?: number;
};
export type MarkMessagesReadParams = z.input<typeof MarkMessagesReadBody>;

const MessagePage = pageOf(BookingMessage);

/** The conversation on a booking between its mentor and its mentee. */
export class Messages {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Write to the other side: while the booking is pending or a time is suggested, and until an approved session
   * starts (`InvalidTransitionError` after). At most 2,000 characters; past 10 a minute on one booking the server
   * answers 429, which the SDK waits out and retries (then `RateLimitError` with `retryAfter`).
   */
  async post(
    bookingId: string,
    params: PostMessageParams,
    options?: RequestOptions,
  ): Promise<BookingMessage> {
    const body = checked(PostMessageBody, params);
    return this.#t.json({ method: 'POST', path: this.#path(bookingId), body, options }, BookingMessage);
  }

  /**
   * Newest first, as a chat opens on its latest messages: iterating walks back to the oldest. The mentor sees
   * `redFlags` on the mentee's messages.
   */
  list(
    bookingId: string,
    params: ListMessagesParams = {},
    options?: RequestOptions,
  ): PagedList<BookingMessage> {
    const { cursor, ...rest } = params;
    return new PagedList(async (next) => {
      const query = checked(ListMessagesQuery, { ...rest, cursor: next }) as Query;
      return this.#t.json({ method: 'GET', path: this.#path(bookingId), query, options }, MessagePage);
    }, cursor);
  }

  /** Mark the other side's messages read: all, or those up to and including `upTo`. */
  async markRead(
    bookingId: string,
    params: MarkMessagesReadParams = {},
    options?: RequestOptions,
  ): Promise<MessagesRead> {
    const body = checked(MarkMessagesReadBody, params);
    return this.#t.json(
      { method: 'POST', path: `${this.#path(bookingId)}/read`, body, options },
      MessagesRead,
    );
  }

  /** The caller's unread messages, per booking, the most recent conversation first. */
  unread(options?: RequestOptions): Promise<UnreadMessages> {
    return this.#t.json({ method: 'GET', path: 'v1/messages/unread', options }, UnreadMessages);
  }

  #path(bookingId: string): string {
    return `v1/bookings/${segment(bookingId)}/messages`;
  }
}
