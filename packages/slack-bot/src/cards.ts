import type { Booking, BookingView, Greenlight } from '@greenlight/sdk';
import type { Logger, webApi } from '@slack/bolt';
import type { MessageRef } from './views/ids';
import type { SlackMessage } from './views/parts';
import { bookingCard, type CardNotice, supersededCard } from './views/pending-card';
import { reminderMessage } from './views/reminder';

/** Booking metadata keys where the bot keeps its card's address: the bot itself keeps no state. */
export const CARD_METADATA = {
  channel: 'slack_channel',
  ts: 'slack_ts',
  user: 'slack_user',
  /** The start the card was posted for: a counter-proposal gets a new card, a redelivery does not. */
  start: 'slack_start',
} as const;

export interface CardRef extends MessageRef {
  /** The mentor's Slack user id the card was made for. */
  user: string;
  start: string;
}

export function cardRefOf(metadata: Record<string, string>): CardRef | null {
  const channel = metadata[CARD_METADATA.channel];
  const ts = metadata[CARD_METADATA.ts];
  const user = metadata[CARD_METADATA.user];
  if (!channel || !ts || !user) return null;
  return { channel, ts, user, start: metadata[CARD_METADATA.start] ?? '' };
}

type BookingKey = Pick<Booking, 'id' | 'mentorId'>;

export interface RefreshOptions {
  notice?: CardNotice | null;
  /** Another (non-ephemeral) message showing this booking, e.g. where the click happened. */
  also?: MessageRef | null;
  /** Renders for this Slack user when the booking has no card yet. */
  slackUserId?: string;
}

function slackError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * The mentor's booking cards: posting them, keeping them in step with the booking, and reminders.
 * Every method reads the booking afresh and renders the card from its state, so running one twice, late or
 * out of order, converges on the same card.
 */
export class Cards {
  constructor(
    private readonly sdk: Greenlight,
    private readonly slack: webApi.WebClient,
    private readonly logger: Logger,
  ) {}

  /** The booking as its mentor sees it, `review` included. */
  view(booking: BookingKey): Promise<BookingView> {
    return this.sdk.as(booking.mentorId).bookings.get(booking.id);
  }

  /** A new request or a counter-proposal: DM the mentor a card (once per proposed start) and remember where. */
  async deliver(booking: BookingKey): Promise<void> {
    const view = await this.view(booking);
    const ref = cardRefOf(view.metadata);
    if (view.status !== 'pending' || (ref && ref.start === view.start)) {
      await this.#updateCard(view, ref, {});
      return;
    }
    const mentor = await this.sdk.users.get(view.mentorId);
    if (!mentor.slackUserId) {
      this.logger.info(`booking ${view.id}: mentor ${view.mentorId} has no Slack user id; no card posted`);
      return;
    }
    const posted = await this.#post(
      mentor.slackUserId,
      bookingCard({ booking: view, mentorSlackUserId: mentor.slackUserId }),
    );
    await this.sdk.bookings.update(view.id, {
      metadata: {
        [CARD_METADATA.channel]: posted.channel,
        [CARD_METADATA.ts]: posted.ts,
        [CARD_METADATA.user]: mentor.slackUserId,
        [CARD_METADATA.start]: view.start,
      },
    });
    if (ref) await this.#update(ref, supersededCard(view, ref.start), view.id);
  }

  /** Re-render the booking's card (and `also`) from its current state; returns the state it showed. */
  async refresh(booking: BookingKey, options: RefreshOptions = {}): Promise<BookingView> {
    const view = await this.view(booking);
    await this.#updateCard(view, cardRefOf(view.metadata), options);
    return view;
  }

  /** The 24-hour nudge, threaded under the card and broadcast to the DM so it notifies. */
  async remind(booking: BookingKey): Promise<void> {
    const view = await this.view(booking);
    if (view.status !== 'pending') return;
    const ref = cardRefOf(view.metadata);
    if (!ref) {
      await this.deliver(view);
      return;
    }
    const reminder = reminderMessage(view);
    await this.slack.chat.postMessage({
      channel: ref.channel,
      thread_ts: ref.ts,
      reply_broadcast: true,
      text: reminder.text,
      blocks: reminder.blocks,
    });
  }

  async #updateCard(view: BookingView, ref: CardRef | null, options: RefreshOptions): Promise<void> {
    const user = ref?.user ?? options.slackUserId;
    if (!user) return;
    const card = bookingCard({ booking: view, mentorSlackUserId: user, notice: options.notice ?? null });
    if (ref) await this.#update(ref, card, view.id);
    const also = options.also;
    if (also && !(ref && also.channel === ref.channel && also.ts === ref.ts))
      await this.#update(also, card, view.id);
  }

  async #post(slackUserId: string, message: SlackMessage): Promise<MessageRef> {
    const opened = await this.slack.conversations.open({ users: slackUserId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error(`conversations.open gave no channel for ${slackUserId}`);
    const posted = await this.slack.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
    if (!posted.ts) throw new Error(`chat.postMessage gave no ts in ${channel}`);
    return { channel: posted.channel ?? channel, ts: posted.ts };
  }

  async #update(ref: MessageRef, message: SlackMessage, bookingId: string): Promise<void> {
    try {
      await this.slack.chat.update({
        channel: ref.channel,
        ts: ref.ts,
        text: message.text,
        blocks: message.blocks,
      });
    } catch (error) {
      // A card the mentor deleted, or a DM the bot lost access to, cannot be kept current: nothing to retry.
      const code = slackError(error);
      if (code === 'message_not_found' || code === 'channel_not_found' || code === 'cant_update_message') {
        this.logger.warn(
          `booking ${bookingId}: card ${ref.channel}/${ref.ts} can no longer be updated (${code})`,
        );
        return;
      }
      throw error;
    }
  }
}
