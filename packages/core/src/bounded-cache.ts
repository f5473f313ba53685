/**
 * A cache that forgets its oldest entries past `limit`, for values that are costly to build (Intl formatters,
 * formatted times) and keyed by data from outside, which must not make it grow without end.
 */
export class BoundedCache<V> {
  readonly #entries = new Map<string, V>();

  constructor(readonly limit: number) {}

  /** The value under `key`, built by `create` on a miss; a `create` that throws caches nothing. */
  get(key: string, create: () => V): V {
    let value = this.#entries.get(key);
    if (value === undefined) {
      value = create();
      if (this.#entries.size >= this.limit) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(key, value);
    }
    return value;
  }

  get size(): number {
    return this.#entries.size;
  }
}
