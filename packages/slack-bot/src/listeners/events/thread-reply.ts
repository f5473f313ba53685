import type { AllMiddlewareArgs, SlackEventMiddlewareArgs, webApi } from '@slack/bolt';
import { CARD_EVENT_TYPE } from '../../cards';
import { describeMessageFailure, mentorForSlackUser, plainFromSlack } from '../../platform';
import { UNLINKED_TEXT } from '../../views/home';
import type { BotDeps } from '../context';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

const CARD_BLOCK = /^booking_(?:actions|links):(.+)$/;

/**
 * The booking a card is about, from the card itself: its message metadata, or (cards posted before they carried
 * metadata) the booking id in its buttons' block ids. Null when the thread is not under one of our cards.
 */
export async function bookingOfCard(
  client: webApi.WebClient,
  channel: string,
  ts: string,
): Promise<string | null> {
  const found = await client.conversations.history({
    channel,
    latest: ts,
    inclusive: true,
    limit: 1,
    include_all_metadata: true,
  });
  const card = found.messages?.[0];
  if (!card || card.ts !== ts) return null;
  const metadata = card.metadata as
    | { event_type?: string; event_payload?: { booking_id?: unknown } }
    | undefined;
  const fromMetadata =
    metadata?.event_type === CARD_EVENT_TYPE ? metadata.event_payload?.booking_id : undefined;
  if (typeof fromMetadata === 'string') return fromMetadata;
  for (const block of (card.blocks ?? []) as { block_id?: string }[]) {
    const match = CARD_BLOCK.exec(block.block_id ?? '');
    if (match) return match[1]!;
  }
  return null;
}

/**
 * The mentor's reply in a card's thread goes to the mentee as a message of the booking's conversation. Only
 * people's new messages in the bot's DMs count (not the bot's own, edits or deletions); the platform checks that
 * the writer is the booking's mentor. A refusal is told in the thread, to the mentor only.
 */
export function threadReply(deps: BotDeps) {
  return async ({ event, client, logger }: Args): Promise<void> => {
    if (event.channel_type !== 'im' || event.subtype !== undefined) return;
    if (event.bot_id || !event.user || !event.thread_ts || event.thread_ts === event.ts || !event.text)
      return;
    const { channel, ts, user } = event;
    const threadTs = event.thread_ts;
    const tellInThread = (text: string) =>
      client.chat.postEphemeral({ channel, user, thread_ts: threadTs, text });
    const bookingId = await bookingOfCard(client, channel, threadTs);
    if (!bookingId) return;
    const mentor = await mentorForSlackUser(deps.sdk, user);
    if (!mentor) {
      await tellInThread(UNLINKED_TEXT);
      return;
    }
    try {
      await deps.sdk
        .as(mentor.id)
        .messages.post(
          bookingId,
          { body: plainFromSlack(event.text) },
          { idempotencyKey: `slack:message:${channel}:${ts}` },
        );
    } catch (error) {
      logger.warn(`booking ${bookingId}: thread reply ${channel}/${ts} not sent to the mentee`, error);
      await tellInThread(describeMessageFailure(error));
    }
  };
}
