import type { Booking, Role } from '../contract/bookings';
import {
  type BookingMessage,
  ListMessagesQuery,
  MarkMessagesReadBody,
  PostMessageBody,
} from '../contract/messages';
import { DEFAULT_MAX_ATTEMPTS } from '../effects';
import { ForbiddenError, InvalidTransitionError, RateLimitedError, ValidationError } from '../errors';
import { messageToneFlags } from '../policy/red-flags';
import type { BookingStore, IdGenerator, MessageRecord, StoreTx } from '../ports';
import { type Party, resolveParty } from './authorize';
import { loadBooking, partiesOf } from './load';
import { notificationFor, webhookEffects } from './outbox';
import { addMinutes, parse } from './parse';
import type { Workflow, WorkflowPolicy } from './types';

const RATE_WINDOW_MS = 60_000;

export interface MessageDeps {
  store: BookingStore;
  ids: IdGenerator;
  policy: WorkflowPolicy;
  now: () => string;
}

/** The message as `viewer` sees it: the tone check of the mentee's messages is the mentor side's to see. */
export function messageView(record: MessageRecord, viewer: Party['by']): BookingMessage {
  const { recipientId: _recipient, digestId: _digest, redFlags, ...message } = record;
  return viewer !== 'mentee' && record.from === 'mentee' ? { ...message, redFlags } : message;
}

/** The side a user writes and reads for; the platform (and the system) must act as one. */
function sideOf(party: Party, what: string): Role {
  if (party.by === 'mentor' || party.by === 'mentee') return party.by;
  throw new ForbiddenError(
    `${what} belongs to the booking's mentor or mentee: act as one (Greenlight-Actor header)`,
  );
}

const userOf = (booking: Booking, side: Role): string =>
  side === 'mentor' ? booking.mentorId : booking.menteeId;

/**
 * Messages are for agreeing on a session: while the mentor decides, while a suggested time is open, and before an
 * approved session starts. Afterwards the conversation is closed, and the refusal names the status.
 */
function assertTakesMessages(booking: Booking, now: string): void {
  if (booking.status === 'pending' || booking.status === 'alternative_suggested') return;
  if (booking.status === 'approved' && now < booking.start) return;
  if (booking.status === 'approved') {
    throw new InvalidTransitionError(
      'post a message on',
      booking.status,
      `cannot post a message on a booking whose session has started (approved, started ${booking.start}); ` +
        'messages are for agreeing on the session before it starts',
    );
  }
  throw new InvalidTransitionError('post a message on', booking.status);
}

/** The per-author limit, counted from the stored messages themselves, so every server instance sees the same count. */
async function assertUnderRate(
  tx: StoreTx,
  booking: Booking,
  authorId: string,
  perMinute: number,
  now: string,
): Promise<void> {
  const since = new Date(Date.parse(now) - RATE_WINDOW_MS).toISOString();
  const recent = await tx.countRecentMessages(booking.id, authorId, since);
  if (recent.count < perMinute || recent.oldest === null) return;
  const freeAt = Date.parse(recent.oldest) + RATE_WINDOW_MS;
  const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - Date.parse(now)) / 1000));
  throw new RateLimitedError(
    `at most ${perMinute} messages a minute on one booking; the next one can be posted in ${retryAfterSeconds} s`,
    retryAfterSeconds,
  );
}

export function bookingMessages(deps: MessageDeps): Workflow['messages'] {
  const { store, ids, policy, now } = deps;

  /**
   * The other side hears of new messages twice: in the bell (one notification per conversation while it is
   * unread) and by one email a few minutes after the first message they have not read. The email's outbox key
   * names that first message, so every message posted before it goes out joins the same email; the digest
   * claims what it sends, so a message after it starts the next one.
   */
  async function tellRecipient(tx: StoreTx, booking: Booking, record: MessageRecord, at: string) {
    const parties = await partiesOf(tx, booking);
    const recipientSide: Role = record.from === 'mentor' ? 'mentee' : 'mentor';
    const input = { booking, ...parties, endpoints: await tx.listWebhookEndpoints(), ids, now: at };
    if (!(await tx.hasUnreadNotification(record.recipientId, booking.id, 'message_posted'))) {
      await tx.insertNotifications([notificationFor(input, 'message_posted', recipientSide)]);
    }
    const first = (await tx.oldestUndigestedMessage(booking.id, record.recipientId)) ?? record;
    await tx.enqueueEffects([
      {
        id: ids.id('eff'),
        idempotencyKey: `message_digest:${booking.id}:${recipientSide}:${first.id}`,
        payload: {
          kind: 'send_message_digest',
          bookingId: booking.id,
          recipientId: record.recipientId,
          role: recipientSide,
          firstMessageId: first.id,
        },
        runAt: addMinutes(first.createdAt, policy.messages.digestDelayMinutes),
        maxAttempts: DEFAULT_MAX_ATTEMPTS,
      },
      ...webhookEffects(input, 'booking.message_posted', { message: messageView(record, 'platform') }),
    ]);
  }

  return {
    async post(actor, bookingId, input) {
      const body = parse(PostMessageBody, input);
      return store.transaction(
        async (tx) => {
          const booking = await loadBooking(tx, bookingId);
          const party = await resolveParty(tx, actor, booking);
          const from = sideOf(party, 'posting a message');
          const at = now();
          assertTakesMessages(booking, at);
          await assertUnderRate(tx, booking, party.actorId, policy.messages.perMinute, at);
          const record: MessageRecord = {
            id: ids.id('msg'),
            bookingId,
            authorId: party.actorId,
            from,
            ...(party.onBehalfOf ? { onBehalfOf: party.onBehalfOf } : {}),
            body: body.body,
            createdAt: at,
            readAt: null,
            ...(party.channel ? { channel: party.channel } : {}),
            recipientId: userOf(booking, from === 'mentor' ? 'mentee' : 'mentor'),
            redFlags: from === 'mentee' ? messageToneFlags(body.body) : [],
            digestId: null,
          };
          await tx.insertMessage(record);
          await tellRecipient(tx, booking, record, at);
          return messageView(record, party.by);
        },
        { lockBookingId: bookingId },
      );
    },

    async list(actor, bookingId, query) {
      const q = parse(ListMessagesQuery, query);
      return store.transaction(async (tx) => {
        const booking = await loadBooking(tx, bookingId);
        const party = await resolveParty(tx, actor, booking);
        const page = await tx.listMessages({
          bookingId,
          limit: q.limit,
          ...(q.cursor ? { cursor: q.cursor } : {}),
        });
        return { ...page, data: page.data.map((m) => messageView(m, party.by)) };
      });
    },

    async markRead(actor, bookingId, input) {
      const body = parse(MarkMessagesReadBody, input ?? {});
      return store.transaction(async (tx) => {
        const booking = await loadBooking(tx, bookingId);
        const side = sideOf(await resolveParty(tx, actor, booking), 'reading messages');
        const recipientId = userOf(booking, side);
        let upTo: MessageRecord | undefined;
        if (body.upTo !== undefined) {
          const found = await tx.getMessage(body.upTo);
          if (!found || found.bookingId !== bookingId) {
            throw ValidationError.field('upTo', `is not a message of booking ${bookingId}`, 422);
          }
          upTo = found;
        }
        const at = now();
        const marked = await tx.markMessagesRead(
          { bookingId, recipientId, ...(upTo ? { upTo: { createdAt: upTo.createdAt, id: upTo.id } } : {}) },
          at,
        );
        const [left] = await tx.unreadMessageCounts([recipientId], bookingId);
        const unread = left?.unread ?? 0;
        // Nothing left to read: the bell's "new message" about this conversation is read too.
        if (unread === 0) await tx.markBookingNotificationsRead(recipientId, bookingId, 'message_posted', at);
        return { marked, unread };
      });
    },

    async unread(actor) {
      if (actor.kind !== 'user') {
        throw new ForbiddenError(
          'unread messages belong to a user: act as one (Greenlight-Actor header) to count them',
        );
      }
      const userId = actor.userId;
      const bookings = await store.transaction(async (tx) => {
        const own = await tx.unreadMessageCounts([userId]);
        const mentors = (await tx.listDelegations({ assistantId: userId })).map((d) => d.mentorId);
        if (mentors.length === 0) return own;
        // An assistant reads for the mentors they assist, on those mentors' bookings as mentor (not as a mentee).
        const theirs: typeof own = [];
        for (const count of await tx.unreadMessageCounts(mentors)) {
          const booking = await tx.getBooking(count.bookingId);
          if (booking && mentors.includes(booking.mentorId) && booking.menteeId !== userId)
            theirs.push(count);
        }
        return [...own, ...theirs].sort(
          (a, b) => b.latestAt.localeCompare(a.latestAt) || b.bookingId.localeCompare(a.bookingId),
        );
      });
      return { total: bookings.reduce((sum, b) => sum + b.unread, 0), bookings };
    },
  };
}
