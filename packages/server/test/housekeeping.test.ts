import { InMemoryStore, ManualClock } from '@greenlight/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import type { Logger } from '../src/http/logger';
import { createRuntime } from '../src/runtime';

const NOW = '2026-12-01T12:00:00.000Z';
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.parse(NOW) - ms).toISOString();

describe('housekeeping in the runtime', () => {
  it('purges with the retention the environment sets, and logs what it deleted', async () => {
    const clock = new ManualClock(NOW);
    const store = new InMemoryStore({ clock });
    const logged: Array<[string, unknown]> = [];
    const logger: Logger = {
      debug() {},
      info: (msg, fields) => logged.push([msg, fields]),
      warn() {},
      error: (msg, fields) => logged.push([msg, fields]),
    };
    const config = loadConfig({
      GREENLIGHT_DATABASE_URL: 'memory:',
      GREENLIGHT_IDEMPOTENCY_RETENTION_HOURS: '2',
      GREENLIGHT_EFFECT_RETENTION_DAYS: '1',
    });
    const runtime = await createRuntime(config, { logger, clock, store });
    const record = (key: string, createdAt: string) => ({
      scope: 'usr_mentee',
      key,
      requestHash: 'sha256:abc',
      status: 201,
      body: '{}',
      createdAt,
    });
    await store.transaction(async (tx) => {
      await tx.putIdempotency(record('three-hours', ago(3 * HOUR)));
      await tx.putIdempotency(record('one-hour', ago(HOUR)));
    });
    // A meeting created two days ago, and one created an hour ago.
    for (const [id, at] of [
      ['eff_old', ago(48 * HOUR)],
      ['eff_new', ago(HOUR)],
    ] as const) {
      clock.set(at);
      await store.transaction(async (tx) => {
        await tx.enqueueEffects([
          {
            id,
            idempotencyKey: `create_meeting:${id}`,
            payload: { kind: 'create_meeting', bookingId: `bkg_${id}` },
            runAt: at,
            maxAttempts: 8,
          },
        ]);
        const effect = await tx.getEffect(id);
        await tx.updateEffect({ ...effect!, status: 'done', attempts: 1 });
      });
    }
    clock.set(NOW);

    const round = await runtime.scheduler.runOnce();
    expect(round.purged).toEqual({ idempotencyRecords: 1, effects: 1, actionTokenUses: 0 });
    expect(logged).toEqual([
      ['purged expired records', { idempotencyRecords: 1, effects: 1, actionTokenUses: 0 }],
    ]);
    const left = await store.transaction(async (tx) => [
      await tx.getIdempotency('usr_mentee', 'three-hours'),
      await tx.getIdempotency('usr_mentee', 'one-hour'),
      await tx.getEffect('eff_old'),
      await tx.getEffect('eff_new'),
    ]);
    expect(left.map((found) => found !== null)).toEqual([false, true, false, true]);
    await store.close();
  });
});
