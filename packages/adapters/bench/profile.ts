/**
 * `pnpm bench:profile`: a CPU profile of `createWorkflow(...).bookings.approve` alone (seeding is not in it),
 * one approval after the other on a SQLite file (`--store postgres` for PostgreSQL), with the top frames by self
 * and by total time per approval. `--out approve.cpuprofile` keeps the profile: open it in Chrome DevTools
 * (Performance, load profile) or speedscope for the flame graph. On a loaded machine the sampled time includes
 * moments the process waited for a core; the shares are what to compare.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BookingStore, createWorkflow, ManualClock } from '@greenlight/core';
import { PostgresStore } from '../src/store/postgres/postgres-store';
import { SqliteStore } from '../src/store/sqlite/sqlite-store';
import { seed } from './approve';
import { profiled, topFrames } from './cpu-profile';
import { DATABASE_URL, dropSchema } from './lib';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    approvals: { type: 'string', default: '3000' },
    out: { type: 'string' },
    top: { type: 'string', default: '15' },
  },
});
const count = Number(values.approvals);
const clock = new ManualClock('2026-11-20T09:00:00.000Z');
const dir = await mkdtemp(join(tmpdir(), 'greenlight-profile-'));
const schema = `gl_profile_${Date.now().toString(36)}`;
const store: BookingStore =
  values.store === 'postgres'
    ? await PostgresStore.open(DATABASE_URL, { schema, clock })
    : // SQLite's own checkpoints, as in the approve bench.
      await SqliteStore.open(join(dir, 'profile.db'), { clock, checkpoints: 'inline' });
try {
  const workflow = createWorkflow({ store, clock });
  const ids = await seed(workflow, count);
  const mentors = await store.transaction(async (tx) => {
    const map = new Map<string, string>();
    for (const id of ids) map.set(id, (await tx.getBooking(id))!.mentorId);
    return map;
  });
  const started = performance.now();
  const { profile } = await profiled(async () => {
    for (const id of ids) await workflow.bookings.approve({ kind: 'user', userId: mentors.get(id)! }, id);
  }, values.out);
  const ms = performance.now() - started;
  const top = topFrames(profile, Number(values.top));
  const perApproval = (frameMs: number) => ((frameMs * 1000) / count).toFixed(1);
  console.log(
    `${values.store}: ${count} approvals in ${(ms / 1000).toFixed(2)} s (${((count / ms) * 1000).toFixed(0)}/s), ` +
      `${perApproval(top.totalMs)} µs sampled per approval`,
  );
  for (const [title, rows] of [
    ['self', top.self],
    ['total (self and callees)', top.inclusive],
  ] as const) {
    console.log(`\n| ${title}: µs per approval | share | frame |\n|---:|---:|---|`);
    for (const row of rows) {
      console.log(`| ${perApproval(row.ms)} | ${(row.share * 100).toFixed(1)}% | \`${row.frame}\` |`);
    }
  }
  if (values.out) console.log(`\nprofile written to ${values.out}`);
} finally {
  await store.close();
  if (values.store === 'postgres') await dropSchema(schema);
  await rm(dir, { recursive: true, force: true });
}
