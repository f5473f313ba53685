import type {
  BookingView,
  Greenlight,
  SlackDelivery,
  SlackDeliveryParams,
  UpdateBookingParams,
} from '@greenlight/sdk';
import { ServerError, VersionConflictError } from '@greenlight/sdk';
import { type Logger, LogLevel, webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../test/fake-slack';
import { bookingView } from '../test/fixtures';
import { CARD_METADATA, Cards, MAX_CLAIM_ATTEMPTS } from './cards';
import { singleWorkspace } from './installations';

const MENTOR_SLACK = 'U0MENTOR';
const DM = 'D0MENTOR';
const NEW_START = '2026-12-02T09:00:00.000Z';

/**
 * One booking on a stand-in platform that keeps its version like the real one: every metadata write bumps
 * it, and `expectedVersion` is a compare-and-set. `meanwhile` runs before a write is checked, as another
 * writer (another bot instance, the mentee) that got there first.
 */
class Platform {
  booking: BookingView;
  readonly writes: UpdateBookingParams[] = [];
  /** What `bookings.actionLinks` answers; null: the platform has no such endpoint (an older server). */
  links: Array<{ action: string; url: string; expiresAt: string }> | null = null;
  meanwhile: ((write: number) => void) | undefined;
  /** Runs after a write is carried out (or instead of it), before it is answered: a lost answer, a failed write. */
  afterWrite: ((write: number) => void) | undefined;
  /** Runs before a read of the booking answers: a platform that cannot be read. */
  beforeRead: (() => void) | undefined;
  /** What the bot reported about reaching the mentor, in order. */
  readonly deliveries: SlackDeliveryParams[] = [];
  slackDelivery: SlackDelivery | null = null;

  constructor(booking: BookingView) {
    this.booking = booking;
  }

  /** Someone else changes the booking: a new version. */
  change(patch: Partial<BookingView>): void {
    this.booking = { ...this.booking, ...patch, version: this.booking.version + 1 };
  }

  client(): Greenlight {
    const bookings = {
      get: async () => {
        this.beforeRead?.();
        return structuredClone(this.booking);
      },
      actionLinks: async (_id: string, params: { recipientId: string }) => {
        if (!this.links) throw new Error('404 no route for GET /v1/bookings/{id}/action-links');
        return {
          bookingId: this.booking.id,
          recipientId: params.recipientId,
          role: 'mentor',
          data: this.links,
        };
      },
      update: async (_id: string, params: UpdateBookingParams) => {
        this.writes.push(params);
        this.meanwhile?.(this.writes.length);
        if (this.afterWrite && params.expectedVersion === this.booking.version && this.writes.length === 1) {
          const write = this.writes.length;
          const failing = this.afterWrite;
          // Carried out or not as `failing` decides, and answered with a 503 either way.
          failing(write);
          throw new ServerError({
            status: 503,
            code: 'internal_error',
            detail: 'the platform is unavailable',
          });
        }
        if (params.expectedVersion !== undefined && params.expectedVersion !== this.booking.version) {
          throw new VersionConflictError({
            status: 409,
            code: 'version_conflict',
            detail: `expected version ${params.expectedVersion}`,
          });
        }
        const metadata = { ...this.booking.metadata };
        for (const [key, value] of Object.entries(params.metadata)) {
          if (value === null) delete metadata[key];
          else metadata[key] = value;
        }
        this.change({ metadata });
        return structuredClone(this.booking);
      },
    };
    const users = {
      get: async (id: string) => ({ id, slackUserId: MENTOR_SLACK, slackDelivery: this.slackDelivery }),
      setSlackDelivery: async (_id: string, params: SlackDeliveryParams) => {
        this.deliveries.push(params);
        this.slackDelivery =
          params.status === 'ok'
            ? null
            : ({ status: 'failing', reason: params.reason, detail: params.detail } as SlackDelivery);
      },
    };
    return { bookings, users, as: () => ({ bookings, users }) } as unknown as Greenlight;
  }
}

function logger(): Logger & { lines: { level: string; text: string }[] } {
  const lines: { level: string; text: string }[] = [];
  const log =
    (level: string) =>
    (...parts: unknown[]) => {
      lines.push({ level, text: parts.map(String).join(' ') });
    };
  return {
    lines,
    debug: () => {},
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

const cardOf = (ts: string, start: string) => ({
  [CARD_METADATA.channel]: DM,
  [CARD_METADATA.ts]: ts,
  [CARD_METADATA.user]: MENTOR_SLACK,
  [CARD_METADATA.start]: start,
});

let slack: FakeSlack;
let client: webApi.WebClient;
beforeAll(async () => {
  slack = await new FakeSlack().start();
  client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(async () => {
  await slack?.stop();
});

let platform: Platform;
let log: ReturnType<typeof logger>;
let cards: Cards;
beforeEach(() => {
  slack.reset();
  slack.messages.clear();
  slack.deleted.length = 0;
  slack.calls.length = 0;
  platform = new Platform(bookingView());
  log = logger();
  cards = new Cards(platform.client(), singleWorkspace(client), log);
});

/** Posts a card as "another instance" would, straight into Slack, and returns its ts. */
async function otherInstancePosts(text: string): Promise<string> {
  const posted = await client.chat.postMessage({ channel: DM, text });
  return posted.ts!;
}

describe('Cards: the fallback text of a pending card', () => {
  it('carries the mentor’s signed action links from the platform, so a client without buttons can answer', async () => {
    const url = (action: string) => `https://greenlight.test/actions/${action}-token.mac`;
    platform.links = ['approve', 'reject', 'suggest', 'cancel'].map((action) => ({
      action,
      url: url(action),
      expiresAt: '2026-12-01T15:00:00Z',
    }));
    await cards.deliver(platform.booking);
    const [card] = slack.topLevel(DM);
    expect(card!.text).toMatch(
      new RegExp(
        `\\nAnswer without Slack: <${url('approve')}\\|Approve> · <${url('reject')}\\|Reject> · <${url('suggest')}\\|Suggest another time>$`,
      ),
    );
    // The card's blocks are the same as without links: only the text changes.
    platform.links = null;
    const plain = new Platform(bookingView());
    await new Cards(plain.client(), singleWorkspace(client), log).deliver(plain.booking);
    const cardsNow = slack.topLevel(DM);
    expect(cardsNow[1]!.blocks).toEqual(card!.blocks);
    expect(cardsNow[1]!.text).not.toContain('Answer without Slack');
  });
});

describe('Cards.deliver: post, then claim', () => {
  it('stores the card it posted with expectedVersion = the version it rendered', async () => {
    await cards.deliver(platform.booking);
    const [card] = slack.topLevel(DM);
    expect(platform.writes).toEqual([
      { metadata: cardOf(card!.ts, platform.booking.start), expectedVersion: 1 },
    ]);
    expect(platform.booking.metadata).toEqual(cardOf(card!.ts, platform.booking.start));
    expect(slack.callsOf('chat.delete')).toEqual([]);
  });

  it('another instance claimed first: deletes its own card, leaves the stored one, and says so', async () => {
    let theirs = '';
    platform.meanwhile = (write) => {
      if (write === 1) platform.change({ metadata: cardOf(theirs, platform.booking.start) });
    };
    theirs = await otherInstancePosts('their card');
    await cards.deliver(platform.booking);

    expect(tsOf(slack.topLevel(DM))).toEqual([theirs]);
    expect(slack.deleted).toHaveLength(1);
    expect(slack.callsOf('chat.delete')).toEqual([
      expect.objectContaining({ args: expect.objectContaining({ channel: DM, ts: slack.deleted[0]!.ts }) }),
    ]);
    expect(platform.booking.metadata[CARD_METADATA.ts]).toBe(theirs);
    expect(platform.writes).toHaveLength(1);
    expect(log.lines).toContainEqual({
      level: 'info',
      text: expect.stringContaining(`deleting our duplicate ${DM}/${slack.deleted[0]!.ts}`),
    });
  });

  it('treats message_not_found from chat.delete as done', async () => {
    platform.meanwhile = (write) => {
      if (write === 1) platform.change({ metadata: cardOf('1699999999.000001', platform.booking.start) });
    };
    slack.script('chat.delete', { error: 'message_not_found' });
    await expect(cards.deliver(platform.booking)).resolves.toBeUndefined();
    expect(slack.callsOf('chat.delete')).toHaveLength(1);
    expect(log.lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
  });

  it('metadata written beside its own: claims again at the fresh version, without re-rendering', async () => {
    platform.meanwhile = (write) => {
      if (write === 1) platform.change({ metadata: { crm: 'deal-42' } });
    };
    await cards.deliver(platform.booking);
    const [card] = slack.topLevel(DM);
    expect(platform.writes.map((w) => w.expectedVersion)).toEqual([1, 2]);
    expect(platform.booking.metadata).toEqual({
      crm: 'deal-42',
      ...cardOf(card!.ts, platform.booking.start),
    });
    expect(slack.callsOf('chat.update')).toEqual([]);
    expect(slack.deleted).toEqual([]);
  });

  it('a newer start with no card yet: re-renders its card at that start and claims it for it', async () => {
    platform.meanwhile = (write) => {
      if (write === 1) platform.change({ start: NEW_START, end: '2026-12-02T10:00:00.000Z' });
    };
    await cards.deliver(platform.booking);
    const [card] = slack.topLevel(DM);
    expect(slack.callsOf('chat.update').map((c) => c.args.ts)).toEqual([card!.ts]);
    expect(platform.booking.metadata).toEqual(cardOf(card!.ts, NEW_START));
    expect(slack.deleted).toEqual([]);
  });

  it('a newer start that already has its card: deletes its own, now stale, card', async () => {
    let theirs = '';
    platform.meanwhile = (write) => {
      if (write === 1) platform.change({ start: NEW_START, metadata: cardOf(theirs, NEW_START) });
    };
    theirs = await otherInstancePosts('their card for the newer start');
    await cards.deliver(platform.booking);
    expect(tsOf(slack.topLevel(DM))).toEqual([theirs]);
    expect(platform.booking.metadata[CARD_METADATA.ts]).toBe(theirs);
  });

  it('a booking that keeps changing: gives up after MAX_CLAIM_ATTEMPTS, deleting its card, so the event is redelivered', async () => {
    platform.meanwhile = () => platform.change({});
    await expect(cards.deliver(platform.booking)).rejects.toThrow(/could not store its card/);
    expect(platform.writes).toHaveLength(MAX_CLAIM_ATTEMPTS);
    expect(slack.topLevel(DM)).toEqual([]);
    expect(slack.deleted).toHaveLength(1);
    expect(platform.booking.metadata).toEqual({});
  });

  it('a counter-proposal: claims the new card, then marks the card of the older start superseded', async () => {
    const old = await otherInstancePosts('the card of the first start');
    platform.booking = bookingView({ metadata: cardOf(old, platform.booking.start) });
    platform.change({ start: NEW_START, end: '2026-12-02T10:00:00.000Z' });
    await cards.deliver(platform.booking);
    const fresh = slack.topLevel(DM).filter((m) => m.ts !== old);
    expect(fresh).toHaveLength(1);
    expect(platform.booking.metadata).toEqual(cardOf(fresh[0]!.ts, NEW_START));
    expect(JSON.stringify(slack.message(DM, old)!.blocks)).toContain(
      'The newer message below has the request.',
    );
  });
});

function tsOf(messages: { ts: string }[]): string[] {
  return messages.map((m) => m.ts);
}

/** Applies a metadata write to the stand-in platform as the real one would (a new version). */
function apply(write: UpdateBookingParams): void {
  platform.change({
    metadata: { ...platform.booking.metadata, ...(write.metadata as Record<string, string>) },
  });
}

describe('Cards.deliver: a write whose outcome is unknown', () => {
  it('the write did not happen: reads the booking back, stores the card again, and the mentor has one card', async () => {
    platform.afterWrite = () => {};
    await cards.deliver(platform.booking);
    const [card] = slack.topLevel(DM);
    expect(slack.topLevel(DM)).toHaveLength(1);
    expect(platform.writes.map((w) => w.expectedVersion)).toEqual([1, 1]);
    expect(platform.booking.metadata).toEqual(cardOf(card!.ts, platform.booking.start));
    expect(slack.deleted).toEqual([]);
  });

  it('the write happened and its answer was lost: finds the card stored and posts nothing more', async () => {
    platform.afterWrite = (write) => apply(platform.writes[write - 1]!);
    await cards.deliver(platform.booking);
    const [card] = slack.topLevel(DM);
    expect(slack.topLevel(DM)).toHaveLength(1);
    expect(platform.writes).toHaveLength(1);
    expect(platform.booking.metadata).toEqual(cardOf(card!.ts, platform.booking.start));
  });

  it('nor can the booking be read back: deletes the card and fails; the redelivery posts the card again, once', async () => {
    // The write landed, but neither its answer nor a read came back.
    platform.afterWrite = (write) => {
      apply(platform.writes[write - 1]!);
      platform.beforeRead = () => {
        platform.beforeRead = undefined;
        throw new ServerError({ status: 503, code: 'internal_error', detail: 'unavailable' });
      };
    };
    await expect(cards.deliver(bookingView())).rejects.toThrow(/unavailable/);
    expect(slack.topLevel(DM)).toEqual([]);
    expect(platform.booking.metadata[CARD_METADATA.ts]).toBe(slack.deleted[0]!.ts);

    platform.afterWrite = undefined;
    await cards.deliver(platform.booking);
    const live = slack.topLevel(DM);
    expect(live).toHaveLength(1);
    expect(platform.booking.metadata).toEqual(cardOf(live[0]!.ts, platform.booking.start));
    expect(log.lines).toContainEqual({
      level: 'info',
      text: expect.stringContaining('can no longer be shown; posting it again'),
    });
  });
});

describe('Cards: a card Slack does not let the bot update', () => {
  const repliesUnder = (ts: string) => [...slack.messages.values()].filter((m) => m.threadTs === ts);

  it('cant_update_message: posts the card again and says under the old one, still shown as it was, that the newer message has the request', async () => {
    const old = await otherInstancePosts('the card as another app posted it');
    platform.booking = bookingView({ metadata: cardOf(old, platform.booking.start) });
    slack.script('chat.update', { error: 'cant_update_message' });
    await cards.deliver(platform.booking);

    const fresh = slack.topLevel(DM).filter((m) => m.ts !== old);
    expect(fresh).toHaveLength(1);
    expect(platform.booking.metadata).toEqual(cardOf(fresh[0]!.ts, platform.booking.start));
    expect(slack.message(DM, old)?.text).toBe('the card as another app posted it');
    expect(repliesUnder(old).map((m) => m.text)).toEqual([
      "This message can no longer be updated: the newer one has Ana López's request",
    ]);
    expect(JSON.stringify(repliesUnder(old)[0]!.blocks)).toContain('The newer message below has *Ana López*');
    expect(log.lines).toContainEqual({
      level: 'warn',
      text: expect.stringContaining(
        `Slack does not let the bot update card ${DM}/${old} (cant_update_message)`,
      ),
    });
  });

  it('a counter-proposal whose older card cannot be marked superseded: the note goes under that card instead', async () => {
    const old = await otherInstancePosts('the card of the first start');
    platform.booking = bookingView({ metadata: cardOf(old, platform.booking.start) });
    platform.change({ start: NEW_START, end: '2026-12-02T10:00:00.000Z' });
    slack.script('chat.update', { error: 'cant_update_message' });
    await cards.deliver(platform.booking);
    expect(slack.topLevel(DM).filter((m) => m.ts !== old)).toHaveLength(1);
    expect(slack.message(DM, old)?.text).toBe('the card of the first start');
    expect(repliesUnder(old)).toHaveLength(1);
  });

  it('a card that was deleted is posted again, with no note anywhere', async () => {
    platform.booking = bookingView({ metadata: cardOf('1699999999.000001', platform.booking.start) });
    await cards.deliver(platform.booking);
    expect(slack.topLevel(DM)).toHaveLength(1);
    expect([...slack.messages.values()].filter((m) => m.threadTs)).toEqual([]);
  });
});

describe('Cards: a mentor Slack cannot reach', () => {
  it('users.info says the mentor left: no card, the failure recorded for the platform, and a warning saying email still goes', async () => {
    slack.setUser(MENTOR_SLACK, { deleted: true });
    await cards.deliver(platform.booking);
    expect(slack.callsOf('chat.postMessage')).toEqual([]);
    expect(platform.deliveries).toEqual([
      {
        status: 'failing',
        reason: 'user_deleted',
        detail: `users.info says ${MENTOR_SLACK} was deactivated or left the workspace`,
        bookingId: platform.booking.id,
      },
    ]);
    expect(platform.writes).toEqual([]);
    expect(log.lines).toContainEqual({
      level: 'warn',
      text: expect.stringContaining('no card posted, the request reaches mentor usr_mentor by email'),
    });
  });

  it('Slack refuses the DM (user_disabled, channel_not_found): recorded with Slack’s own answer', async () => {
    slack.script('conversations.open', { error: 'user_disabled' });
    await cards.deliver(platform.booking);
    slack.script('chat.postMessage', { error: 'channel_not_found' });
    await cards.deliver(platform.booking);
    expect(platform.deliveries.map((d) => d.status === 'failing' && d.reason)).toEqual([
      'user_disabled',
      'channel_not_found',
    ]);
    expect(slack.topLevel(DM)).toEqual([]);
  });

  it('an org-wide install that lost every workspace of the mentor: handled like a workspace without the app', async () => {
    slack.setUser(MENTOR_SLACK, { enterprise_user: { enterprise_id: 'E0ORG', teams: ['T0LOST', 'T0GONE'] } });
    const lost = new Cards(
      platform.client(),
      {
        reach: async () => ({ client, revokedTeams: new Set(['T0LOST', 'T0GONE']) }),
        clientFor: async () => client,
      },
      log,
    );
    await lost.deliver(platform.booking);
    expect(slack.callsOf('chat.postMessage')).toEqual([]);
    expect(platform.deliveries).toMatchObject([{ status: 'failing', reason: 'team_access_revoked' }]);

    // One workspace still reachable: the card goes.
    const partly = new Cards(
      platform.client(),
      { reach: async () => ({ client, revokedTeams: new Set(['T0LOST']) }), clientFor: async () => client },
      log,
    );
    await partly.deliver(platform.booking);
    expect(slack.topLevel(DM)).toHaveLength(1);
  });

  it('a mentor reached again after a failure: the failure is cleared once the card is stored', async () => {
    platform.slackDelivery = {
      status: 'failing',
      reason: 'user_deleted',
      detail: 'gone',
      bookingId: null,
      since: '2026-11-01T00:00:00.000Z',
      at: '2026-11-01T00:00:00.000Z',
    };
    await cards.deliver(platform.booking);
    expect(slack.topLevel(DM)).toHaveLength(1);
    expect(platform.deliveries).toEqual([{ status: 'ok' }]);
  });

  it('a reminder into a DM that is gone: recorded, not thrown (the reminder email still goes)', async () => {
    await cards.deliver(platform.booking);
    slack.script('chat.postMessage', { error: 'channel_not_found' });
    await expect(cards.remind(platform.booking)).resolves.toBeUndefined();
    expect(platform.deliveries).toMatchObject([{ status: 'failing', reason: 'channel_not_found' }]);
  });
});
