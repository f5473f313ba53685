import * as z from 'zod';
import { Channel, RedFlag, Role } from './bookings';
import { CursorParam, Id, LimitParam, Timestamp } from './primitives';

/** The longest message a participant may post, in characters (after trimming). */
export const MESSAGE_MAX_LENGTH = 2000;

/**
 * One message of the conversation on a booking, between its mentor and its mentee. Messages never change the
 * booking (no new version); the booking's status only decides whether more may be posted.
 */
export const BookingMessage = z.object({
  id: Id,
  bookingId: Id,
  /** Who wrote it: the mentor, the mentee, or an assistant writing for the mentor (see `onBehalfOf`). */
  authorId: Id,
  /** The side it is from; the other side reads it. */
  from: Role,
  /** When an assistant wrote it for the mentor: the mentor's id. */
  onBehalfOf: Id.optional(),
  body: z.string(),
  createdAt: Timestamp,
  /** When the other side read it; null while unread. */
  readAt: Timestamp.nullable(),
  /** Where the author wrote it (the API, the web app, Slack); absent when unknown. */
  channel: Channel.optional(),
  /**
   * On the mentee's messages, for the mentor (and the platform) only: the same tone check the booking's red
   * flags run on the request message (`rude_message` with the offending words masked). Empty when the
   * message reads fine; absent for the mentee and on the mentor's own messages.
   */
  redFlags: z.array(RedFlag).optional(),
});
export type BookingMessage = z.infer<typeof BookingMessage>;

export const PostMessageBody = z.strictObject({
  body: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(MESSAGE_MAX_LENGTH, `must be at most ${MESSAGE_MAX_LENGTH} characters`),
});
export type PostMessageBody = z.infer<typeof PostMessageBody>;

/** `GET /v1/bookings/{id}/messages`: newest first, `nextCursor` leads to older messages. */
export const ListMessagesQuery = z.strictObject({
  limit: LimitParam,
  cursor: CursorParam.optional(),
});
export type ListMessagesQuery = z.input<typeof ListMessagesQuery>;

export const MarkMessagesReadBody = z.strictObject({
  /**
   * Marks the other side's messages up to and including this one read (a chat marks what it has shown);
   * absent: all of them.
   */
  upTo: Id.optional().describe(
    "The id of the newest message shown: the other side's messages up to and including it are marked read. " +
      'Omit it to mark all of them read.',
  ),
});
export type MarkMessagesReadBody = z.infer<typeof MarkMessagesReadBody>;

export const MessagesRead = z.object({
  /** Messages this call marked read. */
  marked: z.number().int().min(0),
  /** The caller's messages on the booking still unread after it. */
  unread: z.number().int().min(0),
});
export type MessagesRead = z.infer<typeof MessagesRead>;

/** `GET /v1/messages/unread`: the caller's unread messages, per booking, the most recent conversation first. */
export const UnreadMessages = z.object({
  total: z.number().int().min(0),
  bookings: z.array(
    z.object({
      bookingId: Id,
      unread: z.number().int().min(1),
      /** When the newest unread message was posted. */
      latestAt: Timestamp,
    }),
  ),
});
export type UnreadMessages = z.infer<typeof UnreadMessages>;
