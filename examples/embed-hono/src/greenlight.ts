import {
  calendarFeedUrlCheck,
  HttpWebhookSender,
  ICalFeedBusyTimes,
  JitsiMeetings,
  LedgerRefunds,
  openStore,
} from '@greenlight/adapters';
import {
  type BookingStore,
  createEffectWorker,
  createScheduler,
  createWorkflow,
  type Workflow,
} from '@greenlight/core';
import {
  createApp,
  createIcsLinks,
  createJsonLogger,
  deriveLinkSecret,
  type GreenlightApp,
} from '@greenlight/server';
import { ShopMailer } from './mailer';

export interface GreenlightOptions {
  /** `postgres://…?schema=greenlight`: Greenlight keeps its tables in their own schema of the shop's database. */
  databaseUrl: string;
  /** The platform key for the mounted HTTP API (the shop's other services, the Slack bot…). */
  apiKey: string;
  /** Signs user JWTs, for browsers that call the mounted API directly. */
  jwtSecret: string;
  /** Where the API is reachable from outside, e.g. `https://shop.example.com/greenlight` (calendar `.ics` links). */
  publicUrl?: string;
  /**
   * Signs bookings' `.ics` links so they open from an email or a calendar app without credentials
   * (derived from `jwtSecret` when not given, as the standalone server does).
   */
  linkSecret?: string;
  log: (line: string) => void;
  /** How often the effect worker looks for meetings, emails, refunds and webhooks to carry out (250 ms). */
  workerIntervalMs?: number;
}

export interface EmbeddedGreenlight {
  store: BookingStore;
  /** Call it directly from the shop's own routes, with the actor the shop has authenticated. */
  workflow: Workflow;
  /** The HTTP API as a fetch handler, to mount under a prefix. */
  api: GreenlightApp;
  /** Starts the effect worker and the deadline sweeps (reminders, expiry with refund, completion). */
  start(): void;
  stop(): Promise<void>;
}

/**
 * Greenlight wired from its parts: a PostgreSQL store, the workflow, the ports the effect worker calls (Jitsi
 * meetings, a refund ledger, the shop's own mailer, signed webhooks) and the HTTP API over the same workflow.
 */
export async function createGreenlight(options: GreenlightOptions): Promise<EmbeddedGreenlight> {
  const { log } = options;
  const store = await openStore(options.databaseUrl); // applies Greenlight's migrations to its schema
  const meetings = new JitsiMeetings();
  // `.ics` links carry a signed token: the workflow and the worker sign them, the API checks them.
  const icsLinks = createIcsLinks({
    secret: options.linkSecret ?? deriveLinkSecret(options.jwtSecret),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  const workflow = createWorkflow({
    store,
    busyTimes: [new ICalFeedBusyTimes()], // mentors' calendar feeds, checked for conflicts
    checkCalendarUrl: calendarFeedUrlCheck(), // a feed on a private address is refused when saved, not just when read
    meetingProvider: meetings.name,
    icsUrl: icsLinks.url,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  const worker = createEffectWorker({
    store,
    icsUrl: icsLinks.url,
    ports: {
      meetings,
      refunds: new LedgerRefunds({
        record: (entry) => log(`💸 refund ${entry.amount / 100} ${entry.currency} of ${entry.paymentRef}`),
      }),
      notifier: new ShopMailer(log, options.publicUrl),
      webhooks: new HttpWebhookSender(),
    },
    logger: {
      warn: (message, data) => log(`greenlight worker: ${message} ${JSON.stringify(data ?? {})}`),
      error: (message, data) => log(`greenlight worker: ${message} ${JSON.stringify(data ?? {})}`),
    },
  });
  const scheduler = createScheduler({
    workflow,
    intervalMs: 30_000,
    // Hourly housekeeping: idempotency records after 24 h, finished effects after 30 days.
    purge: { store },
    onError: (error, task) => log(`greenlight scheduler ${task}: ${String(error)}`),
  });
  const api = createApp({
    workflow,
    store,
    auth: { apiKey: options.apiKey, jwtSecret: options.jwtSecret },
    logger: createJsonLogger({ level: 'warn', write: log }),
    icsLinks,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });

  return {
    store,
    workflow,
    api,
    start() {
      worker.start(options.workerIntervalMs ?? 250);
      scheduler.start();
    },
    async stop() {
      await Promise.all([worker.stop(), scheduler.stop()]);
      await store.close();
    },
  };
}
