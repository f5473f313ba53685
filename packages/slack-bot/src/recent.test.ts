import { describe, expect, it } from 'vitest';
import { BoundedMap, OnceByKey, SingleFlight } from './recent';

describe('BoundedMap', () => {
  it('forgets the oldest entries beyond its capacity', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3);
    map.set('c', 4);
    expect(map.has('b')).toBe(false);
    expect(map.get('a')).toBe(3);
    expect(map.size).toBe(2);
  });
});

describe('OnceByKey', () => {
  it('runs a key once; a concurrent duplicate waits for the first run', async () => {
    const once = new OnceByKey(10);
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const first = once.run('evt_1', async () => {
      runs++;
      await gate;
    });
    let duplicateDone = false;
    const second = once
      .run('evt_1', async () => {
        runs++;
      })
      .then((ran) => {
        duplicateDone = true;
        return ran;
      });
    await Promise.resolve();
    expect(duplicateDone).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(await second).toBe(false);
    expect(await once.run('evt_1', async () => void runs++)).toBe(false);
    expect(runs).toBe(1);
  });

  it('forgets a failed run so a redelivery is handled', async () => {
    const once = new OnceByKey(10);
    await expect(once.run('evt_1', async () => Promise.reject(new Error('slack down')))).rejects.toThrow(
      'slack down',
    );
    let ran = false;
    const retried = await once.run('evt_1', async () => {
      ran = true;
    });
    expect(retried).toBe(true);
    expect(ran).toBe(true);
  });
});

describe('SingleFlight', () => {
  it('joins concurrent calls and forgets the key afterwards', async () => {
    const flight = new SingleFlight();
    let runs = 0;
    const task = async () => {
      runs++;
      await new Promise((r) => setImmediate(r));
    };
    const results = await Promise.all([flight.run('k', task), flight.run('k', task)]);
    expect(results.sort()).toEqual([false, true]);
    expect(runs).toBe(1);
    expect(await flight.run('k', task)).toBe(true);
    expect(runs).toBe(2);
  });
});
