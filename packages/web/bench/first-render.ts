/**
 * `pnpm --filter @greenlight/web bench`: how long the pending page takes to first show a mentor's 200 pending
 * bookings, in Debian's Chromium against the real server, from navigation to the frame that paints the 200th
 * row with its mentee's name (a row still waiting for its name does not count); every run in a new browser
 * context (nothing cached). The baseline, measured in the same run and interleaved with it: the same 200 rows
 * as a bare static HTML list, served from this machine too. The ratio is what the app (its bundle, the API
 * calls, React, the components) costs over showing the rows at all.
 *
 *   --runs <n>         runs of each, default 9 (the medians are reported)
 *   --compare <dir>    also time another build of the app (e.g. an older commit's packages/web/dist), served by a
 *                      second server over the same data, interleaved with the rest
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
import { type AppHarness, hourFromNow, MIA, startApp } from '../test/harness';

/** Each row's name in the app. */
const ROW_NAME = '.gl-item__title';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '9' }, compare: { type: 'string' } },
});
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

/** Every mentee's name starts so; a row showing anything else there is still loading. */
const NAME_PREFIX = 'Mentee ';

/**
 * Milliseconds from navigation start to the frame after the page holds `rows` elements matching `selector`
 * (each row's name) that show a mentee's name.
 */
async function firstRender(browser: Browser, url: string, selector: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.addInitScript(
    ({ selector, rows, prefix }) => {
      const observer = new MutationObserver(() => {
        const names = document.querySelectorAll(selector);
        if (names.length < rows) return;
        for (const name of names) if (!name.textContent?.startsWith(prefix)) return;
        observer.disconnect();
        requestAnimationFrame(() => Object.assign(window, { renderedAt: performance.now() }));
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true });
    },
    { selector, rows: ROWS, prefix: NAME_PREFIX },
  );
  await page.goto(url);
  const handle = await page.waitForFunction(() => (window as { renderedAt?: number }).renderedAt, null, {
    timeout: 60_000,
  });
  const ms = (await handle.jsonValue()) as number;
  await context.close();
  return ms;
}

/** The mentees and their 200 pending bookings with Mia, the same on every server. */
async function seed(app: AppHarness, names: Map<string, string>, firstStart: number): Promise<Booking[]> {
  for (let i = 0; i < MENTEES; i++) {
    const id = `usr_bench_${String(i).padStart(2, '0')}`;
    const name = `${NAME_PREFIX}${String.fromCharCode(65 + i)}. Example`;
    names.set(id, name);
    await app.platform.users.put(id, { name, email: `${id}@example.com`, timezone: 'America/New_York' });
  }
  const created: Booking[] = [];
  for (let i = 0; i < ROWS; i++) {
    created.push(
      await app.book({
        menteeId: `usr_bench_${String(i % MENTEES).padStart(2, '0')}`,
        // One an hour from tomorrow on: no two overlap.
        start: new Date(firstStart + i * 3_600_000).toISOString(),
      }),
    );
  }
  return created;
}

const webAppDir = await buildApp();
const app = await startApp(webAppDir, { GREENLIGHT_WORKER: 'false' });
const other = values.compare ? await startApp(values.compare, { GREENLIGHT_WORKER: 'false' }) : null;
const baseline = createServer();
const browser = await launchChromium();
try {
  const names = new Map<string, string>();
  const firstStart = Date.parse(hourFromNow(1, 0));
  const created = await seed(app, names, firstStart);
  if (other) await seed(other, names, firstStart);
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
  const otherTimes: number[] = [];
  const baseTimes: number[] = [];
  // One of each first, not counted: Chromium's own first-launch work.
  await firstRender(browser, await app.signInUrl(MIA.id, '/pending'), ROW_NAME);
  if (other) await firstRender(browser, await other.signInUrl(MIA.id, '/pending'), ROW_NAME);
  await firstRender(browser, baselineUrl, 'li b');
  for (let run = 0; run < RUNS; run++) {
    appTimes.push(await firstRender(browser, await app.signInUrl(MIA.id, '/pending'), ROW_NAME));
    if (other)
      otherTimes.push(await firstRender(browser, await other.signInUrl(MIA.id, '/pending'), ROW_NAME));
    baseTimes.push(await firstRender(browser, baselineUrl, 'li b'));
  }

  /** Gzipped bytes of the build's files ending in `ext`: all of them, or only those `index.html` loads. */
  const gz = (dir: string, ext: string, firstPaintOnly = false) => {
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    return readdirSync(join(dir, 'assets'))
      .filter((f) => f.endsWith(ext) && (!firstPaintOnly || index.includes(`assets/${f}`)))
      .reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, 'assets', f)), { level: 9 }).byteLength, 0);
  };
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const appMs = median(appTimes);
  const baseMs = median(baseTimes);
  const line = (label: string, times: number[]) =>
    `${label.padEnd(34)} median ${median(times).toFixed(0).padStart(5)} ms   (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`;
  console.log(
    `First render of the pending page with ${ROWS} pending bookings (${MENTEES} mentees), ${RUNS} runs each, new context per run`,
  );
  console.log(line('app (/app/pending, real server)', appTimes));
  if (other) console.log(line('compared build (--compare)', otherTimes));
  console.log(line('baseline (static HTML, 200 rows)', baseTimes));
  console.log(`ratio app / baseline: ${(appMs / baseMs).toFixed(1)}`);
  if (other) {
    const otherMs = median(otherTimes);
    console.log(`ratio compared build / baseline: ${(otherMs / baseMs).toFixed(1)}`);
    console.log(`ratio app / compared build: ${(appMs / otherMs).toFixed(2)}`);
  }
  const sizes = (label: string, dir: string) =>
    console.log(
      `${label}: ${kib(gz(dir, '.js'))} JS in all (${kib(gz(dir, '.js', true))} loaded by index.html) + ${kib(gz(dir, '.css'))} CSS (gzip)`,
    );
  sizes('app bundle', webAppDir);
  if (values.compare) sizes('compared bundle', values.compare);
} finally {
  await browser.close();
  baseline.close();
  await other?.stop();
  await app.stop();
  rmSync(webAppDir, { recursive: true, force: true });
}
