import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Booking,
  type BookingStore,
  type Clock,
  createWorkflow,
  type Workflow,
  type WorkflowDeps,
} from '@greenlight/core';
import { PostgresStore } from '../postgres/postgres-store';
import { SqliteStore } from '../sqlite/sqlite-store';
import { pgTestDatabase } from './pg';

export const platform = { kind: 'platform' } as const;
export const asUser = (userId: string) => ({ kind: 'user', userId }) as const;

/** Two independent stores on one database: two connections to one SQLite file, or two PostgreSQL pools. */
export interface StorePair {
  a: BookingStore;
  b: BookingStore;
  /** Opens one more store on the same database. */
  open(): Promise<BookingStore>;
  /** Where the database is, for a child process: a SQLite path or a PostgreSQL URL with `?schema=`. */
  url: string;
  close(): Promise<void>;
}

export interface Backend {
  name: string;
  /** Null when the backend is not available here (PostgreSQL outside CI). */
  pair(clock?: Clock): Promise<StorePair | null>;
}

export const sqliteFile: Backend = {
  name: 'SQLite file, two connections',
  async pair(clock) {
    const dir = await mkdtemp(join(tmpdir(), 'greenlight-race-'));
    const path = join(dir, 'store.db');
    const open = () => SqliteStore.open(path, clock ? { clock } : {});
    const stores = [await open(), await open()];
    return {
      a: stores[0]!,
      b: stores[1]!,
      url: path,
      async open() {
        const store = await open();
        stores.push(store);
        return store;
      },
      async close() {
        for (const store of stores) await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

export const postgresPools: Backend = {
  name: 'PostgreSQL, two pools',
  async pair(clock) {
    const db = await pgTestDatabase();
    if (!db) return null;
    const open = () => PostgresStore.open(db.url, { schema: db.schema, max: 4, ...(clock ? { clock } : {}) });
    const stores = [await open(), await open()];
    const url = new URL(db.url);
    url.searchParams.set('schema', db.schema);
    return {
      a: stores[0]!,
      b: stores[1]!,
      url: url.toString(),
      async open() {
        const store = await open();
        stores.push(store);
        return store;
      },
      async close() {
        for (const store of stores) await store.close();
        await db.drop();
      },
    };
  },
};

/** Every backend a multi-connection test runs on. */
export const backends: readonly Backend[] = [sqliteFile, postgresPools];

export const MENTOR = 'usr_mentor';

/** The mentor plus `mentees` mentees, created through the workflow as the platform would. */
export async function seedUsers(workflow: Workflow, mentees = 1): Promise<string[]> {
  await workflow.users.put(platform, MENTOR, {
    name: 'Mia Mentor',
    email: 'mia@example.com',
    timezone: 'Europe/Berlin',
  });
  const ids = Array.from({ length: mentees }, (_, i) => `usr_mentee${i + 1}`);
  for (const id of ids) {
    await workflow.users.put(platform, id, {
      name: `Mentee ${id}`,
      email: `${id}@example.com`,
      timezone: 'UTC',
    });
  }
  return ids;
}

export function requestBooking(
  workflow: Workflow,
  menteeId: string,
  start = '2026-12-10T15:00:00.000Z',
): Promise<Booking> {
  // The platform books: it took the payment, and only it may attach one (each backs one booking).
  return workflow.bookings.request(platform, {
    mentorId: MENTOR,
    menteeId,
    start,
    durationMinutes: 60,
    price: { amount: 5000, currency: 'USD' },
    paymentRef: `pi_test_${menteeId}_${start}`,
    message: 'Could we go through my portfolio?',
  });
}

export function workflowOn(store: BookingStore, deps: Omit<WorkflowDeps, 'store'> = {}): Workflow {
  return createWorkflow({ ...deps, store });
}
