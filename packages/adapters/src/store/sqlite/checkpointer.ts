import { Worker } from 'node:worker_threads';

/**
 * The checkpointer thread, as CommonJS source run with `eval`: it needs no file of its own next to the built
 * bundle, and no loader for the TypeScript sources in tests. Every `intervalMs`, and when asked to drain, it
 * copies what the WAL holds into the database file (PASSIVE: it never waits for, nor blocks, the writer) and
 * reports how many frames the WAL holds and how many are copied.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.path, { timeout: 0 });
db.exec('PRAGMA synchronous = ' + workerData.synchronous);
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const checkpoint = (drained) => {
  try {
    // all(), not get(): the statement runs to its end and holds nothing once it returns.
    const [{ log, checkpointed }] = passive.all();
    parentPort.postMessage({ log, checkpointed, drained });
  } catch (error) {
    // Busy or locked (another process checkpointing): the next tick tries again.
    if (drained) parentPort.postMessage({ log: -1, checkpointed: -1, drained });
  }
};
const timer = setInterval(() => checkpoint(false), workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'drain') return checkpoint(true);
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

const DRAIN_TIMEOUT_MS = 1000;

export interface CheckpointerOptions {
  synchronous: 'NORMAL' | 'FULL';
  /** How often the thread checkpoints (default 100 ms). */
  intervalMs?: number;
}

/** What a checkpoint found: frames in the WAL, and how many of them are in the database file now. */
export interface CheckpointReport {
  log: number;
  checkpointed: number;
}

export interface Checkpointer {
  /**
   * A checkpoint now, to completion unless another process writes meanwhile (the caller holds its own
   * writes); after a second without an answer, resolves with -1s and lets the caller go on.
   */
  drain(): Promise<CheckpointReport>;
  /** Stops the thread and closes its connection; resolves once it has exited. */
  stop(): Promise<void>;
}

interface Message extends CheckpointReport {
  drained: boolean;
}

/**
 * Checkpoints the WAL of the SQLite file at `path` from a worker thread with its own connection, so that
 * the copy into the database file and its fsync happen off the event loop rather than inside whichever
 * COMMIT crossed `wal_autocheckpoint`. The caller turns automatic checkpoints off on its own connection, holds
 * its writes now and then for a `drain`, and turns them back on if `onExit` reports that the thread stopped by
 * itself (it could not open the file, or failed). The thread keeps the process alive only while a drain waits.
 */
export function startCheckpointer(
  path: string,
  options: CheckpointerOptions,
  handlers: { onCheckpoint?(report: CheckpointReport): void; onExit(error: Error): void },
): Checkpointer {
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: { path, synchronous: options.synchronous, intervalMs: options.intervalMs ?? 100 },
  });
  let stopping = false;
  let failure: Error | undefined;
  const drains: Array<(report: CheckpointReport) => void> = [];
  worker.on('message', ({ log, checkpointed, drained }: Message) => {
    if (drained) {
      drains.shift()?.({ log, checkpointed });
      if (drains.length === 0 && !stopping) worker.unref();
    }
    if (log >= 0) handlers.onCheckpoint?.({ log, checkpointed });
  });
  worker.on('error', (error) => {
    failure = error;
  });
  // After the listeners: adding a 'message' listener refs the worker's port again.
  worker.unref();
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      for (const waiting of drains.splice(0)) waiting({ log: -1, checkpointed: -1 });
      if (!stopping) handlers.onExit(failure ?? new Error('the SQLite checkpointer thread exited'));
      resolve();
    });
  });
  return {
    drain() {
      return new Promise((resolve) => {
        // A thread that does not answer (stuck on the disk) holds the writes up for a second at most.
        const timer = setTimeout(() => resolve({ log: -1, checkpointed: -1 }), DRAIN_TIMEOUT_MS);
        drains.push((report) => {
          clearTimeout(timer);
          resolve(report);
        });
        // Someone waits for the answer: the process must not exit before it comes.
        worker.ref();
        worker.postMessage('drain');
      });
    },
    async stop() {
      stopping = true;
      // Kept alive until it has closed its connection, even if nothing else keeps the process running.
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
