/**
 * Real Chromium for the browser suites: Debian's `chromium` package (`/usr/bin/chromium`, or `GREENLIGHT_CHROMIUM`)
 * driven by playwright-core, never a browser build of Playwright's own. One browser per test file, a new
 * context (cookies, storage, cache of its own) per test, so a file pays for one launch on a 2-core machine.
 * Without the binary a suite is skipped with a loud notice; under `CI=true` it fails instead.
 */
import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';

export type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.GREENLIGHT_CHROMIUM || '/usr/bin/chromium';

/** The flags that work on this kind of machine: no sandbox (root, containers), no GPU, no phoning home. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Null when the Chromium binary is there, else why the browser suites cannot run. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `${CHROMIUM_PATH} does not exist (apt-get install -y chromium, or set GREENLIGHT_CHROMIUM)`;
}

let warned = false;

/**
 * `describe` for a suite that needs Chromium. Without it the suite is skipped with a notice, or, under
 * `CI=true`, reported as one failing test: CI must never pass by skipping the browser.
 */
export function describeBrowser(name: string, body: () => void): void {
  const missing = chromiumMissing();
  if (missing === null) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      beforeAll(() => {
        throw new Error(`Chromium is required under CI=true: ${missing}`);
      });
      body();
    });
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(`\n⚠  Browser tests SKIPPED: ${missing}; under CI=true this is a failure.\n`);
  }
  describe.skip(name, body);
}

/**
 * Launches Chromium. Playwright gives every launch a fresh, temporary user-data-dir of its own (and deletes it
 * on close), so no profile, cache or service worker survives from one run to the next.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

export interface BrowserSession {
  /** The file's browser (launched in `beforeAll`). */
  readonly browser: Browser;
  /** A new context, closed after the current test. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a new context, closed after the current test. */
  page(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * Registers the file's browser: launched once before its tests, closed after them; every context made through
 * it is closed after the test that made it. Call at the top of a `describeBrowser` body.
 */
export function useBrowser(defaults: BrowserContextOptions = {}): BrowserSession {
  let browser: Browser | undefined;
  const open: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });
  const session: BrowserSession = {
    get browser() {
      if (!browser) throw new Error('the browser is launched in beforeAll; use it inside a test');
      return browser;
    },
    async context(options = {}) {
      const context = await session.browser.newContext({ ...defaults, ...options });
      open.push(context);
      return context;
    },
    async page(options = {}) {
      return (await session.context(options)).newPage();
    },
  };
  return session;
}

export interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * axe-core runs as a script in the page. A page opened without JavaScript (`javaScriptEnabled: false`, as a mail
 * app opens a link) cannot run it, so axe checks a copy of its HTML, under its URL (a `<base>`), in a scratch
 * context of the same browser that can.
 */
async function analyze(page: Page, configure: (builder: AxeBuilder) => AxeBuilder) {
  try {
    return await configure(new AxeBuilder({ page })).analyze();
  } catch (error) {
    if (!(error instanceof Error) || !/cannot run scripts/.test(error.message)) throw error;
  }
  const browser = page.context().browser();
  if (!browser) throw new Error('axe-core: the page runs no script and has no browser to copy it into');
  const scratch = await browser.newContext({ viewport: page.viewportSize() });
  try {
    const copy = await scratch.newPage();
    const base = `<base href="${page.url().replace(/"/g, '&quot;')}">`;
    await copy.setContent((await page.content()).replace(/<head([^>]*)>/i, `<head$1>${base}`));
    return await configure(new AxeBuilder({ page: copy })).analyze();
  } finally {
    await scratch.close();
  }
}

/**
 * axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA, best practices),
 * whether or not the page runs scripts.
 */
export async function seriousViolations(
  page: Page,
  options: { exclude?: string[] } = {},
): Promise<Violation[]> {
  const { violations } = await analyze(page, (axe) => {
    let builder = axe.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
    for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
    return builder;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/** Throws with every serious or critical violation listed, naming the page it was found on. */
export async function assertAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousViolations(page);
  if (violations.length === 0) return;
  const lines = violations.map(
    (v) => `  - [${v.impact}] ${v.id}: ${v.help}\n      ${v.nodes.join('\n      ')}`,
  );
  throw new Error(
    `axe-core: ${violations.length} serious or critical violation(s) on ${where}:\n${lines.join('\n')}`,
  );
}
