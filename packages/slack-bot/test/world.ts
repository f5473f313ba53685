import { signWebhookPayload, type WebhookEventType } from '@greenlight/core/contract';
import type { Booking, BookingView } from '@greenlight/sdk';
import { CARD_METADATA } from '../src/cards';
import { WEBHOOK_PATH } from '../src/webhooks/route';
import type { StoredMessage } from './fake-slack';
import {
  blockActions,
  type ClickInput,
  eventCallback,
  type SlackRequest,
  sendToSlackEndpoint,
  slashCommand,
  viewSubmission,
} from './slack-requests';
import { eventually, SIGNING_SECRET, type Stack } from './stack';

export const MENTOR = { id: 'usr_mentor', slack: 'U0MENTOR', dm: 'D0MENTOR' };
export const OTHER = { id: 'usr_other', slack: 'U0OTHER', dm: 'D0OTHER' };
export const MENTEE = { id: 'usr_mentee', slack: 'U0MENTEE' };

/** Profiles every test uses: a mentor in Berlin, another mentor, a mentee in New York. */
export async function seedUsers(stack: Stack): Promise<void> {
  const { sdk } = stack;
  await sdk.users.put(MENTOR.id, {
    name: 'Mia Mentor',
    email: 'mia@example.com',
    timezone: 'Europe/Berlin',
    slackUserId: MENTOR.slack,
  });
  await sdk.users.put(OTHER.id, {
    name: 'Olaf Other',
    email: 'olaf@example.com',
    timezone: 'Europe/Oslo',
    slackUserId: OTHER.slack,
  });
  await sdk.users.put(MENTEE.id, {
    name: 'Ana López',
    email: 'ana@example.com',
    timezone: 'America/New_York',
    photoUrl: 'https://example.com/ana.png',
    slackUserId: MENTEE.slack,
  });
}

const BASE = (() => {
  const start = new Date(Date.now() + 2 * 86_400_000);
  start.setUTCMinutes(0, 0, 0);
  return start.getTime();
})();
let slot = 0;

/** A start time no other booking in the file uses (3 hours apart), so approvals never overlap by accident. */
export function nextStart(): Date {
  return new Date(BASE + slot++ * 3 * 3_600_000);
}

export async function requestBooking(
  stack: Stack,
  mentorId = MENTOR.id,
  start = nextStart(),
): Promise<Booking> {
  return stack.sdk.bookings.create({
    mentorId,
    menteeId: MENTEE.id,
    start,
    durationMinutes: 60,
    sessionType: { name: 'Portfolio review' },
    price: { amount: 4500, currency: 'USD' },
    message: 'Hi! Could we go through my portfolio?',
  });
}

export interface Card {
  channel: string;
  ts: string;
  message: StoredMessage;
}

/** The booking's card, once the bot posted it and stored its address in the booking's metadata. */
export async function cardOf(stack: Stack, bookingId: string, previousTs?: string): Promise<Card> {
  const booking = await eventually(
    () => stack.sdk.bookings.get(bookingId),
    (b) => Boolean(b.metadata[CARD_METADATA.ts]) && b.metadata[CARD_METADATA.ts] !== previousTs,
  );
  const channel = booking.metadata[CARD_METADATA.channel]!;
  const ts = booking.metadata[CARD_METADATA.ts]!;
  const message = stack.slack.message(channel, ts);
  if (!message) throw new Error(`card ${channel}/${ts} was never posted`);
  return { channel, ts, message };
}

/** Waits until the card's text satisfies `accept` (the bot updates it asynchronously). */
export async function cardSays(
  stack: Stack,
  card: Card,
  accept: (text: string) => boolean,
): Promise<StoredMessage> {
  return stack.slack.waitFor(() => {
    const message = stack.slack.message(card.channel, card.ts);
    return message && accept(`${message.text}\n${JSON.stringify(message.blocks)}`) ? message : undefined;
  });
}

interface Element {
  action_id?: string;
  value?: string;
  url?: string;
  text?: { text: string };
}

export function buttons(blocks: unknown[]): Element[] {
  return (blocks as { type: string; elements?: Element[]; accessory?: Element }[]).flatMap((b) => [
    ...(b.type === 'actions' ? (b.elements ?? []) : []),
    ...(b.accessory?.action_id ? [b.accessory] : []),
  ]);
}

/** The button whose action id starts with `prefix` (e.g. `greenlight:approve:`). */
export function button(blocks: unknown[], prefix: string): Required<Pick<Element, 'action_id'>> & Element {
  const found = buttons(blocks).find((e) => e.action_id?.startsWith(prefix));
  if (!found?.action_id) throw new Error(`no button ${prefix} in ${JSON.stringify(blocks).slice(0, 300)}`);
  return found as Required<Pick<Element, 'action_id'>> & Element;
}

export function send(
  stack: Stack,
  request: SlackRequest,
  options: { retryNum?: number; timestamp?: number; signature?: string } = {},
) {
  return sendToSlackEndpoint(stack.slackEventsUrl, request, { secret: SIGNING_SECRET, ...options });
}

/** Clicks a card's button as `user`. */
export function click(
  stack: Stack,
  user: string,
  card: Card | null,
  prefix: string,
  extra: Partial<ClickInput> = {},
  blocks?: unknown[],
) {
  const element = button(blocks ?? card!.message.blocks, prefix);
  return send(
    stack,
    blockActions({
      user,
      actionId: element.action_id,
      ...(element.value === undefined ? {} : { value: element.value }),
      ...(card ? { message: { channel: card.channel, ts: card.ts } } : {}),
      responseUrl: stack.slack.responseUrl(),
      ...extra,
    }),
  );
}

export function submit(stack: Stack, input: Parameters<typeof viewSubmission>[0]) {
  return send(stack, viewSubmission(input));
}

export function command(stack: Stack, user: string, text: string, responseId: string) {
  return send(stack, slashCommand({ user, text, responseUrl: stack.slack.responseUrl(responseId) }));
}

export function homeOpened(stack: Stack, user: string, eventId: string, retryNum?: number) {
  return send(
    stack,
    eventCallback(
      {
        type: 'app_home_opened',
        user,
        channel: `D${user.slice(1)}`,
        tab: 'home',
        event_ts: `${Date.now() / 1000}`,
      },
      eventId,
    ),
    retryNum === undefined ? {} : { retryNum },
  );
}

export function historyEvents(booking: BookingView | Booking, event: string): number {
  return booking.history.filter((h) => h.event === event).length;
}

/** Delivers a platform event to the bot as the server would: signed with the endpoint's secret. */
export async function deliverEvent(
  stack: Stack,
  type: WebhookEventType,
  booking: Booking | BookingView,
  options: {
    id?: string;
    secret?: string;
    timestamp?: number;
    /** Another instance of the bot to deliver to (the stack's bot by default). */
    to?: { botUrl: string };
  } = {},
): Promise<Response> {
  const { review: _review, ...plain } = booking as BookingView;
  const body = JSON.stringify({
    id: options.id ?? `evt_test_${type}_${booking.id}`,
    type,
    createdAt: new Date().toISOString(),
    data: { booking: plain },
  });
  const signature = await signWebhookPayload(
    body,
    options.secret ?? stack.webhookSecret,
    options.timestamp ?? Math.floor(Date.now() / 1000),
  );
  return fetch(`${options.to?.botUrl ?? stack.botUrl}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'greenlight-signature': signature },
    body,
  });
}
