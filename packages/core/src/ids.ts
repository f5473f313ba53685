import type { IdGenerator, IdPrefix } from './ports';

/** Crockford base32, as ULID uses: sorts the same as the numbers it encodes. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 16;

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

/** Random bytes fetched in bulk: a Web Crypto call costs more than the id it serves. */
const pool = new Uint8Array(RANDOM_CHARS * 256);
let pooled = 0;

function randomDigits(): number[] {
  if (pooled === 0) {
    crypto.getRandomValues(pool);
    pooled = pool.length;
  }
  pooled -= RANDOM_CHARS;
  return Array.from(pool.subarray(pooled, pooled + RANDOM_CHARS), (b) => b % 32);
}

/** Adds one to a base-32 digit string; within one millisecond this keeps ids strictly increasing. */
function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]! += 1;
      return next;
    }
    next[i] = 0;
  }
  return randomDigits();
}

/**
 * ULID-like ids behind a prefix (`bkg_01JF3…`): 48 bits of milliseconds then 80 random bits, monotonic
 * within a millisecond. Uses Web Crypto only, so it runs in Node, browsers and edge runtimes.
 */
export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  let lastMs = -1;
  let lastDigits: number[] = [];
  return {
    id(prefix: IdPrefix): string {
      const ms = now();
      lastDigits = ms <= lastMs ? increment(lastDigits) : randomDigits();
      lastMs = Math.max(ms, lastMs);
      return `${prefix}_${encodeTime(lastMs)}${lastDigits.map((d) => ALPHABET[d]).join('')}`;
    },
  };
}
