/**
 * A program that uses every package the way an app that installed them would. `check-entrypoints.mjs`
 * compiles it with tsc (node16 as ESM and as CommonJS, bundler resolution) and bundles it with esbuild,
 * then runs each result from a directory whose node_modules holds the packed packages. Every step prints
 * one JSON line, `{ step, value }` or `{ step, error }`, and the checker asserts on them; a step that
 * throws does not stop the others.
 *
 * It imports packages only (no relative imports), so the same file is valid under every resolution mode.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, SqliteStore } from '@greenlight/adapters';
import { type BookingStore, type BookingView, createWorkflow, InMemoryStore } from '@greenlight/core';
import { CreateBookingBody } from '@greenlight/core/contract';
import { BookingReview, GreenlightProvider, PendingBookings } from '@greenlight/react';
import { Greenlight } from '@greenlight/sdk';
import { createApp } from '@greenlight/server';
import { bookingCard, createSlackBot, helpMessage } from '@greenlight/slack-bot';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';

const baseUrl = process.env.GREENLIGHT_URL ?? '';
const apiKey = process.env.GREENLIGHT_API_KEY ?? '';
/** Ids are unique per consumer: they all book against one server, and a mentor's slots must not overlap. */
const tag = process.env.CONSUMER ?? 'consumer';
const start = '2030-12-02T15:00:00Z';
const price = { amount: 5000, currency: 'USD' };

async function step(name: string, run: () => Promise<unknown>): Promise<void> {
  try {
    console.log(JSON.stringify({ step: name, value: await run() }));
  } catch (error) {
    console.log(JSON.stringify({ step: name, error: error instanceof Error ? error.stack : String(error) }));
  }
}

/** The README's embedding quickstart: two users, a request, the mentor's approval. */
async function requestAndApprove(store: BookingStore): Promise<BookingView> {
  const workflow = createWorkflow({ store, meetingProvider: 'jitsi' });
  const platform = { kind: 'platform' } as const;
  await workflow.users.put(platform, 'usr_mia', { name: 'Mia', email: 'mia@example.com', timezone: 'UTC' });
  await workflow.users.put(platform, 'usr_leo', { name: 'Leo', email: 'leo@example.com', timezone: 'UTC' });
  const booking = await workflow.bookings.request(platform, {
    mentorId: 'usr_mia',
    menteeId: 'usr_leo',
    start,
    durationMinutes: 60,
    price,
  });
  const mentor = { kind: 'user', userId: 'usr_mia' } as const;
  await workflow.bookings.approve(mentor, booking.id);
  return workflow.bookings.get(mentor, booking.id);
}

async function main(): Promise<void> {
  await step('@greenlight/core/contract', async () => {
    const valid = CreateBookingBody.safeParse({ mentorId: 'usr_a', start, durationMinutes: 60, price });
    const invalid = CreateBookingBody.safeParse({ mentorId: 'usr_a', start, durationMinutes: 5, price });
    return { valid: valid.success, invalidAt: invalid.error?.issues.map((issue) => issue.path.join('.')) };
  });

  let approved: BookingView | undefined;
  await step('@greenlight/core', async () => {
    approved = await requestAndApprove(new InMemoryStore());
    return { status: approved.status };
  });

  await step('@greenlight/adapters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'greenlight-consumer-'));
    try {
      const store = await openStore(join(dir, 'greenlight.db'));
      try {
        return { sqlite: store instanceof SqliteStore, status: (await requestAndApprove(store)).status };
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  await step('@greenlight/server', async () => {
    const store = new InMemoryStore();
    const app = createApp({
      workflow: createWorkflow({ store }),
      store,
      auth: {
        apiKey: 'consumer-platform-key-0123456789',
        jwtSecret: 'consumer-jwt-secret-0123456789abcdef0123',
      },
    });
    const response = await app.fetch(new Request('http://greenlight.test/healthz'));
    return { status: response.status, body: await response.json() };
  });

  await step('@greenlight/sdk', async () => {
    const greenlight = new Greenlight({ baseUrl, apiKey });
    const mentorId = `usr_mentor_${tag}`;
    const menteeId = `usr_mentee_${tag}`;
    await greenlight.users.put(mentorId, { name: 'Mia', email: 'mia@example.com', timezone: 'UTC' });
    await greenlight.users.put(menteeId, { name: 'Leo', email: 'leo@example.com', timezone: 'UTC' });
    const booking = await greenlight
      .as(menteeId)
      .bookings.create({ mentorId, start, durationMinutes: 60, price });
    const decided = await greenlight.as(mentorId).bookings.approve(booking.id);
    return { created: booking.status, approved: decided.status };
  });

  await step('@greenlight/slack-bot', async () => {
    const bot = createSlackBot({
      slackBotToken: 'xoxb-consumer',
      signingSecret: 'consumer-signing-secret',
      greenlight: { url: baseUrl, apiKey },
      webhookSecret: 'consumer-webhook-secret',
    });
    if (!approved) throw new Error('no booking to render: the @greenlight/core step failed');
    const card = bookingCard({ booking: approved, mentorSlackUserId: 'U_MIA' });
    return { start: typeof bot.start, cardText: card.text, helpBlocks: helpMessage().blocks.length };
  });

  await step('@greenlight/react', async () => {
    const html = renderToString(
      createElement(GreenlightProvider, {
        baseUrl,
        userId: `usr_react_${tag}`,
        getToken: () => 'no request is made while rendering on the server',
        children: [
          createElement(PendingBookings, { key: 'pending' }),
          createElement(BookingReview, { key: 'review', bookingId: 'bkg_consumer' }),
        ],
      }),
    );
    return {
      root: html.includes('class="gl-root'),
      title: html.includes('Pending bookings'),
      loading: html.includes('Loading…'),
    };
  });

  await step('@greenlight/sdk/jitless', async () => {
    // A side effect only (zod's jitless mode for the SDK's zod), kept by bundlers despite `sideEffects`.
    const jitless = await import('@greenlight/sdk/jitless');
    return { sideEffectOnly: Object.keys(jitless).every((key) => key === 'default') };
  });

  await step('@greenlight/react/styles.css', async () => {
    const resolve = createRequire(join(process.cwd(), 'consumer.js')).resolve;
    const css = readFileSync(resolve('@greenlight/react/styles.css'), 'utf8');
    return { layer: css.includes('@layer greenlight {') };
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
