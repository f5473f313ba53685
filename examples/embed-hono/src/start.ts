import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { CUSTOMER, MENTORS } from './catalog';
import { createGreenlight, type EmbeddedGreenlight, type GreenlightOptions } from './greenlight';
import { ShopPayments } from './payments';
import { createShop } from './shop';

export interface ShopOptions extends GreenlightOptions {
  port: number;
  host?: string;
}

export interface RunningShop {
  url: string;
  greenlight: EmbeddedGreenlight;
  payments: ShopPayments;
  stop(): Promise<void>;
}

/** Opens Greenlight, copies the shop's people into it, serves the shop and starts the background work. */
export async function startShop(options: ShopOptions): Promise<RunningShop> {
  const greenlight = await createGreenlight(options);
  try {
    // The shop owns its users; Greenlight needs their names, emails and time zones (an upsert, so restarts are fine).
    for (const { id, name, email, timezone } of [...MENTORS, CUSTOMER]) {
      await greenlight.workflow.users.put({ kind: 'platform' }, id, { name, email, timezone });
    }
  } catch (error) {
    await greenlight.stop();
    throw error;
  }
  const payments = new ShopPayments();
  const app = createShop(greenlight, payments);
  const host = options.host ?? '127.0.0.1';
  const server = serve({ fetch: app.fetch, port: options.port, hostname: host });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  greenlight.start();

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    greenlight,
    payments,
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        if ('closeIdleConnections' in server) server.closeIdleConnections();
        await closed;
        await greenlight.stop();
      })();
      return stopping;
    },
  };
}
