/**
 * A real effect-worker process for crash tests: opens the store named by GREENLIGHT_STORE_URL and runs the
 * outbox until nothing is left, refunding through Stripe's API and delivering webhooks and emails over HTTP,
 * all at FAKE_BASE_URL. The parent kills it mid-effect and starts another one.
 */
import {
  createEffectWorker,
  type EffectContext,
  type Notifier,
  type OutgoingNotification,
} from '@greenlight/core';
import { JitsiMeetings } from '../../meetings/jitsi';
import { StripeRefunds } from '../../refunds/stripe';
import { HttpWebhookSender } from '../../webhooks/http-sender';
import { openStore } from '../open-store';

const storeUrl = process.env.GREENLIGHT_STORE_URL!;
const fakeBaseUrl = process.env.FAKE_BASE_URL!;
const leaseMs = Number(process.env.LEASE_MS ?? 1000);

/** Email over HTTP to the fake mail service: enough to count deliveries by idempotency key. */
const notifier: Notifier = {
  async send(notification: OutgoingNotification, ctx: EffectContext) {
    const response = await fetch(`${fakeBaseUrl}/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': ctx.idempotencyKey },
      body: JSON.stringify({ kind: notification.kind, to: notification.recipient.email }),
    });
    if (!response.ok) throw new Error(`mail service answered ${response.status}`);
  },
};

const store = await openStore(storeUrl, { migrate: false });
const worker = createEffectWorker({
  store,
  ports: {
    meetings: new JitsiMeetings(),
    refunds: new StripeRefunds({ secretKey: 'sk_test_crash', apiUrl: fakeBaseUrl }),
    notifier,
    webhooks: new HttpWebhookSender(),
  },
  batchSize: 4,
  leaseMs,
  logger: { warn: () => undefined, error: (message, data) => console.error(message, data) },
});

for (;;) {
  const claimed = await worker.runOnce();
  if (claimed > 0) continue;
  const left = await store.transaction((tx) => tx.listEffects({ status: 'pending', limit: 1 }));
  if (left.data.length === 0) break;
  // Effects claimed by a dead worker come back when its lease lapses.
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await store.close();
process.send?.({ done: true });
