import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
}

/**
 * Sits between the bot and the platform: records every request the bot makes, and can hold the ones that match
 * a rule for a while, as a slow platform would. Tests talk to the platform directly, so only the bot's requests
 * are seen here.
 */
export class PlatformProxy {
  readonly requests: ProxiedRequest[] = [];
  #target: URL | undefined;
  #slow: { match: (request: ProxiedRequest) => boolean; ms: number } | undefined;
  #held: { match: (request: ProxiedRequest) => boolean; waiting: Array<() => void> } | undefined;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #server = createServer((req, res) => {
    const seen = { method: req.method ?? 'GET', path: req.url ?? '/' };
    this.requests.push(seen);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const forward = () => {
        const target = this.#target;
        if (!target) return res.writeHead(502).end();
        const upstream = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => {
          if (!res.headersSent) res.writeHead(502).end();
        });
        upstream.end(Buffer.concat(chunks));
      };
      const held = this.#held;
      if (held?.match(seen)) {
        held.waiting.push(() => {
          if (!res.destroyed) forward();
        });
        return;
      }
      const slow = this.#slow;
      if (!slow?.match(seen)) return forward();
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        if (!res.destroyed) forward();
      }, slow.ms);
      this.#timers.add(timer);
    });
  });

  url = '';

  async start(): Promise<this> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** Points the proxy at the platform; returns the URL the bot should use instead. */
  to(platformUrl: string): string {
    this.#target = new URL(platformUrl);
    return this.url;
  }

  /** Holds every request `match` accepts for `ms` before forwarding it; `undefined` forwards all at once again. */
  slow(rule: { match: (request: ProxiedRequest) => boolean; ms: number } | undefined): void {
    this.#slow = rule;
  }

  /**
   * Holds every request `match` accepts until the returned `release` forwards them (and stops holding), as a
   * platform that has not answered yet: tests assert what happens meanwhile without betting on a duration.
   */
  hold(match: (request: ProxiedRequest) => boolean): { held: () => number; release: () => void } {
    const rule = { match, waiting: [] as Array<() => void> };
    this.#held = rule;
    return {
      held: () => rule.waiting.length,
      release: () => {
        if (this.#held === rule) this.#held = undefined;
        for (const forward of rule.waiting.splice(0)) forward();
      },
    };
  }

  async stop(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
