import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call (or response_url post) as the fake received it, JSON-valued fields parsed. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
}

/** A scripted answer: Slack's `{ ok: false, error }`, a 429 with Retry-After, or any body. */
export type Reply =
  | { error: string }
  | { status: 429; retryAfter: number }
  | { body: Record<string, unknown> };

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  threadTs?: string;
  /** Slack message metadata (`{ event_type, event_payload }`), when the poster sent some. */
  metadata?: unknown;
  /** Posted with `reply_broadcast`: also shown in the channel. */
  broadcast?: boolean;
}

/** A workspace the fake lets the app be installed in: `oauth.v2.access` with `code` grants it `token`. */
export interface Grant {
  code: string;
  team: { id: string; name: string };
  token: string;
  botUserId?: string;
  /** An org-wide install of this Enterprise Grid organization (`team` is then the installer's workspace). */
  enterprise?: { id: string; name: string };
  /**
   * Token rotation on: the install also answers this refresh token and `expires_in`, and `oauth.v2.access` with
   * `grant_type=refresh_token` exchanges a refresh token (once) for a new pair valid 12 hours.
   */
  rotation?: { refreshToken: string; expiresIn: number };
}

/** What `users.info` answers for a user: Slack's `user` object, in part. */
export interface FakeUser {
  deleted?: boolean;
  team_id?: string;
  enterprise_user?: { enterprise_id: string; teams: string[] };
}

/** Slack's errors for a bot token it no longer takes, as the fake answers every call made with it. */
type TokenState = 'token_expired' | 'token_revoked' | 'invalid_auth';

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata']);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return args;
}

/**
 * A local stand-in for Slack's Web API (`SLACK_API_URL` points at it): records every call, keeps the
 * messages it was asked to post and update (so tests can read the card as a user would see it), and answers
 * like Slack, including `{ ok: false, error }` and 429s when scripted.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** Messages as they stand: posted, updated, and not deleted. */
  readonly messages = new Map<string, StoredMessage>();
  /** Messages removed with `chat.delete`, as they were when deleted. */
  readonly deleted: StoredMessage[] = [];
  readonly homes = new Map<string, unknown>();
  readonly #scripted = new Map<string, Reply[]>();
  readonly #waiters = new Set<() => void>();
  readonly #barriers = new Map<string, { count: number; waiting: (() => void)[] }>();
  readonly #grants = new Map<string, Grant>();
  /** Grants whose code was exchanged: their tokens answer `auth.test` for their workspace. */
  readonly #issued = new Map<string, Grant>();
  /** Refresh tokens not spent yet, and the grant each belongs to. */
  readonly #refreshTokens = new Map<string, Grant>();
  /** Tokens Slack no longer takes, and what it answers instead. */
  readonly #tokenStates = new Map<string, TokenState>();
  readonly #users = new Map<string, FakeUser>();
  readonly #holds = new Map<string, Array<() => void>>();
  #rotations = 0;
  #server: Server | undefined;
  #seq = 0;
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    const { port } = this.#server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A `response_url` for slash commands and interactive payloads; posts to it are recorded as `response_url`. */
  responseUrl(id = 'r1'): string {
    return `${this.url}/response/${id}`;
  }

  async stop(): Promise<void> {
    if (!this.#server) return;
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server!.close(() => resolve()));
  }

  /**
   * Lets the app be installed in `grant.team`: the OAuth code Slack would hand the installer's browser, which
   * `oauth.v2.access` exchanges for the workspace's bot token (once, as Slack does).
   */
  grant(grant: Grant): void {
    this.#grants.set(grant.code, grant);
  }

  /** Forgets scripted answers, refused tokens, users and holds: a clean Slack for the next test. */
  reset(): void {
    this.#scripted.clear();
    this.#tokenStates.clear();
    this.#users.clear();
    this.#holds.clear();
  }

  /** Every call made with `token` from now on is answered with `error` (an expired, revoked or invalid token). */
  refuseToken(token: string, error: TokenState): void {
    this.#tokenStates.set(token, error);
  }

  /** What `users.info` says about `userId` (deactivated, their workspaces); by default an active member. */
  setUser(userId: string, user: FakeUser): void {
    this.#users.set(userId, user);
  }

  /**
   * Calls of `method` are carried out as they arrive and answered only once `release` is called, as a Slack that
   * has not answered yet: tests assert what happens meanwhile without betting on a duration.
   */
  hold(method: string): { held: () => number; release: () => void } {
    const waiting: Array<() => void> = [];
    this.#holds.set(method, waiting);
    return {
      held: () => waiting.length,
      release: () => {
        if (this.#holds.get(method) === waiting) this.#holds.delete(method);
        for (const answer of waiting.splice(0)) answer();
      },
    };
  }

  /** The next calls of `method` get these answers, in order, before the normal ones resume. */
  script(method: string, ...replies: Reply[]): void {
    this.#scripted.set(method, [...(this.#scripted.get(method) ?? []), ...replies]);
  }

  /**
   * The next `count` calls of `method` are carried out as they arrive but answered only once all `count` have
   * arrived, so that many callers stand at the same step together (two bot instances that each posted a card
   * and have not yet stored it), whatever the load on the machine.
   */
  barrier(method: string, count: number): void {
    this.#barriers.set(method, { count, waiting: [] });
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(`${channel}/${ts}`);
  }

  /** The live (not deleted) top-level messages in `channel`, oldest first: the cards a user sees there. */
  topLevel(channel: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channel === channel && m.threadTs === undefined);
  }

  /** Resolves once `predicate` holds over the recorded calls; rejects after `timeoutMs`. */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const now = predicate();
    if (now) return now;
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = predicate();
        if (value) {
          cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `FakeSlack.waitFor timed out; calls so far: ${this.calls.map((c) => c.method).join(', ')}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
    });
  }

  /** Waits until `count` calls of `method` were made. */
  waitForCalls(method: string, count = 1, timeoutMs?: number): Promise<SlackCall[]> {
    return this.waitFor(() => {
      const calls = this.callsOf(method);
      return calls.length >= count ? calls : undefined;
    }, timeoutMs);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    if (path.startsWith('/response/')) {
      this.#record({ method: 'response_url', args: JSON.parse(raw || '{}'), token });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const method = path.replace(/^\/api\//, '');
    const args = parseArgs(raw, req.headers['content-type']);
    const call: SlackCall = { method, args, token: token ?? (args.token as string | undefined) };
    const scripted = this.#scripted.get(method)?.shift();
    if (scripted && 'status' in scripted) {
      this.#record(call);
      res.writeHead(429, { 'retry-after': String(scripted.retryAfter), 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const body = scripted
      ? 'error' in scripted
        ? { ok: false, error: scripted.error }
        : scripted.body
      : this.#answer(call);
    this.#record(call);
    const hold = this.#holds.get(method);
    if (hold) await new Promise<void>((resolve) => hold.push(resolve));
    const barrier = this.#barriers.get(method);
    if (barrier) {
      await new Promise<void>((resolve) => {
        barrier.waiting.push(resolve);
        if (barrier.waiting.length < barrier.count) return;
        this.#barriers.delete(method);
        for (const release of barrier.waiting) release();
      });
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  /**
   * Token rotation: a refresh token is exchanged once for a new access token (12 hours) and a new refresh token;
   * spending it again is `invalid_refresh_token`, as on Slack.
   */
  #refresh(refreshToken: string): Record<string, unknown> {
    const granted = this.#refreshTokens.get(refreshToken);
    if (!granted) return { ok: false, error: 'invalid_refresh_token' };
    this.#refreshTokens.delete(refreshToken);
    this.#rotations += 1;
    const suffix = `${granted.team.id.toLowerCase()}-${this.#rotations}`;
    const next: Grant = {
      ...granted,
      token: `xoxe.xoxb-${suffix}`,
      code: `${granted.code}#${this.#rotations}`,
    };
    this.#issued.set(next.code, next);
    this.#refreshTokens.set(`xoxe-1-${suffix}`, next);
    return {
      ok: true,
      access_token: next.token,
      refresh_token: `xoxe-1-${suffix}`,
      expires_in: 43_200,
      token_type: 'bot',
      scope: 'chat:write,im:write,users:read,commands',
      bot_user_id: granted.botUserId ?? 'U0BOT',
      app_id: 'A0APP',
      team: granted.enterprise ? null : granted.team,
      enterprise: granted.enterprise ?? null,
      is_enterprise_install: Boolean(granted.enterprise),
    };
  }

  #record(call: SlackCall): void {
    this.calls.push(call);
    for (const waiter of [...this.#waiters]) waiter();
  }

  #answer({ method, args, token }: SlackCall): Record<string, unknown> {
    const refused = token ? this.#tokenStates.get(token) : undefined;
    if (refused && method !== 'oauth.v2.access') return { ok: false, error: refused };
    switch (method) {
      case 'auth.test': {
        const granted = [...this.#issued.values()].find((g) => g.token === token);
        return {
          ok: true,
          url: 'https://test.slack.com/',
          team: granted?.team.name ?? 'Test',
          user: 'greenlight',
          team_id: granted?.team.id ?? 'T0TEST',
          user_id: granted?.botUserId ?? 'U0BOT',
          bot_id: 'B0BOT',
        };
      }
      case 'oauth.v2.access': {
        if (args.grant_type === 'refresh_token') return this.#refresh(String(args.refresh_token ?? ''));
        // Slack's documented answer for a bot-only install of a workspace (no user token asked for).
        const granted = this.#grants.get(String(args.code ?? ''));
        if (!granted) return { ok: false, error: 'invalid_code' };
        this.#grants.delete(granted.code);
        this.#issued.set(granted.code, granted);
        if (granted.rotation) this.#refreshTokens.set(granted.rotation.refreshToken, granted);
        return {
          ok: true,
          access_token: granted.token,
          token_type: 'bot',
          scope: 'chat:write,im:write,users:read,commands',
          bot_user_id: granted.botUserId ?? 'U0BOT',
          app_id: 'A0APP',
          team: granted.enterprise ? null : granted.team,
          enterprise: granted.enterprise ?? null,
          is_enterprise_install: Boolean(granted.enterprise),
          authed_user: { id: 'U0INSTALLER' },
          ...(granted.rotation
            ? { refresh_token: granted.rotation.refreshToken, expires_in: granted.rotation.expiresIn }
            : {}),
        };
      }
      case 'users.info': {
        const id = String(args.user ?? '');
        if (!id) return { ok: false, error: 'user_not_found' };
        const issued = [...this.#issued.values()].find((g) => g.token === token);
        const user = this.#users.get(id) ?? {};
        return {
          ok: true,
          user: { id, team_id: issued?.team.id ?? 'T0TEST', deleted: false, is_bot: false, ...user },
        };
      }
      case 'conversations.open': {
        const users = String(args.users ?? '');
        if (!users) return { ok: false, error: 'users_list_not_supplied' };
        return { ok: true, channel: { id: `D${users.replace(/^U/, '')}` } };
      }
      case 'chat.postMessage': {
        const channel = String(args.channel);
        const ts = `1700000000.${String(++this.#seq).padStart(6, '0')}`;
        const stored: StoredMessage = {
          channel,
          ts,
          text: String(args.text ?? ''),
          blocks: (args.blocks as unknown[]) ?? [],
        };
        if (args.thread_ts) stored.threadTs = String(args.thread_ts);
        if (args.metadata) stored.metadata = args.metadata;
        if (args.reply_broadcast === true || args.reply_broadcast === 'true') stored.broadcast = true;
        this.messages.set(`${channel}/${ts}`, stored);
        return { ok: true, channel, ts, message: { text: stored.text, ts } };
      }
      case 'chat.update': {
        const key = `${String(args.channel)}/${String(args.ts)}`;
        const existing = this.messages.get(key);
        if (!existing) return { ok: false, error: 'message_not_found' };
        existing.text = String(args.text ?? '');
        existing.blocks = (args.blocks as unknown[]) ?? [];
        return { ok: true, channel: existing.channel, ts: existing.ts, text: existing.text };
      }
      case 'chat.delete': {
        // Slack: `{ ok, channel, ts }` of the deleted message; `message_not_found` when there is none (any more).
        const key = `${String(args.channel)}/${String(args.ts)}`;
        const existing = this.messages.get(key);
        if (!existing) return { ok: false, error: 'message_not_found' };
        this.messages.delete(key);
        this.deleted.push(existing);
        return { ok: true, channel: existing.channel, ts: existing.ts };
      }
      case 'conversations.history': {
        // Slack: the channel's top-level messages, newest first, up to `latest` (inclusive when asked);
        // metadata only with `include_all_metadata`.
        const latest = args.latest === undefined ? undefined : String(args.latest);
        const inclusive = args.inclusive === true || args.inclusive === 'true';
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const messages = this.topLevel(String(args.channel))
          .filter((m) => latest === undefined || (inclusive ? m.ts <= latest : m.ts < latest))
          .reverse()
          .slice(0, Number(args.limit ?? 100))
          .map((m) => ({
            type: 'message',
            ts: m.ts,
            text: m.text,
            blocks: m.blocks,
            bot_id: 'B0BOT',
            ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
          }));
        return { ok: true, messages, has_more: false };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1700000001.${String(++this.#seq).padStart(6, '0')}` };
      case 'views.open':
      case 'views.update':
      case 'views.push':
        return {
          ok: true,
          view: { ...(args.view as object), id: String(args.view_id ?? `V${++this.#seq}`) },
        };
      case 'views.publish':
        this.homes.set(String(args.user_id), args.view);
        return { ok: true, view: { ...(args.view as object), id: `VH${++this.#seq}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
