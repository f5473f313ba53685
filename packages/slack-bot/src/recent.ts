/**
 * A bounded, insertion-ordered map that forgets its oldest entries: the bot's only memory, and only an
 * optimisation. Losing it (a restart, another instance) is safe because every handler is idempotent against
 * the booking's state and every platform call carries an idempotency key.
 */
export class BoundedMap<K, V> {
  readonly #items = new Map<K, V>();
  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
  }

  get size(): number {
    return this.#items.size;
  }

  has(key: K): boolean {
    return this.#items.has(key);
  }

  get(key: K): V | undefined {
    return this.#items.get(key);
  }

  set(key: K, value: V): void {
    this.#items.delete(key);
    this.#items.set(key, value);
    while (this.#items.size > this.capacity) {
      const oldest = this.#items.keys().next().value as K;
      this.#items.delete(oldest);
    }
  }

  delete(key: K): void {
    this.#items.delete(key);
  }
}

/**
 * Runs a task once per key while the key is remembered: a duplicate that arrives while the first run is
 * in flight waits for it and shares its outcome; a failed run is forgotten so the next delivery retries it.
 */
export class OnceByKey {
  readonly #runs: BoundedMap<string, Promise<void>>;
  constructor(capacity: number) {
    this.#runs = new BoundedMap(capacity);
  }

  /** `true` when this call ran the task, `false` when it was a duplicate. */
  async run(key: string, task: () => Promise<void>): Promise<boolean> {
    const existing = this.#runs.get(key);
    if (existing) {
      await existing;
      return false;
    }
    const run = task();
    this.#runs.set(key, run);
    try {
      await run;
    } catch (error) {
      if (this.#runs.get(key) === run) this.#runs.delete(key);
      throw error;
    }
    return true;
  }
}

/**
 * Joins concurrent calls with the same key onto one run (a double click handled by this instance makes one
 * platform call); unlike `OnceByKey` it forgets the key as soon as the run ends.
 */
export class SingleFlight {
  readonly #inFlight = new Map<string, Promise<void>>();

  /** `true` when this call ran the task, `false` when it joined a run already in flight. */
  async run(key: string, task: () => Promise<void>): Promise<boolean> {
    const existing = this.#inFlight.get(key);
    if (existing) {
      await existing.catch(() => undefined);
      return false;
    }
    const run = task().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, run);
    await run;
    return true;
  }
}
