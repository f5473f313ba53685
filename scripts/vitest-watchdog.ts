// A vitest reporter that makes a stuck test fail fast and name itself. A test that starves its worker's event
// loop never reaches its own timeout, so the limit lives here, in the main process: it names every file still
// running after GREENLIGHT_TEST_FILE_WARN_S seconds (default 120), and once the whole run has taken
// GREENLIGHT_TEST_TIME_LIMIT_S seconds (unset: no limit) it prints the files still running and exits 1.
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';

interface Running {
  startedAt: number;
  lastTest: string | null;
  warned: boolean;
}

function seconds(name: string, fallback: number | null): number | null {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number of seconds, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export class WatchdogReporter implements Reporter {
  readonly #running = new Map<string, Running>();
  readonly #warnAfterMs = (seconds('GREENLIGHT_TEST_FILE_WARN_S', 120) ?? 120) * 1000;
  readonly #limitMs = (seconds('GREENLIGHT_TEST_TIME_LIMIT_S', null) ?? 0) * 1000;
  #timer: NodeJS.Timeout | undefined;
  #root = '';

  onInit(vitest: Vitest) {
    this.#root = `${vitest.config.root}/`;
  }

  onTestRunStart() {
    const startedAt = Date.now();
    this.#timer = setInterval(() => this.#check(startedAt), 5_000);
    this.#timer.unref();
  }

  onTestModuleStart(module: TestModule) {
    this.#running.set(module.moduleId, { startedAt: Date.now(), lastTest: null, warned: false });
  }

  onTestCaseReady(test: TestCase) {
    const running = this.#running.get(test.module.moduleId);
    if (running) running.lastTest = test.fullName;
  }

  onTestModuleEnd(module: TestModule) {
    this.#running.delete(module.moduleId);
  }

  onTestRunEnd() {
    clearInterval(this.#timer);
  }

  #describe(file: string, running: Running, now: number): string {
    const name = file.startsWith(this.#root) ? file.slice(this.#root.length) : file;
    const last = running.lastTest ? `; last test reported started: ${running.lastTest}` : '';
    return `  ${name}: running for ${Math.round((now - running.startedAt) / 1000)} s${last}`;
  }

  #check(startedAt: number) {
    const now = Date.now();
    for (const [file, running] of this.#running) {
      if (running.warned || now - running.startedAt < this.#warnAfterMs) continue;
      running.warned = true;
      process.stderr.write(
        `\nwatchdog: a test file is still running\n${this.#describe(file, running, now)}\n`,
      );
    }
    if (this.#limitMs === 0 || now - startedAt < this.#limitMs) return;
    const lines = [...this.#running].map(([file, running]) => this.#describe(file, running, now));
    process.stderr.write(
      `\nwatchdog: the test run passed its limit of ${this.#limitMs / 1000} s (GREENLIGHT_TEST_TIME_LIMIT_S); ` +
        `still running:\n${lines.join('\n') || '  (no file: the run is stuck between files)'}\n`,
    );
    process.exit(1);
  }
}
