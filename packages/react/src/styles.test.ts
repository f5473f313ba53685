import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** A selector list split at its own commas, not those inside `:is(…)`. */
function splitSelectors(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of list) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  return [...parts, current.trim()];
}

/** The stylesheet's top-level blocks, and the selectors of every rule inside `@layer greenlight`. */
function parse(source: string) {
  const topLevel: string[] = [];
  const selectors: string[] = [];
  let depth = 0;
  let prelude = '';
  for (const char of source) {
    if (char === '{') {
      const head = prelude.trim();
      if (depth === 0) topLevel.push(head);
      else if (depth === 1) selectors.push(...splitSelectors(head));
      depth++;
      prelude = '';
    } else if (char === '}') {
      depth--;
      prelude = '';
    } else if (char === ';' && depth <= 2) {
      prelude = '';
    } else prelude += char;
  }
  return { topLevel, selectors, balanced: depth === 0 };
}

describe('styles.css', () => {
  const { topLevel, selectors, balanced } = parse(css);

  it('is one `@layer greenlight` block, so the platform’s own styles always win', () => {
    expect(balanced).toBe(true);
    expect(topLevel).toEqual(['@layer greenlight']);
  });

  it('scopes every selector under .gl-root, the class on each component’s root: nothing reaches the page', () => {
    expect(selectors.length).toBeGreaterThan(20);
    const unscoped = selectors.filter((s) => !/^\.gl-root(?=$|[\s.:[])/.test(s));
    expect(unscoped).toEqual([]);
  });

  it('takes every colour, the radius, spacing and font from a --gl-* variable with a default', () => {
    const variables = [...css.matchAll(/var\((--gl-[\w-]+),/g)].map((m) => m[1]);
    expect(new Set(variables)).toEqual(
      new Set([
        '--gl-color-accent',
        '--gl-color-accent-text',
        '--gl-color-text',
        '--gl-color-muted',
        '--gl-color-surface',
        '--gl-color-subtle',
        '--gl-color-border',
        '--gl-color-danger',
        '--gl-color-warning',
        '--gl-color-warning-bg',
        '--gl-color-badge',
        '--gl-radius',
        '--gl-space',
        '--gl-font-family',
        '--gl-font-size',
      ]),
    );
  });
});
