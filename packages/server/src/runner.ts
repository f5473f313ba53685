import type { AddressInfo } from 'node:net';
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server';
import { createApp } from './app';
import type { Config } from './config';
import { demoSignIn, putDemoPeople, seedDemoBookings } from './demo/people';
import { createJsonLogger, type Logger } from './http/logger';
import type { DemoSignIn } from './routes/web-app';
import { createRuntime, ensureWebhookEndpoint, type Runtime, type RuntimeOptions } from './runtime';
import { resolveSecrets, type Secrets } from './secrets';
import { loadWebAppAssets, webAppDir } from './web-app/assets';

export interface StartOptions
  extends Partial<
    Pick<RuntimeOptions, 'clock' | 'notifier' | 'workerIntervalMs' | 'schedulerIntervalMs' | 'store'>
  > {
  logger?: Logger;
  /** Where generated secrets are kept when the database is not a file (default the working directory). */
  cwd?: string;
  /** Stop gracefully on SIGINT / SIGTERM (default true). */
  handleSignals?: boolean;
  /** How long to wait for in-flight requests on shutdown before closing their connections (10 s). */
  drainTimeoutMs?: number;
  /** Human-readable startup lines (default: stderr). */
  print?: (line: string) => void;
  /** The web app's build to serve under `/app/` (default: `@greenlight/web`'s `dist/`). */
  webAppDir?: string;
  /**
   * With GREENLIGHT_DEMO on, give the demo mentor something to act on at startup (default true); `greenlight
   * demo` seeds them after its walkthrough instead.
   */
  seedDemoBookings?: boolean;
}

export interface RunningServer {
  /** Base URL the server listens on, e.g. `http://127.0.0.1:3000`. */
  url: string;
  port: number;
  runtime: Runtime;
  secrets: Secrets;
  /** Stops accepting, drains in-flight requests, stops the worker and scheduler, closes the store. Idempotent. */
  stop(): Promise<void>;
}

function defaultPrint(line: string): void {
  process.stderr.write(`${line}\n`);
}

function describeDatabase(config: Config): string {
  if (config.database.kind === 'postgres') {
    const url = new URL(config.database.url);
    return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
  }
  return config.database.kind === 'memory'
    ? 'in memory (data is lost on exit)'
    : `SQLite ${config.database.url}`;
}

function onSignals(stop: () => Promise<void>, logger: Logger): () => void {
  const handler = (signal: NodeJS.Signals) => {
    logger.info('shutting down', { signal });
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Stops the background loops, then closes the store; shared by `serve` and `worker`. */
async function stopRuntime(runtime: Runtime): Promise<void> {
  await Promise.all([runtime.worker.stop(), runtime.scheduler.stop()]);
  await runtime.store.close();
}

/**
 * The Node runner: opens the store (migrating it), wires the integrations, serves the API and runs the
 * effect worker and scheduler in-process unless the configuration turns them off.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger =
    options.logger ??
    createJsonLogger({ level: config.logLevel, write: (line) => process.stdout.write(`${line}\n`) });
  const print = options.print ?? defaultPrint;
  const secrets = resolveSecrets(config, options.cwd);
  const runtime = await createRuntime(config, {
    ...options,
    logger,
    linkSecret: secrets.linkSecret,
    actionKeys: secrets.actionKeys,
  });
  try {
    if (config.webhook) {
      const endpoint = await ensureWebhookEndpoint(runtime, config.webhook);
      logger.info('webhook endpoint ready', {
        endpointId: endpoint.id,
        url: config.webhook.url,
        created: endpoint.created,
      });
    }
  } catch (error) {
    await runtime.store.close();
    throw error;
  }

  const webDir = options.webAppDir ?? webAppDir();
  const assets = webDir ? loadWebAppAssets(webDir) : null;
  if (!assets) logger.warn('the web app is not built; /app/ says so', { dir: webDir });
  let demo: DemoSignIn | undefined;
  try {
    if (config.demo) {
      await putDemoPeople(runtime.workflow);
      if (options.seedDemoBookings ?? true) await seedDemoBookings(runtime.workflow, runtime.clock);
      demo = demoSignIn(runtime.workflow, secrets.jwtSecret, runtime.clock);
    }
  } catch (error) {
    await runtime.store.close();
    throw error;
  }

  const app = createApp({
    workflow: runtime.workflow,
    store: runtime.store,
    auth: { apiKey: secrets.apiKey, jwtSecret: secrets.jwtSecret },
    logger,
    ...(config.corsOrigins ? { cors: { origins: config.corsOrigins } } : {}),
    now: () => runtime.clock.now(),
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    ...(runtime.icsLinks ? { icsLinks: runtime.icsLinks } : {}),
    ...(runtime.emailActions ? { emailActions: runtime.emailActions } : {}),
    webApp: {
      assets,
      ...(config.appReturnUrl ? { returnUrl: config.appReturnUrl } : {}),
      ...(config.appPlatformName ? { platformName: config.appPlatformName } : {}),
      ...(demo ? { demo } : {}),
    },
  });

  // In-flight requests count until their response is written (the socket's response closes), not merely
  // until the handler returns, so a shutdown never cuts a response that is still being sent.
  let inflight = 0;
  let draining = false;
  let drained: (() => void) | undefined;
  const server = serve({
    fetch: (request: Request, bindings: HttpBindings | Http2Bindings) => {
      const outgoing = bindings.outgoing;
      inflight++;
      outgoing.once('close', () => {
        inflight--;
        if (inflight === 0) drained?.();
      });
      // Once draining, tell keep-alive clients to reconnect elsewhere instead of reusing this socket.
      if (draining && 'shouldKeepAlive' in outgoing) outgoing.shouldKeepAlive = false;
      return app.fetch(request);
    },
    port: config.port,
    hostname: config.host,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (error) {
    await stopRuntime(runtime);
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'EADDRINUSE'
        ? `PORT: ${config.host}:${config.port} is already in use; set PORT to another port`
        : `cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`,
    );
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;

  if (config.worker) runtime.worker.start(options.workerIntervalMs ?? 250);
  if (config.scheduler) runtime.scheduler.start();

  let stopping: Promise<void> | undefined;
  let removeSignals = () => {};
  const stop = () => {
    stopping ??= (async () => {
      removeSignals();
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      if (inflight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => {
            drained = resolve;
          }),
          new Promise<void>((resolve) => setTimeout(resolve, options.drainTimeoutMs ?? 10_000).unref()),
        ]);
      }
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
      await stopRuntime(runtime);
      logger.info('stopped');
    })();
    return stopping;
  };
  if (options.handleSignals ?? true) removeSignals = onSignals(stop, logger);

  print(`Greenlight API listening on ${url}  (docs ${url}/docs, OpenAPI ${url}/openapi.json)`);
  print(`  web app    ${assets ? `${url}/app/` : 'not built (run pnpm build)'}`);
  if (demo) {
    print(
      `  demo       sign in at ${url}/app/ as ${demo.users.map((u) => `${u.name} (${u.role})`).join(' or ')}; ` +
        'GREENLIGHT_DEMO lets anyone who reaches this server do so',
    );
    if (!/^(127\.|::1$|localhost$)/.test(config.host)) {
      logger.warn(
        'GREENLIGHT_DEMO is on and the server listens beyond loopback: anyone can sign in as the demo people',
        { host: config.host },
      );
    }
  }
  print(`  database   ${describeDatabase(config)}`);
  print(`  meetings   ${runtime.integrations.meetings}`);
  print(`  refunds    ${runtime.integrations.refunds}`);
  print(`  email      ${runtime.integrations.email}`);
  print(
    `  worker     ${config.worker ? 'on' : 'off (run `greenlight worker` separately)'}; scheduler ${config.scheduler ? 'on' : 'off'}`,
  );
  if (secrets.generated.includes('GREENLIGHT_API_KEY')) {
    print(
      `  API key    ${secrets.apiKey}  (generated for development, kept in ${secrets.file}; set GREENLIGHT_API_KEY to choose one)`,
    );
  }
  if (secrets.generated.includes('GREENLIGHT_JWT_SECRET')) {
    print(
      `  JWT secret generated for development, kept in ${secrets.file}; mint user tokens with \`greenlight token <userId>\``,
    );
  }
  logger.info('listening', { url, worker: config.worker, scheduler: config.scheduler });

  return { url, port, runtime, secrets, stop };
}

export interface RunningWorker {
  runtime: Runtime;
  stop(): Promise<void>;
}

/** The worker process of a split layout: the effect worker and the scheduler, no HTTP. */
export async function startWorker(config: Config, options: StartOptions = {}): Promise<RunningWorker> {
  const logger =
    options.logger ??
    createJsonLogger({ level: config.logLevel, write: (line) => process.stdout.write(`${line}\n`) });
  // The worker signs the `.ics` links and the email action links it makes (meeting ready, emails) with the
  // server's link secret and action keyring.
  const secrets = resolveSecrets(config, options.cwd);
  const runtime = await createRuntime(config, {
    ...options,
    logger,
    linkSecret: secrets.linkSecret,
    actionKeys: secrets.actionKeys,
  });
  if (!config.linkSecret && secrets.generated.includes('GREENLIGHT_JWT_SECRET')) {
    // Beside the server on one machine it reads the same file; anywhere else its links would not open.
    logger.warn(
      `the .ics and email action links this worker signs use the development JWT secret kept in ${secrets.file}; ` +
        'set GREENLIGHT_LINK_SECRET (or GREENLIGHT_JWT_SECRET) to the server’s value if the worker runs elsewhere',
    );
  }
  runtime.worker.start(options.workerIntervalMs ?? 250);
  runtime.scheduler.start();
  let stopping: Promise<void> | undefined;
  let removeSignals = () => {};
  const stop = () => {
    stopping ??= (async () => {
      removeSignals();
      await stopRuntime(runtime);
      logger.info('stopped');
    })();
    return stopping;
  };
  if (options.handleSignals ?? true) removeSignals = onSignals(stop, logger);
  (options.print ?? defaultPrint)(
    `Greenlight worker running on ${describeDatabase(config)}: effects and deadline sweeps`,
  );
  logger.info('worker started');
  return { runtime, stop };
}
