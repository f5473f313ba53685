import {
  calendarFeedUrlCheck,
  HttpWebhookSender,
  ICalFeedBusyTimes,
  JitsiMeetings,
  LedgerRefunds,
  openStore,
  SmtpEmailNotifier,
  StripeRefunds,
  ZoomMeetings,
} from '@greenlight/adapters';
import {
  type BookingStore,
  type Clock,
  createEffectWorker,
  createIdGenerator,
  createScheduler,
  createWorkflow,
  type EffectPorts,
  type EffectWorker,
  type IdGenerator,
  type Notifier,
  type OutgoingNotification,
  type Scheduler,
  systemClock,
  WebhookEventType,
  type Workflow,
} from '@greenlight/core';
import { type ActionLinkSigner, createActionLinkSigner } from './actions/links';
import { type ActionKey, type ActionTokens, createActionTokens } from './actions/tokens';
import type { Config } from './config';
import { createIcsLinks, type IcsLinks } from './http/ics-links';
import type { Logger } from './http/logger';
import { LogEmailNotifier } from './log-notifier';

export interface Runtime {
  store: BookingStore;
  workflow: Workflow;
  ports: EffectPorts;
  worker: EffectWorker;
  scheduler: Scheduler;
  clock: Clock;
  ids: IdGenerator;
  /** Signs bookings' `.ics` links; null without `linkSecret` (the links then need credentials). */
  icsLinks: IcsLinks | null;
  /** Signs and checks one-click email action links; null without `actionKeys` (emails then link to the app). */
  emailActions: { tokens: ActionTokens; signer: ActionLinkSigner } | null;
  /** Which integration backs each port, for the startup banner. */
  integrations: { meetings: string; refunds: string; email: string };
}

export interface RuntimeOptions {
  logger: Logger;
  clock?: Clock;
  /** Replaces the email notifier (the demo collects emails instead of logging them). */
  notifier?: Notifier;
  /** The effect worker polls this often (250 ms). */
  workerIntervalMs?: number;
  /** The deadline sweeps run this often (30 s). */
  schedulerIntervalMs?: number;
  /** Replaces `config.database.url` resolution, e.g. an already opened store in tests. */
  store?: BookingStore;
  /**
   * Signs the `.ics` link in bookings' calendar links (`Secrets.linkSecret`) so that it opens without
   * credentials; without it the link is unsigned.
   */
  linkSecret?: string;
  /**
   * The keyring of one-click email action links (`Secrets.actionKeys`), the signing key first: the emails the
   * worker renders carry links signed with it. Without it their actions link to the booking page.
   */
  actionKeys?: ActionKey[];
}

const HOUR_MS = 3_600_000;

/** Where links in calendars and emails point: GREENLIGHT_PUBLIC_URL, else the fixed local address. */
export function publicUrlOf(config: Config): string | undefined {
  if (config.publicUrl) return config.publicUrl;
  if (config.port === 0) return undefined;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

function createNotifier(
  config: Config,
  logger: Logger,
  workflow: Workflow,
  signer: ActionLinkSigner | null,
): { notifier: Notifier; name: string } {
  // Each email's actions link to pages that act for its recipient, signed for the booking as the email shows it.
  const actionLinks = signer
    ? { actionLinks: (n: OutgoingNotification) => signer.byAction(n.booking, n.recipient.id, n.role) }
    : {};
  if (!config.smtp) {
    return {
      notifier: new LogEmailNotifier(logger, publicUrlOf(config), actionLinks.actionLinks),
      name: 'log (SMTP_URL not set: emails are written to the log as JSON lines)',
    };
  }
  const notifier = new SmtpEmailNotifier({
    smtpUrl: config.smtp.url,
    from: config.smtp.from,
    publicUrl: publicUrlOf(config) ?? `http://${config.host}`,
    // The request email carries the mentor's review: history, red flags, calendar conflicts.
    review: (n) => workflow.bookings.review({ kind: 'platform' }, n.booking.id).catch(() => null),
    ...actionLinks,
  });
  return { notifier, name: `smtp (${new URL(config.smtp.url).host})` };
}

/** Opens the store (applying migrations) and wires the workflow, its ports, the effect worker and the scheduler. */
export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const ids = createIdGenerator(() => clock.now().getTime());
  const store = options.store ?? (await openStore(config.database.url, { migrate: true, clock, logger }));

  const meetings = config.zoom
    ? new ZoomMeetings({ ...config.zoom, clock })
    : new JitsiMeetings(config.jitsiBaseUrl ? { baseUrl: config.jitsiBaseUrl } : {});
  const refunds = config.stripe ? new StripeRefunds({ ...config.stripe, clock }) : new LedgerRefunds();
  const publicUrl = publicUrlOf(config);
  const icsLinks = options.linkSecret
    ? createIcsLinks({ secret: options.linkSecret, ...(publicUrl ? { publicUrl } : {}) })
    : null;
  const icsUrl = icsLinks ? { icsUrl: icsLinks.url } : {};
  const workflow = createWorkflow({
    store,
    clock,
    ids,
    busyTimes: [new ICalFeedBusyTimes({ clock, allowPrivateNetworks: config.allowPrivateCalendarUrls })],
    // Every fetch goes through the SSRF guard; this refuses the feeds it would refuse already when they are saved.
    checkCalendarUrl: calendarFeedUrlCheck({ allowPrivate: config.allowPrivateCalendarUrls }),
    meetingProvider: meetings.name,
    ...(publicUrl ? { publicUrl } : {}),
    ...icsUrl,
  });
  const actionTokens = options.actionKeys?.length ? createActionTokens(options.actionKeys) : null;
  const emailActions = actionTokens
    ? { tokens: actionTokens, signer: createActionLinkSigner(actionTokens, publicUrl) }
    : null;
  const email = options.notifier
    ? { notifier: options.notifier, name: 'custom' }
    : createNotifier(config, logger, workflow, emailActions?.signer ?? null);
  const ports: EffectPorts = {
    meetings,
    refunds,
    notifier: email.notifier,
    webhooks: new HttpWebhookSender({ clock }),
  };
  const worker = createEffectWorker({
    store,
    ports,
    clock,
    ids,
    logger: { warn: (msg, data) => logger.warn(msg, data), error: (msg, data) => logger.error(msg, data) },
    ...icsUrl,
  });
  const scheduler = createScheduler({
    workflow,
    intervalMs: options.schedulerIntervalMs ?? 30_000,
    clock,
    onError: (error, task) => logger.error(`scheduler ${task} failed`, { error }),
    // Housekeeping: idempotency records and finished effects past their retention, hourly.
    purge: {
      store,
      idempotencyRetentionMs: config.retention.idempotencyHours * HOUR_MS,
      effectRetentionMs: config.retention.effectDays * 24 * HOUR_MS,
    },
    onPurged: (purged) => {
      if (purged.idempotencyRecords > 0 || purged.effects > 0 || purged.actionTokenUses > 0)
        logger.info('purged expired records', { ...purged });
    },
  });

  return {
    store,
    workflow,
    ports,
    worker,
    scheduler,
    clock,
    ids,
    icsLinks,
    emailActions,
    integrations: {
      meetings: config.zoom ? 'zoom' : `jitsi (${config.jitsiBaseUrl ?? 'https://meet.jit.si'})`,
      refunds: config.stripe
        ? 'stripe'
        : 'ledger (STRIPE_SECRET_KEY not set: refunds are recorded, not paid out)',
      email: email.name,
    },
  };
}

/**
 * Creates or updates the webhook endpoint named by GREENLIGHT_WEBHOOK_URL, subscribed to every event and
 * signed with GREENLIGHT_WEBHOOK_SECRET, so a restart with new settings takes effect.
 */
export async function ensureWebhookEndpoint(
  runtime: Pick<Runtime, 'store' | 'ids' | 'clock'>,
  webhook: { url: string; secret: string },
): Promise<{ id: string; created: boolean }> {
  return runtime.store.transaction(async (tx) => {
    const events = [...WebhookEventType.options];
    const existing = (await tx.listWebhookEndpoints()).find((e) => e.url === webhook.url);
    if (existing) {
      await tx.updateWebhookEndpoint({
        ...existing,
        secret: webhook.secret,
        events,
        enabled: true,
        consecutiveFailures: 0,
      });
      return { id: existing.id, created: false };
    }
    const id = runtime.ids.id('whe');
    await tx.insertWebhookEndpoint({
      id,
      url: webhook.url,
      events,
      secret: webhook.secret,
      enabled: true,
      consecutiveFailures: 0,
      createdAt: runtime.clock.now().toISOString(),
    });
    return { id, created: true };
  });
}
