import type { Clock } from './ports';

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for tests, demos and simulations. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | string = new Date()) {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(at: Date | string): void {
    this.#ms = new Date(at).getTime();
  }
  /** Moves forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.#ms += ms;
  }
}
