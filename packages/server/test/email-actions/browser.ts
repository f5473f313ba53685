import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); another binary with GREENLIGHT_CHROMIUM. */
export const CHROMIUM = process.env.GREENLIGHT_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that work on a small, sandboxless CI machine with no network beyond loopback. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Chromium, or returns null when it is not installed, so the browser suites skip with a notice on a
 * developer machine. Under `CI=true` a missing Chromium is an error: the suite fails instead of skipping.
 */
export async function launchChromium(): Promise<Browser | null> {
  if (!existsSync(CHROMIUM)) {
    const message = `Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set GREENLIGHT_CHROMIUM)`;
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`${message}; skipping the browser tests`);
    return null;
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}
