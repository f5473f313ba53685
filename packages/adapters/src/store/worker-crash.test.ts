import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Effect } from '@greenlight/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  asUser,
  backends,
  MENTOR,
  platform,
  requestBooking,
  type StorePair,
  seedUsers,
  workflowOn,
} from './testing/scenario';

const WORKER = fileURLToPath(new URL('./testing/worker-process.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Stripe, a mail service and a webhook receiver in one local HTTP server. Like Stripe, a repeated
 * Idempotency-Key gets the first refund back instead of a new one.
 */
class FakeOutsideWorld {
  readonly refunds = new Map<string, { id: string; requests: number }>();
  readonly emails: string[] = [];
  readonly webhooks: string[] = [];
  /** While set, the next refund is made and then never answered, as when the worker dies waiting. */
  hangNextRefund = true;
  readonly refundHung: Promise<void>;
  private signalHung!: () => void;
  private readonly server: Server;

  constructor() {
    this.refundHung = new Promise((resolve) => {
      this.signalHung = resolve;
    });
    this.server = createServer((req, res) => {
      void this.handle(req).then((answer) => {
        if (answer === 'hang') return;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
  }

  async listen(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<unknown> {
    for await (const _ of req) {
      // Drain the body; only the headers matter here.
    }
    const key = String(req.headers['idempotency-key'] ?? '');
    if (req.url === '/v1/refunds') {
      let refund = this.refunds.get(key);
      if (!refund) {
        refund = { id: `re_${this.refunds.size + 1}`, requests: 0 };
        this.refunds.set(key, refund);
      }
      refund.requests++;
      if (this.hangNextRefund) {
        this.hangNextRefund = false;
        this.signalHung();
        return 'hang';
      }
      return { id: refund.id, object: 'refund', status: 'succeeded' };
    }
    if (req.url === '/email') this.emails.push(key);
    else this.webhooks.push(String(req.headers['greenlight-event-id']));
    return { ok: true };
  }
}

function startWorker(env: Record<string, string>): ChildProcess {
  return fork(WORKER, {
    cwd: PACKAGE_DIR,
    execArgv: ['--conditions=@greenlight/source', '--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

async function exitOf(child: ChildProcess): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode;
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  return code ?? signal;
}

for (const backend of backends) {
  describe(`a worker process killed mid-effect: ${backend.name}`, () => {
    let pair: StorePair | null = null;
    let world: FakeOutsideWorld | null = null;
    const children: ChildProcess[] = [];

    afterEach(async () => {
      for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
      await world?.close();
      await pair?.close();
      pair = null;
    });

    it('is replaced by another that completes every effect, refunding exactly once', async () => {
      pair = await backend.pair();
      if (!pair) return;
      world = new FakeOutsideWorld();
      const baseUrl = await world.listen();
      const workflow = workflowOn(pair.a);
      const mentees = await seedUsers(workflow, 3);
      await workflow.webhookEndpoints.create(platform, {
        url: `${baseUrl}/hooks`,
        events: ['booking.rejected', 'booking.meeting_ready', 'booking.refunded'],
      });
      const day = (n: number) =>
        new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 13) + ':00:00.000Z';
      const [first, second, third] = [
        await requestBooking(workflow, mentees[0]!, day(10)),
        await requestBooking(workflow, mentees[1]!, day(11)),
        await requestBooking(workflow, mentees[2]!, day(12)),
      ];
      await workflow.bookings.reject(asUser(MENTOR), first!.id, { reason: 'Outside my expertise, sorry' });
      await workflow.bookings.reject(asUser(MENTOR), second!.id, { reason: 'Schedule conflict that week' });
      await workflow.bookings.approve(asUser(MENTOR), third!.id);

      const env = { GREENLIGHT_STORE_URL: pair.url, FAKE_BASE_URL: baseUrl, LEASE_MS: '1500' };
      const doomed = startWorker(env);
      children.push(doomed);
      await world.refundHung;
      doomed.kill('SIGKILL');
      expect(await exitOf(doomed)).toBe('SIGKILL');

      const successor = startWorker(env);
      children.push(successor);
      expect(await exitOf(successor)).toBe(0);

      const effects = await pair.a.transaction(async (tx) => {
        const all: Effect[] = [];
        for (const status of ['pending', 'dead', 'done'] as const) {
          all.push(...(await tx.listEffects({ status, limit: 100 })).data);
        }
        return all;
      });
      expect(effects.filter((e) => e.status !== 'done')).toEqual([]);

      const refundEffects = effects.filter((e) => e.payload.kind === 'refund');
      expect(refundEffects).toHaveLength(2);
      // Stripe made one refund per booking, though the interrupted one was asked for twice.
      expect([...world.refunds.keys()].sort()).toEqual(refundEffects.map((e) => e.idempotencyKey).sort());
      expect([...world.refunds.values()].map((r) => r.requests).sort()).toEqual([1, 2]);
      for (const booking of [first!, second!]) {
        const stored = await workflow.bookings.get(asUser(MENTOR), booking.id);
        const key = refundEffects.find((e) => e.bookingId === booking.id)!.idempotencyKey;
        expect(stored.refund).toMatchObject({ status: 'succeeded', id: world.refunds.get(key)!.id });
      }

      // Everything else arrived at least once.
      const emailKeys = effects.filter((e) => e.payload.kind === 'send_email').map((e) => e.idempotencyKey);
      expect(emailKeys.length).toBeGreaterThan(0);
      expect(emailKeys.filter((key) => !world!.emails.includes(key))).toEqual([]);
      const events = effects.flatMap((e) =>
        e.payload.kind === 'deliver_webhook' ? [e.payload.event.id] : [],
      );
      expect(events.length).toBeGreaterThanOrEqual(3);
      expect(events.filter((id) => !world!.webhooks.includes(id))).toEqual([]);
      const approved = await workflow.bookings.get(asUser(MENTOR), third!.id);
      expect(approved.meeting).toMatchObject({ provider: 'jitsi', status: 'ready' });
    }, 30_000);
  });
}
