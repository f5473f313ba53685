import type { BookingStore, IdempotencyRecord, StoreTx } from '@greenlight/core';
import { IdempotencyKeyReusedError } from '@greenlight/core';
import { HttpProblem } from './problem';

export interface StoredResponse {
  status: number;
  body: string;
}

export interface IdempotencyOptions {
  store: BookingStore;
  /**
   * How long a reservation holds without a sign of life before another request with the key may take over (its
   * holder crashed). A holder still running renews it every `heartbeatMs`, however long it takes.
   */
  leaseMs?: number;
  /** How often a running holder renews its reservation (a third of the lease). */
  heartbeatMs?: number;
  /** How long a duplicate waits for the first request to finish before it is told to retry. */
  waitMs?: number;
  pollMs?: number;
  now?: () => Date;
}

const IN_PROGRESS = 0;
/** Bounds the takeovers of one key; each needs a holder that crashed or failed with a 5xx. */
const MAX_GENERATIONS = 20;

const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

export function checkIdempotencyKey(key: string): void {
  if (!KEY_SHAPE.test(key)) {
    throw new HttpProblem(
      400,
      'validation_failed',
      'Idempotency-Key must be 1 to 255 visible ASCII characters',
      [{ path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }],
    );
  }
}

export async function requestHash(method: string, path: string, body: string): Promise<string> {
  const data = new TextEncoder().encode(`${method} ${path}\n${body}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `Idempotency-Key` semantics on top of the store's insert-only idempotency records, so they hold across
 * restarts and instances. Four record kinds per (scope, key):
 * - the result `(scope, key)`: the first response, replayed to every repeat;
 * - a reservation `(scope#lock, key#g)` inserted before running, so concurrent duplicates never both run;
 * - heartbeats `(scope#alive, key#g#n)` the holder inserts while it runs, so a slow request keeps its lease;
 * - a release `(scope#released, key#g)` when the holder failed with a 5xx (nothing stored, retry allowed).
 * A reservation that is released, or whose holder showed no life for a lease (it crashed), lets the next
 * generation `g + 1` take over.
 */
export function createIdempotency(options: IdempotencyOptions) {
  const { store } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? leaseMs / 3;
  const waitMs = options.waitMs ?? 5_000;
  const pollMs = options.pollMs ?? 25;
  const now = options.now ?? (() => new Date());

  const lockScope = (scope: string) => `${scope}#lock`;
  const releaseScope = (scope: string) => `${scope}#released`;
  /**
   * Heartbeats of a running holder, insert-only like the rest: `(scope#alive, key#g#b)` where `b` is the
   * heartbeat period the beat fell in. Named by time, a beat that failed leaves a gap nobody depends on.
   */
  const aliveScope = (scope: string) => `${scope}#alive`;
  const genKey = (key: string, g: number) => `${key}#${g}`;
  const period = (ms: number) => Math.floor(ms / heartbeatMs);
  const beatKey = (key: string, g: number, b: number) => `${genKey(key, g)}#${b}`;

  /** Whether the holder of generation `g` showed life within the lease: its reservation or a heartbeat. */
  async function alive(
    tx: StoreTx,
    scope: string,
    key: string,
    g: number,
    reserved: string,
  ): Promise<boolean> {
    const since = now().getTime() - leaseMs;
    if (Date.parse(reserved) > since) return true;
    // The periods that overlap the lease: about leaseMs / heartbeatMs reads, newest first.
    for (let b = period(now().getTime()); b >= period(since); b--) {
      const beat = await tx.getIdempotency(aliveScope(scope), beatKey(key, g, b));
      if (beat && Date.parse(beat.createdAt) > since) return true;
    }
    return false;
  }

  function replay(record: IdempotencyRecord, hash: string): StoredResponse {
    if (record.requestHash !== hash) throw new IdempotencyKeyReusedError();
    return { status: record.status, body: record.body };
  }

  type Attempt =
    | { kind: 'replay'; response: StoredResponse }
    | { kind: 'acquired'; generation: number }
    | { kind: 'busy' };

  /** One look at the key: a stored result, a reservation we now hold, or someone else's live reservation. */
  async function attempt(scope: string, key: string, hash: string): Promise<Attempt> {
    return store.transaction(async (tx) => {
      const result = await tx.getIdempotency(scope, key);
      if (result) return { kind: 'replay', response: replay(result, hash) };
      for (let g = 0; g < MAX_GENERATIONS; g++) {
        // Generations are taken in order, so a later one means this one was used (and its records purged since).
        if (await tx.getIdempotency(lockScope(scope), genKey(key, g + 1))) continue;
        const createdAt = now().toISOString();
        const reserved = await tx.putIdempotency({
          scope: lockScope(scope),
          key: genKey(key, g),
          requestHash: hash,
          status: IN_PROGRESS,
          body: '',
          createdAt,
        });
        if (reserved) return { kind: 'acquired', generation: g };
        const lock = await tx.getIdempotency(lockScope(scope), genKey(key, g));
        if (!lock) continue;
        if (lock.requestHash !== hash) throw new IdempotencyKeyReusedError();
        const released = await tx.getIdempotency(releaseScope(scope), genKey(key, g));
        if (released) continue;
        if (await alive(tx, scope, key, g, lock.createdAt)) return { kind: 'busy' };
      }
      throw new HttpProblem(
        409,
        'idempotency_key_reused',
        'this Idempotency-Key failed too many times; send the request with a new key',
      );
    });
  }

  return {
    /**
     * Runs `execute` at most once per (scope, key) among concurrent and repeated requests; repeats get the
     * stored response with `replayed: true`. Responses with status >= 500, and 429s, are not stored, so a retry
     * (after the server's trouble, or the rate limit's `Retry-After`) runs again.
     */
    async run(
      scope: string,
      key: string,
      hash: string,
      execute: () => Promise<StoredResponse>,
    ): Promise<StoredResponse & { replayed: boolean }> {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const outcome = await attempt(scope, key, hash);
        if (outcome.kind === 'replay') return { ...outcome.response, replayed: true };
        if (outcome.kind === 'acquired') {
          let response: StoredResponse;
          const stopBeating = heartbeat(scope, key, hash, outcome.generation);
          try {
            response = await execute();
          } catch (error) {
            await release(scope, key, hash, outcome.generation);
            throw error;
          } finally {
            stopBeating();
          }
          if (response.status >= 500 || response.status === 429) {
            await release(scope, key, hash, outcome.generation);
            return { ...response, replayed: false };
          }
          // Insert-only: if a takeover (after our lease ran out) stored first, its response stays the replay.
          await store.transaction((tx) =>
            tx.putIdempotency({
              scope,
              key,
              requestHash: hash,
              status: response.status,
              body: response.body,
              createdAt: now().toISOString(),
            }),
          );
          return { ...response, replayed: false };
        }
        if (Date.now() >= deadline) {
          throw new HttpProblem(
            409,
            'idempotency_key_in_use',
            'a request with this Idempotency-Key is still being processed; retry in a moment',
            undefined,
            { 'Retry-After': '1' },
          );
        }
        await sleep(pollMs);
      }
    },
  };

  /** Renews the reservation of a holder still running, so a slow request is not taken over; returns the stop. */
  function heartbeat(scope: string, key: string, hash: string, generation: number): () => void {
    let stopped = false;
    let beating: Promise<unknown> = Promise.resolve();
    const beat = async () => {
      if (stopped) return;
      const at = now();
      // A second beat in the same period finds the first there (false): nothing to do.
      await store.transaction((tx) =>
        tx.putIdempotency({
          scope: aliveScope(scope),
          key: beatKey(key, generation, period(at.getTime())),
          requestHash: hash,
          status: IN_PROGRESS,
          body: '',
          createdAt: at.toISOString(),
        }),
      );
    };
    const timer = setInterval(() => {
      // One beat at a time; a failed beat is only a missed sign of life, the next one counts.
      beating = beating.then(beat).catch(() => {});
    }, heartbeatMs);
    timer.unref?.();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }

  async function release(scope: string, key: string, hash: string, generation: number): Promise<void> {
    await store.transaction((tx) =>
      tx.putIdempotency({
        scope: releaseScope(scope),
        key: genKey(key, generation),
        requestHash: hash,
        status: IN_PROGRESS,
        body: '',
        createdAt: now().toISOString(),
      }),
    );
  }
}

export type Idempotency = ReturnType<typeof createIdempotency>;
