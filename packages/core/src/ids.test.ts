import { describe, expect, it } from 'vitest';
import { createIdGenerator } from './ids';

describe('createIdGenerator', () => {
  it('makes prefixed 26-character Crockford ids', () => {
    expect(createIdGenerator().id('bkg')).toMatch(/^bkg_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('sorts by creation time, also within one millisecond', () => {
    let now = 1_780_000_000_000;
    const ids = createIdGenerator(() => now);
    const made: string[] = [];
    for (let i = 0; i < 500; i++) {
      made.push(ids.id('eff'));
      if (i % 100 === 0) now++;
    }
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });

  it('encodes the time in the first ten characters', () => {
    const a = createIdGenerator(() => 0).id('evt');
    const b = createIdGenerator(() => 2 ** 48 - 1).id('evt');
    expect(a.slice(4, 14)).toBe('0000000000');
    expect(b.slice(4, 14)).toBe('7ZZZZZZZZZ');
  });
});
