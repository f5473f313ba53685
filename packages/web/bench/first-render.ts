/**
 * `pnpm --filter @greenlight/web bench`: how long the pending page takes to first show a mentor's 200 pending
 * bookings, in Debian's Chromium against the real server, from navigation to the frame that paints the 200th
 * row; every run in a new browser context (nothing cached). The baseline, measured in the same run and
 * interleaved with it: the same 200 rows as a bare static HTML list, served from this machine too. The ratio
 * is what the app (its bundle, the API calls, React, the components) costs over showing the rows at all.
 *
 *   --runs <n>    runs of each, default 9 (the medians are reported)
 */

import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Booking } from '@greenlight/sdk';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../testing/browser';
import { buildApp } from '../test/build-app';
import { hourFromNow, MIA, startApp } from '../test/harness';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const RUNS = Number(values.runs);
const ROWS = 200;
const MENTEES = 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const html = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The same rows with nothing but HTML: mentee, time in the mentor's zone, duration, price, respond-by. */
function staticList(bookings: Booking[], names: Map<string, string>): string {
  const time = new Intl.DateTimeFormat('en-US', {
    timeZone: MIA.timezone,
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const rows = bookings
    .map(
      (b) =>
        `<li><p><b>${html(names.get(b.menteeId) ?? '')}</b></p><p>${time.format(new Date(b.start))} · ${b.durationMinutes} min · $${(b.price.amount / 100).toFixed(2)}</p><p>Respond by ${time.format(new Date(b.respondBy))}</p><button type="button">Review</button></li>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pending bookings</title></head><body><main><h1>Pending bookings</h1><ul>${rows}</ul></main></body></html>`;
}

/** Milliseconds from navigation start to the frame after the page holds `rows` elements matching `selector`. */
async function firstRender(browser: Browser, url: string, selector: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.addInitScript(
    ({ selector, rows }) => {
      const observer = new MutationObserver(() => {
        if (document.querySelectorAll(selector).length < rows) return;
        observer.disconnect();
        requestAnimationFrame(() => Object.assign(window, { renderedAt: performance.now() }));
      });
      observer.observe(document, { childList: true, subtree: true });
    },
    { selector, rows: ROWS },
  );
  await page.goto(url);
  const handle = await page.waitForFunction(() => (window as { renderedAt?: number }).renderedAt, null, {
    timeout: 60_000,
  });
  const ms = (await handle.jsonValue()) as number;
  await context.close();
  return ms;
}

const webAppDir = await buildApp();
const app = await startApp(webAppDir, { GREENLIGHT_WORKER: 'false' });
const baseline = createServer();
const browser = await launchChromium();
try {
  const names = new Map<string, string>();
  for (let i = 0; i < MENTEES; i++) {
    const id = `usr_bench_${String(i).padStart(2, '0')}`;
    const name = `Mentee ${String.fromCharCode(65 + i)}. Example`;
    names.set(id, name);
    await app.platform.users.put(id, { name, email: `${id}@example.com`, timezone: 'America/New_York' });
  }
  const created: Booking[] = [];
  for (let i = 0; i < ROWS; i++) {
    created.push(
      await app.book({
        menteeId: `usr_bench_${String(i % MENTEES).padStart(2, '0')}`,
        // One an hour from tomorrow on: no two overlap.
        start: new Date(Date.parse(hourFromNow(1, 0)) + i * 3_600_000).toISOString(),
      }),
    );
  }
  const html = staticList(
    [...created].sort((a, b) => a.respondBy.localeCompare(b.respondBy)),
    names,
  );
  baseline.on('request', (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));
  const baselineUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}/`;

  const appTimes: number[] = [];
  const baseTimes: number[] = [];
  // One of each first, not counted: Chromium's own first-launch work.
  await firstRender(browser, await app.signInUrl(MIA.id, '/pending'), '.gl-item');
  await firstRender(browser, baselineUrl, 'li');
  for (let run = 0; run < RUNS; run++) {
    appTimes.push(await firstRender(browser, await app.signInUrl(MIA.id, '/pending'), '.gl-item'));
    baseTimes.push(await firstRender(browser, baselineUrl, 'li'));
  }

  const assets = readdirSync(join(webAppDir, 'assets'));
  const gz = (ext: string) =>
    assets
      .filter((f) => f.endsWith(ext))
      .reduce(
        (sum, f) => sum + gzipSync(readFileSync(join(webAppDir, 'assets', f)), { level: 9 }).byteLength,
        0,
      );
  const appMs = median(appTimes);
  const baseMs = median(baseTimes);
  const line = (label: string, times: number[]) =>
    `${label.padEnd(34)} median ${median(times).toFixed(0).padStart(5)} ms   (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`;
  console.log(
    `First render of the pending page with ${ROWS} pending bookings (${MENTEES} mentees), ${RUNS} runs each, new context per run`,
  );
  console.log(line('app (/app/pending, real server)', appTimes));
  console.log(line('baseline (static HTML, 200 rows)', baseTimes));
  console.log(`ratio app / baseline: ${(appMs / baseMs).toFixed(1)}`);
  console.log(
    `app bundle: ${(gz('.js') / 1024).toFixed(1)} KiB JS + ${(gz('.css') / 1024).toFixed(1)} KiB CSS (gzip)`,
  );
} finally {
  await browser.close();
  baseline.close();
  await app.stop();
  rmSync(webAppDir, { recursive: true, force: true });
}
