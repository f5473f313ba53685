import type { Booking } from '@greenlight/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_METADATA } from '../src/cards';
import type { StoredMessage } from './fake-slack';
import { type BotInstance, drained, type Stack, startBotInstance, startStack } from './stack';
import { cardOf, deliverEvent, MENTEE, MENTOR, nextStart, requestBooking, seedUsers } from './world';

let stack: Stack;
let second: BotInstance;
beforeAll(async () => {
  stack = await startStack();
  second = await startBotInstance(stack);
  await seedUsers(stack);
});
afterAll(async () => {
  await second?.stop();
  await stack?.stop();
});

const liveCards = () => stack.slack.topLevel(MENTOR.dm);
const tsOf = (messages: StoredMessage[]) => messages.map((m) => m.ts);
const duplicateLines = () =>
  [...stack.logger.lines, ...second.logger.lines].filter((l) => l.text.includes('was stored first'));

/**
 * The platform delivers `type` to the stack's bot while the same event reaches the second instance (a
 * redelivery routed elsewhere by the load balancer). Both post before either may store: Slack answers
 * neither post until both arrived, so the two instances race whatever the load on the machine.
 */
async function raceBothInstances(
  act: () => Promise<Booking>,
  type: 'booking.requested' | 'booking.counter_proposed',
): Promise<{ booking: Booking; before: Set<string> }> {
  const before = new Set(tsOf(liveCards()));
  stack.slack.barrier('chat.postMessage', 2);
  const booking = await act();
  const redelivered = await deliverEvent(stack, type, booking, {
    to: second,
    id: `evt_lb_${type}_${booking.id}`,
  });
  expect(redelivered.status).toBe(200);
  await drained(stack, booking.id);
  return { booking, before };
}

describe('two bot instances handling the same event at once', () => {
  it('booking.requested: one card stays live for the mentor, the booking points at it, the other is deleted', async () => {
    const lines = duplicateLines().length;
    const deleted = stack.slack.deleted.length;
    const { booking, before } = await raceBothInstances(() => requestBooking(stack), 'booking.requested');

    const stored = await stack.sdk.bookings.get(booking.id);
    const fresh = liveCards().filter((m) => !before.has(m.ts));
    expect(tsOf(fresh)).toEqual([stored.metadata[CARD_METADATA.ts]]);
    expect(stored.metadata).toMatchObject({
      [CARD_METADATA.channel]: MENTOR.dm,
      [CARD_METADATA.user]: MENTOR.slack,
      [CARD_METADATA.start]: booking.start,
    });
    expect(fresh[0]!.text).toContain('New booking request');

    // Both posted; the one that lost the compare-and-set deleted its own card and said so.
    const removed = stack.slack.deleted.slice(deleted);
    expect(removed).toHaveLength(1);
    expect(removed[0]!.ts).not.toBe(stored.metadata[CARD_METADATA.ts]);
    expect(duplicateLines().slice(lines)).toEqual([
      expect.objectContaining({
        level: 'info',
        text: expect.stringContaining(`deleting our duplicate ${MENTOR.dm}/${removed[0]!.ts}`),
      }),
    ]);
  });

  it('booking.counter_proposed: one card for the new start, the old one superseded, the duplicate deleted', async () => {
    const booking = await requestBooking(stack);
    const old = await cardOf(stack, booking.id);
    await stack.sdk.as(MENTOR.id).bookings.suggest(booking.id, { start: nextStart() });
    await drained(stack, booking.id);
    const deleted = stack.slack.deleted.length;
    const counterStart = nextStart();

    const { booking: countered, before } = await raceBothInstances(
      () => stack.sdk.as(MENTEE.id).bookings.counter(booking.id, { start: counterStart }),
      'booking.counter_proposed',
    );

    const stored = await stack.sdk.bookings.get(booking.id);
    expect(stored.metadata[CARD_METADATA.start]).toBe(countered.start);
    const fresh = liveCards().filter((m) => !before.has(m.ts));
    expect(tsOf(fresh)).toEqual([stored.metadata[CARD_METADATA.ts]]);
    expect(fresh[0]!.text).toContain('proposed another time');
    expect(JSON.stringify(fresh[0]!.blocks)).toContain(booking.id);
    expect(stack.slack.deleted.slice(deleted)).toHaveLength(1);
    // The earlier card stays, turned into a pointer to the newer one, and no longer has buttons.
    const superseded = stack.slack.message(old.channel, old.ts)!;
    expect(JSON.stringify(superseded.blocks)).toContain('The newer message below has the request.');
    expect(JSON.stringify(superseded.blocks)).not.toContain(booking.id);
  });
});
