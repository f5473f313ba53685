import {
  type Booking,
  type BookingMessage,
  type BookingView,
  type Greenlight,
  type SlackDeliveryFailureReason,
  type User,
  VersionConflictError,
} from '@greenlight/sdk';
import type { Logger, webApi } from '@slack/bolt';
import { type SlackClients, slackErrorOf } from './installations';
import type { MessageRef } from './views/ids';
import type { SlackMessage } from './views/parts';
import {
  bookingCard,
  type CardNotice,
  type FallbackLink,
  stuckCardNote,
  supersededCard,
} from './views/pending-card';
import { reminderMessage } from './views/reminder';
import { threadMessage } from './views/thread-message';

/** Slack message metadata on every card: a thread reply's event names only its parent, which this identifies. */
export const CARD_EVENT_TYPE = 'greenlight_booking';

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
  /**
   * The client Bolt authorized for the click (or submission) that led here: the mentor's own workspace, known
   * from the request itself. Used instead of looking the mentor's workspace up, which needs their `slackTeamId`.
   */
  client?: webApi.WebClient | undefined;
}

/**
 * How many times `deliver` tries to store a card it posted, re-reading the booking in between, before it
 * gives up and lets the platform redeliver the event.
 */
export const MAX_CLAIM_ATTEMPTS = 5;

function sameMessage(a: MessageRef, b: MessageRef): boolean {
  return a.channel === b.channel && a.ts === b.ts;
}

/** Whether two states of a booking render the same card, the version the buttons carry aside. */
function renderedAlike(a: BookingView, b: BookingView, mentorSlackUserId: string): boolean {
  const render = (view: BookingView) =>
    JSON.stringify(bookingCard({ booking: { ...view, version: 0 }, mentorSlackUserId }));
  return render(a) === render(b);
}

/**
 * Slack's answers (to `users.info`, `conversations.open`, `chat.postMessage`) that mean the mentor cannot be reached
 * in a DM: they left or were deactivated, the DM is gone. Redelivering would not help; email still reaches them.
 */
const MENTOR_UNREACHABLE: ReadonlyMap<string, SlackDeliveryFailureReason> = new Map([
  ['user_not_found', 'user_not_found'],
  ['user_disabled', 'user_disabled'],
  ['user_not_visible', 'user_not_visible'],
  ['account_inactive', 'account_inactive'],
  ['channel_not_found', 'channel_not_found'],
  ['is_archived', 'is_archived'],
  // An org-wide install asked about a workspace it lost.
  ['team_access_not_granted', 'team_access_revoked'],
]);

interface Unreachable {
  reason: SlackDeliveryFailureReason;
  detail: string;
}

function unreachable(error: unknown, what: string): Unreachable | null {
  const code = slackErrorOf(error);
  const reason = code ? MENTOR_UNREACHABLE.get(code) : undefined;
  return code && reason ? { reason, detail: `${what} answered ${code}` } : null;
}

/** The platform takes at most this much of a failure's detail. */
const DETAIL_MAX = 500;

/**
 * What became of a card `chat.update` was asked to show: updated; `gone` (deleted, or its DM is); or `stuck`, still
 * shown as it was because Slack will not let this bot update it (`cant_update_message`: posted with another app's or
 * installation's bot user).
 */
type Updated = 'updated' | 'gone' | 'stuck';

const CARD_GONE = new Set(['message_not_found', 'channel_not_found']);

/**
 * The mentor's booking cards: posting them, keeping them in step with the booking, and reminders.
 * Every method reads the booking afresh and renders the card from its state, so running one twice, late or
 * out of order, converges on the same card.
 */
export class Cards {
  constructor(
    private readonly sdk: Greenlight,
    private readonly slack: SlackClients,
    private readonly logger: Logger,
  ) {}

  /** The booking as its mentor sees it, `review` included. */
  view(booking: BookingKey): Promise<BookingView> {
    return this.sdk.as(booking.mentorId).bookings.get(booking.id);
  }

  /**
   * The card for `view`; a pending one carries the mentor's signed email action links in its fallback text, so a
   * mentor whose client shows no buttons can still answer. A platform that cannot sign them leaves them out.
   */
  async #card(
    view: BookingView,
    mentorSlackUserId: string,
    notice: CardNotice | null = null,
  ): Promise<SlackMessage> {
    let actionLinks: FallbackLink[] | null = null;
    if (view.status === 'pending') {
      try {
        actionLinks = (await this.sdk.bookings.actionLinks(view.id, { recipientId: view.mentorId })).data;
      } catch (error) {
        this.logger.debug(`booking ${view.id}: no action links for the card's fallback text`, error);
      }
    }
    return bookingCard({ booking: view, mentorSlackUserId, notice, actionLinks });
  }

  /**
   * A new request or a counter-proposal: DM the mentor a card (once per proposed start) and remember where.
   *
   * Several bot instances may handle the same event at the same moment (deliveries are at least once and may
   * reach different instances), so the card is posted first and then claimed: stored in the booking's
   * metadata only if the booking is still at the version the card was rendered from (see `#claim`). A crash
   * between the two leaves an unclaimed card rather than a booking pointing at a card that was never posted.
   */
  async deliver(booking: BookingKey): Promise<void> {
    const view = await this.view(booking);
    const ref = cardRefOf(view.metadata);
    let gone: CardRef | null = null;
    let stuck = false;
    if (view.status !== 'pending' || (ref && ref.start === view.start)) {
      const shown = await this.#updateCard(view, ref, {});
      // A stored card that no longer exists (deleted after a claim whose outcome was unknown), or that can no longer
      // be updated, is posted again; the one that is still shown gets a note pointing to the new one.
      if ((shown !== 'gone' && shown !== 'stuck') || view.status !== 'pending' || !ref) return;
      this.logger.info(
        `booking ${view.id}: its card ${ref.channel}/${ref.ts} can no longer be shown; posting it again`,
      );
      gone = ref;
      stuck = shown === 'stuck';
    }
    const mentor = await this.sdk.users.get(view.mentorId);
    if (!mentor.slackUserId) {
      this.logger.info(`booking ${view.id}: mentor ${view.mentorId} has no Slack user id; no card posted`);
      return;
    }
    const reach = await this.slack.reach(mentor, view.id);
    if (!reach.client) {
      await this.#undeliverable(mentor, view.id, reach);
      return;
    }
    const slack = reach.client;
    const away = await this.#away(slack, mentor.slackUserId, reach.revokedTeams);
    if (away) {
      await this.#undeliverable(mentor, view.id, away);
      return;
    }
    let posted: MessageRef;
    try {
      posted = await this.#post(
        slack,
        mentor.slackUserId,
        await this.#card(view, mentor.slackUserId),
        view.id,
      );
    } catch (error) {
      const failed = unreachable(error, `Slack, posting the card to ${mentor.slackUserId},`);
      if (!failed) throw error;
      await this.#undeliverable(mentor, view.id, failed);
      return;
    }
    await this.#claim(slack, view, { ...posted, user: mentor.slackUserId, start: view.start }, gone);
    if (stuck && gone) await this.#noteStuck(slack, gone, view);
    if (mentor.slackDelivery) {
      await this.sdk.users.setSlackDelivery(mentor.id, { status: 'ok' });
      this.logger.info(`booking ${view.id}: Slack reaches mentor ${mentor.id} again`);
    }
  }

  /**
   * Whether the mentor's Slack user is gone, per `users.info`: deactivated or left (`deleted`), unknown, or (an
   * org-wide install) in none of the organization's workspaces the app may still reach.
   */
  async #away(
    slack: webApi.WebClient,
    slackUserId: string,
    revokedTeams: ReadonlySet<string>,
  ): Promise<Unreachable | null> {
    let info: webApi.UsersInfoResponse;
    try {
      info = await slack.users.info({ user: slackUserId });
    } catch (error) {
      const failed = unreachable(error, `users.info for ${slackUserId}`);
      if (failed) return failed;
      throw error;
    }
    const user = info.user;
    if (user?.deleted) {
      return {
        reason: 'user_deleted',
        detail: `users.info says ${slackUserId} was deactivated or left the workspace`,
      };
    }
    if (revokedTeams.size > 0) {
      const teams = user?.enterprise_user?.teams ?? (user?.team_id ? [user.team_id] : []);
      if (teams.length > 0 && teams.every((team) => revokedTeams.has(team))) {
        return {
          reason: 'team_access_revoked',
          detail: `the org-wide Slack app lost access (team_access_revoked) to ${teams.join(', ')}, where ${slackUserId} is`,
        };
      }
    }
    return null;
  }

  /**
   * No card for this mentor: said in the log, and recorded on their profile (`slackDelivery`) so that the platform
   * and the mentor can see it. The request itself reaches them anyway: the platform emails every request.
   */
  async #undeliverable(mentor: User, bookingId: string, why: Unreachable): Promise<void> {
    this.logger.warn(
      `booking ${bookingId}: ${why.detail}; no card posted, the request reaches mentor ${mentor.id} by email ` +
        `(their profile's slackDelivery says ${why.reason})`,
    );
    await this.sdk.users.setSlackDelivery(mentor.id, {
      status: 'failing',
      reason: why.reason,
      detail: why.detail.slice(0, DETAIL_MAX),
      bookingId,
    });
  }

  /**
   * Stores `card`, just posted from `rendered`, as the booking's card with a compare-and-set on the version.
   * On a version conflict the booking is read again:
   * - it stores another card for the start ours shows (another instance claimed first), or for a newer start
   *   that already has its card: ours would be a second live card, so it is deleted and that is all;
   * - it moved on otherwise (metadata beside the card's, a newer start without a card yet, a decision made on
   *   this very card): ours is re-rendered from the booking as it is now and claimed again at its version, at
   *   most `MAX_CLAIM_ATTEMPTS` times in all; after that ours is deleted and the error makes the platform
   *   redeliver the event.
   * Once claimed, a card stored for an older start is marked superseded (or, when Slack will not let the bot update
   * it, gets a note in its thread).
   */
  async #claim(
    slack: webApi.WebClient,
    rendered: BookingView,
    card: CardRef,
    gone: CardRef | null,
  ): Promise<void> {
    let view = rendered;
    let shown = rendered;
    for (let attempt = 1; ; attempt++) {
      const replaced = cardRefOf(view.metadata);
      const outcome = await this.#compareAndSet(view, card);
      const claimed = outcome === 'stored';
      if (!claimed) {
        try {
          view = await this.view(view);
        } catch (error) {
          // Nobody can tell whether the booking points at our card, and a redelivery would post another: ours
          // goes. Should the booking point at it after all, the redelivery finds it gone and posts it again.
          this.logger.warn(
            `booking ${view.id}: could not read it back after ${outcome === 'unknown' ? 'a failed' : 'a refused'} ` +
              `write of card ${card.channel}/${card.ts}; deleting the card, the platform will redeliver the event`,
          );
          await this.#delete(slack, card, view.id);
          throw error;
        }
      }
      const found = cardRefOf(view.metadata);
      // The card this delivery replaces because it no longer exists is no card at all.
      const stored = found && gone && sameMessage(found, gone) ? null : found;
      // Claimed, or our claim went through after all (a request retried after its answer was lost).
      if (claimed || (stored && sameMessage(stored, card))) {
        if (attempt > 1) {
          this.logger.info(
            `booking ${view.id}: card ${card.channel}/${card.ts} for ${card.start} stored at attempt ${attempt}`,
          );
        }
        if (replaced && !sameMessage(replaced, card) && replaced.start !== card.start) {
          const superseded = supersededCard(view, replaced.start);
          if ((await this.#update(slack, replaced, superseded, view.id)) === 'stuck') {
            await this.#noteStuck(slack, replaced, view);
          }
        }
        return;
      }
      if (stored && (stored.start === card.start || stored.start === view.start)) {
        this.logger.info(
          `booking ${view.id}: card ${stored.channel}/${stored.ts} for ${stored.start} was stored first ` +
            `(another instance handled the same event); deleting our duplicate ${card.channel}/${card.ts}`,
        );
        await this.#delete(slack, card, view.id);
        return;
      }
      if (attempt >= MAX_CLAIM_ATTEMPTS) {
        this.logger.warn(
          `booking ${view.id}: it kept changing while card ${card.channel}/${card.ts} was being stored ` +
            `(${attempt} attempts); deleting the card so the redelivered event posts it afresh`,
        );
        await this.#delete(slack, card, view.id);
        throw new Error(`booking ${view.id}: could not store its card after ${attempt} attempts`);
      }
      this.logger.info(
        `booking ${view.id}: changed (now version ${view.version}, ${view.status} at ${view.start}) before ` +
          `card ${card.channel}/${card.ts} was stored; storing it again`,
      );
      // Show the booking as it is now; a re-render that would only change the buttons' version is skipped.
      if (!renderedAlike(shown, view, card.user)) {
        await this.#update(slack, card, await this.#card(view, card.user), view.id);
        shown = view;
      }
      card = { ...card, start: view.start };
    }
  }

  /**
   * Writes `card` into the booking's metadata if the booking is still at `view.version`: `conflict` when it is
   * not, `unknown` when the write failed without saying (a timeout, a 5xx), so it may or may not have happened.
   */
  async #compareAndSet(view: BookingView, card: CardRef): Promise<'stored' | 'conflict' | 'unknown'> {
    try {
      await this.sdk.bookings.update(view.id, {
        metadata: {
          [CARD_METADATA.channel]: card.channel,
          [CARD_METADATA.ts]: card.ts,
          [CARD_METADATA.user]: card.user,
          [CARD_METADATA.start]: card.start,
        },
        expectedVersion: view.version,
      });
      return 'stored';
    } catch (error) {
      if (error instanceof VersionConflictError) return 'conflict';
      // Reading the booking back tells whether it happened; posting again on redelivery would leave two cards.
      this.logger.warn(
        `booking ${view.id}: storing card ${card.channel}/${card.ts} failed (${(error as Error).message}); reading the booking back to see whether it was stored`,
      );
      return 'unknown';
    }
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
    const mentor = await this.sdk.users.get(view.mentorId);
    const reach = await this.slack.reach(mentor, view.id);
    if (!reach.client) {
      await this.#undeliverable(mentor, view.id, reach);
      return;
    }
    const reminder = reminderMessage(view);
    try {
      await reach.client.chat.postMessage({
        channel: ref.channel,
        thread_ts: ref.ts,
        reply_broadcast: true,
        text: reminder.text,
        blocks: reminder.blocks,
      });
    } catch (error) {
      const failed = unreachable(error, `Slack, posting the reminder to ${ref.channel},`);
      if (!failed) throw error;
      await this.#undeliverable(mentor, view.id, failed);
    }
  }

  /**
   * A message of the booking's conversation, into the card's thread: the mentee's (broadcast to the DM so the
   * mentor is notified), and the mentor's own when written outside Slack. The mentor's Slack messages are in
   * the thread already: their thread replies, and what the modal sent (posted there by the submission).
   */
  async relayMessage(booking: BookingKey, posted: BookingMessage): Promise<void> {
    if (posted.from === 'mentor' && posted.channel === 'slack') return;
    const view = await this.view(booking);
    const ref = cardRefOf(view.metadata);
    if (!ref) {
      this.logger.info(`booking ${view.id}: no card to thread message ${posted.id} under`);
      return;
    }
    const slack = await this.slack.clientFor(view.mentorId, view.id);
    if (!slack) return;
    await this.postInThread(slack, ref, view, posted);
  }

  /** Posts one conversation message under the card at `ref`. */
  async postInThread(
    slack: webApi.WebClient,
    ref: MessageRef,
    view: BookingView,
    posted: BookingMessage,
  ): Promise<void> {
    const rendered = threadMessage(view, posted);
    await slack.chat.postMessage({
      channel: ref.channel,
      thread_ts: ref.ts,
      reply_broadcast: posted.from === 'mentee',
      text: rendered.text,
      blocks: rendered.blocks,
    });
  }

  /** What became of the stored card (see `Updated`), or `skipped` when there is none or no client for it. */
  async #updateCard(
    view: BookingView,
    ref: CardRef | null,
    options: RefreshOptions,
  ): Promise<Updated | 'skipped'> {
    const user = ref?.user ?? options.slackUserId;
    if (!user) return 'skipped';
    const slack = options.client ?? (await this.slack.clientFor(view.mentorId, view.id));
    if (!slack) return 'skipped';
    const card = await this.#card(view, user, options.notice ?? null);
    const shown = ref ? await this.#update(slack, ref, card, view.id) : 'skipped';
    const also = options.also;
    if (also && !(ref && also.channel === ref.channel && also.ts === ref.ts))
      await this.#update(slack, also, card, view.id);
    return shown;
  }

  async #post(
    slack: webApi.WebClient,
    slackUserId: string,
    message: SlackMessage,
    bookingId: string,
  ): Promise<MessageRef> {
    const opened = await slack.conversations.open({ users: slackUserId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error(`conversations.open gave no channel for ${slackUserId}`);
    const posted = await slack.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      metadata: { event_type: CARD_EVENT_TYPE, event_payload: { booking_id: bookingId } },
    });
    if (!posted.ts) throw new Error(`chat.postMessage gave no ts in ${channel}`);
    return { channel: posted.channel ?? channel, ts: posted.ts };
  }

  /** Deletes a card the bot posted but did not store; one already gone is done. */
  async #delete(slack: webApi.WebClient, ref: MessageRef, bookingId: string): Promise<void> {
    try {
      await slack.chat.delete({ channel: ref.channel, ts: ref.ts });
    } catch (error) {
      if (slackErrorOf(error) === 'message_not_found') return;
      // A redelivery would not find this card again (the booking does not point at it), so failing the event
      // helps nothing: say so loudly instead.
      this.logger.error(
        `booking ${bookingId}: duplicate card ${ref.channel}/${ref.ts} could not be deleted; the mentor sees two cards`,
        error,
      );
    }
  }

  async #update(
    slack: webApi.WebClient,
    ref: MessageRef,
    message: SlackMessage,
    bookingId: string,
  ): Promise<Updated> {
    try {
      await slack.chat.update({
        channel: ref.channel,
        ts: ref.ts,
        text: message.text,
        blocks: message.blocks,
      });
      return 'updated';
    } catch (error) {
      // A card deleted, a DM the bot lost access to, or a message it may not edit cannot be kept current: nothing to
      // retry.
      const code = slackErrorOf(error);
      if (code && CARD_GONE.has(code)) {
        this.logger.warn(
          `booking ${bookingId}: card ${ref.channel}/${ref.ts} can no longer be updated (${code})`,
        );
        return 'gone';
      }
      if (code === 'cant_update_message') {
        this.logger.warn(
          `booking ${bookingId}: Slack does not let the bot update card ${ref.channel}/${ref.ts} ` +
            '(cant_update_message); it is still shown as it was',
        );
        return 'stuck';
      }
      throw error;
    }
  }

  /**
   * Replies under a card that can no longer be updated, once a newer one has the request: the mentor sees both. A
   * failure is logged, not thrown: the new card is stored, and a redelivery would not come back here.
   */
  async #noteStuck(slack: webApi.WebClient, stuck: MessageRef, view: BookingView): Promise<void> {
    const note = stuckCardNote(view);
    try {
      await slack.chat.postMessage({
        channel: stuck.channel,
        thread_ts: stuck.ts,
        text: note.text,
        blocks: note.blocks,
      });
    } catch (error) {
      this.logger.warn(
        `booking ${view.id}: could not reply under card ${stuck.channel}/${stuck.ts}, which can no longer be updated; ` +
          'the mentor sees it beside the new card',
        error,
      );
    }
  }
}
