import { existsSync } from 'node:fs';
import { playwright } from '@vitest/browser-playwright';
import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared';
import { apiProxy } from './test/api-proxy';

/**
 * The components in a real Chromium (Debian's `chromium`, driven by Playwright) against the real server.
 * Without Chromium the suite is skipped with a notice, except under CI=true, where it fails.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  const notice = `@greenlight/react browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${notice}; CI=true, so this fails instead of skipping`);
  console.warn(`\n!!! ${notice}: SKIPPED\n`);
}

export default defineProject({
  ...sourceResolution,
  // The global setup (the real server) runs in Vitest's own Node environment: it resolves workspace packages
  // to their sources like every other suite.
  environments: { __vitest__: { resolve: { conditions: ['@greenlight/source'] } } },
  plugins: [apiProxy()],
  test: {
    name: 'react-browser',
    include: haveChromium ? ['src/**/*.browser.test.tsx'] : [],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    // Changes made elsewhere show up at the next poll (400 ms in the tests) on a machine other suites load too.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath: CHROMIUM,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
