import type { BookingView, Greenlight } from '@greenlight/sdk';
import type { BlockAction, ButtonAction, Logger, RespondFn, webApi } from '@slack/bolt';
import type { Cards } from '../cards';
import { publishHome } from '../home';
import type { SingleFlight } from '../recent';
import { UNLINKED_TEXT } from '../views/home';
import { type BookingRef, decodeRef, type MessageRef } from '../views/ids';
import type { CardNotice } from '../views/pending-card';
import { bookingCard } from '../views/pending-card';

/** What every listener needs; nothing in it is state about bookings. */
export interface BotDeps {
  sdk: Greenlight;
  cards: Cards;
  /** Joins a double click's concurrent handlers onto one platform call. */
  inFlight: SingleFlight;
  /** How long a modal submission waits for the platform before answering Slack (which allows 3 s). */
  submitBudgetMs: number;
}

/** A button click, read from Slack's payload. */
export interface Click {
  slackUserId: string;
  ref: BookingRef;
  /** The message the button is in, when it can be updated (not ephemeral, not App Home). */
  message: MessageRef | null;
  ephemeral: boolean;
  fromHome: boolean;
  /** Where an ephemeral reply can go; null in App Home. */
  channel: string | null;
}

export function clickOf(body: BlockAction, action: ButtonAction): Click | null {
  const ref = decodeRef(action.value);
  if (!ref) return null;
  const container = body.container as {
    type?: string;
    channel_id?: string;
    message_ts?: string;
    is_ephemeral?: boolean;
  };
  const channel = container.channel_id ?? body.channel?.id ?? null;
  const ephemeral = container.is_ephemeral === true;
  const messageTs = container.message_ts ?? body.message?.ts;
  return {
    slackUserId: body.user.id,
    ref,
    message:
      container.type === 'message' && !ephemeral && channel && messageTs ? { channel, ts: messageTs } : null,
    ephemeral,
    fromHome: container.type === 'view' && body.view?.type === 'home',
    channel,
  };
}

/** An ephemeral note to `user`: in the channel of the click, or in their DM with the bot. */
export async function tell(
  client: webApi.WebClient,
  user: string,
  channel: string | null,
  text: string,
): Promise<void> {
  let target = channel;
  if (!target) {
    const opened = await client.conversations.open({ users: user });
    target = opened.channel?.id ?? null;
  }
  if (!target) return;
  await client.chat.postEphemeral({ channel: target, user, text });
}

/**
 * Turns away anyone but the mentor the card was made for, before any platform call. The platform checks
 * again (the action runs as the clicking user), so a stale link between Slack and Greenlight cannot slip by.
 */
export async function onlyTheMentor(client: webApi.WebClient, click: Click): Promise<boolean> {
  if (click.slackUserId === click.ref.mentorSlackUserId) return true;
  await tell(
    client,
    click.slackUserId,
    click.channel,
    `Only <@${click.ref.mentorSlackUserId}>, the mentor of this booking, can respond to it. Nothing was changed.`,
  );
  return false;
}

export async function tellUnlinked(client: webApi.WebClient, click: Pick<Click, 'slackUserId' | 'channel'>) {
  await tell(client, click.slackUserId, click.channel, UNLINKED_TEXT);
}

export interface Where {
  slackUserId: string;
  message: MessageRef | null;
  ephemeral: boolean;
  fromHome: boolean;
}

/** After a decision (or a refusal): every place showing the booking shows its current state. */
export async function showOutcome(
  deps: BotDeps,
  client: webApi.WebClient,
  logger: Logger,
  booking: { id: string; mentorId: string },
  where: Where,
  options: { notice?: CardNotice | null; respond?: RespondFn | undefined } = {},
): Promise<BookingView | null> {
  try {
    const view = await deps.cards.refresh(booking, {
      notice: options.notice ?? null,
      also: where.message,
      slackUserId: where.slackUserId,
      // The mentor clicked in their own workspace: Bolt's client for the request reaches their card.
      client,
    });
    if (where.ephemeral && options.respond) {
      const card = bookingCard({
        booking: view,
        mentorSlackUserId: where.slackUserId,
        notice: options.notice ?? null,
      });
      await options.respond({
        replace_original: true,
        response_type: 'ephemeral',
        text: card.text,
        blocks: card.blocks,
      });
    }
    if (where.fromHome) await publishHome(deps.sdk, client, where.slackUserId);
    return view;
  } catch (error) {
    logger.error(`booking ${booking.id}: could not update Slack after the decision`, error);
    return null;
  }
}

export type Settled<T> =
  | { state: 'fulfilled'; value: T }
  | { state: 'rejected'; error: unknown }
  | { state: 'pending' };

/** How `promise` stands after at most `ms`: Slack wants a modal's answer within 3 seconds. */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'pending' }), ms);
  });
  const settled = promise.then(
    (value): Settled<T> => ({ state: 'fulfilled', value }),
    (error: unknown): Settled<T> => ({ state: 'rejected', error }),
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Thrown when the Slack user has no Greenlight profile. */
export class UnlinkedUserError extends Error {
  constructor(readonly slackUserId: string) {
    super(UNLINKED_TEXT);
    this.name = 'UnlinkedUserError';
  }
}
