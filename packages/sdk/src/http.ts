import { fieldErrors } from '@greenlight/core/contract';
import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import type { z } from 'zod';
import { version } from '../package.json';
import {
  AuthenticationError,
  ConnectionError,
  errorFromResponse,
  ResponseValidationError,
  requestIdOf,
  TimeoutError,
} from './errors';
import { retryOptions } from './retry';

/** Per-call options, the last argument of every method. */
export interface RequestOptions {
  /** Reused on every retry of this call; defaults to a fresh UUID per call (POST, PATCH, PUT). */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Per attempt; overrides the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Overrides the client's `maxRetries`. */
  maxRetries?: number;
}

/** The channels a client may declare; `email` is the server's own, for its email-action pages. */
export const CLIENT_CHANNELS = ['api', 'web', 'slack'] as const;
export type ClientChannel = (typeof CLIENT_CHANNELS)[number];

/**
 * Hands the SDK a user's JWT. `refresh` is true when the API has just refused the last token (401): fetch a new
 * one rather than returning a cached copy.
 */
export type TokenProvider = (context: { refresh: boolean }) => string | Promise<string>;

export interface TransportConfig {
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`: a platform API key or a user's JWT (or what asks for one per request). */
  credential: string | TokenProvider;
  /** A user id the platform key acts as (`Greenlight-Actor`). */
  actor?: string | undefined;
  /** Where the user is deciding (`Greenlight-Channel`), kept in the booking's history. */
  channel?: ClientChannel | undefined;
  timeoutMs: number;
  maxRetries: number;
  fetch?: typeof globalThis.fetch | undefined;
  validateResponses: boolean;
  userAgent?: string | undefined;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | undefined;
export type Query = Record<string, QueryValue>;

export interface Call {
  method: Method;
  /** Relative to the base URL, e.g. `v1/bookings/bkg_1/approve`. */
  path: string;
  query?: Query | undefined;
  /** Already checked against the contract (see `checked`). */
  body?: unknown;
  options?: RequestOptions | undefined;
}

const WRITES: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH']);

/** `encodeURIComponent` for a path segment, so ids cannot escape their place in the URL. */
export const segment = encodeURIComponent;

function newIdempotencyKey(): string {
  // randomUUID is missing in insecure browser contexts; getRandomValues is everywhere fetch is.
  if (typeof globalThis.crypto.randomUUID === 'function') return globalThis.crypto.randomUUID();
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function searchParams(query: Query | undefined): Record<string, string> | undefined {
  if (!query) return undefined;
  const entries = Object.entries(query).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
}

/**
 * Browsers own the User-Agent header, and one set by script would need the API's CORS policy to allow it
 * (it does not), so it is only sent from servers, edge runtimes and scripts.
 */
function inBrowser(): boolean {
  const scope = globalThis as { document?: unknown; importScripts?: unknown };
  return scope.document !== undefined || typeof scope.importScripts === 'function';
}

/** Sends calls through ky (retries, timeouts) and turns every failure into a `GreenlightError`. */
export class Transport {
  readonly #ky: KyInstance;

  constructor(readonly config: TransportConfig) {
    const headers: Record<string, string> = {};
    if (typeof config.credential === 'string') headers.authorization = `Bearer ${config.credential}`;
    if (!inBrowser()) {
      headers['user-agent'] = [config.userAgent, `greenlight-sdk/${version}`].filter(Boolean).join(' ');
    }
    if (config.actor !== undefined) headers['greenlight-actor'] = config.actor;
    if (config.channel !== undefined) headers['greenlight-channel'] = config.channel;
    this.#ky = ky.create({
      prefix: config.baseUrl,
      headers,
      timeout: config.timeoutMs,
      retry: retryOptions(config.maxRetries),
      ...(config.fetch ? { fetch: config.fetch } : {}),
    });
  }

  /** A call answered with JSON, checked against `schema` unless `validateResponses` is off. */
  async json<S extends z.ZodType>(call: Call, schema: S): Promise<z.output<S>> {
    const response = await this.#send(call, 'application/json');
    const text = await this.#read(response, call);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw this.#invalid(response, call, `the response is not JSON: ${text.slice(0, 200)}`, [], error);
    }
    if (!this.config.validateResponses) return value as z.output<S>;
    const result = schema.safeParse(value);
    if (!result.success) {
      const errors = fieldErrors(result.error);
      const summary = errors.map((e) => `${e.path} ${e.message}`).join('; ');
      throw this.#invalid(response, call, `the response does not match the API contract: ${summary}`, errors);
    }
    // The body as sent, not zod's copy: fields added to the API after this SDK was built stay visible.
    return value as z.output<S>;
  }

  /** A call answered with text (e.g. an .ics file). */
  async text(call: Call, accept: string): Promise<string> {
    const response = await this.#send(call, accept);
    return this.#read(response, call);
  }

  /** A call answered with no body (204). */
  async empty(call: Call): Promise<void> {
    const response = await this.#send(call, 'application/json');
    await this.#read(response, call);
  }

  async #send(call: Call, accept: string): Promise<Response> {
    const headers: Record<string, string> = { accept };
    if (WRITES.has(call.method))
      headers['idempotency-key'] = call.options?.idempotencyKey ?? newIdempotencyKey();
    const provider = this.config.credential;
    if (typeof provider === 'string') return this.#attempt(call, headers);
    try {
      return await this.#attempt(call, {
        ...headers,
        authorization: `Bearer ${await provider({ refresh: false })}`,
      });
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      // The token expired or was revoked since it was handed over: ask for a fresh one and send the call once
      // more (the same call, so the same idempotency key).
      const fresh = await provider({ refresh: true });
      return this.#attempt(call, { ...headers, authorization: `Bearer ${fresh}` });
    }
  }

  async #attempt(call: Call, headers: Record<string, string>): Promise<Response> {
    const { options = {} } = call;
    try {
      return await this.#ky(call.path, {
        method: call.method,
        headers,
        searchParams: searchParams(call.query),
        ...(call.body === undefined ? {} : { json: call.body }),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
        ...(options.maxRetries === undefined ? {} : { retry: retryOptions(options.maxRetries) }),
      });
    } catch (error) {
      if (isHTTPError(error))
        throw errorFromResponse(error.response.status, error.response.headers, error.data);
      const where = `${call.method} /${call.path}`;
      if (isTimeoutError(error)) {
        const ms = options.timeoutMs ?? this.config.timeoutMs;
        throw new TimeoutError({
          code: 'timeout',
          detail: `no response within ${ms} ms: ${where}`,
          cause: error,
        });
      }
      if (isNetworkError(error)) {
        const reason = error.cause instanceof Error ? `: ${error.cause.message}` : '';
        throw new ConnectionError({
          code: 'connection_error',
          detail: `could not reach the Greenlight API (${where})${reason}`,
          cause: error,
        });
      }
      throw error;
    }
  }

  async #read(response: Response, call: Call): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw new ConnectionError({
        status: response.status,
        code: 'connection_error',
        detail: `the connection dropped while reading the response (${call.method} /${call.path})`,
        requestId: requestIdOf(response.headers),
        headers: response.headers,
        cause: error,
      });
    }
  }

  #invalid(
    response: Response,
    call: Call,
    detail: string,
    errors: ResponseValidationError['errors'],
    cause?: unknown,
  ) {
    return new ResponseValidationError({
      status: response.status,
      code: 'invalid_response',
      detail: `${call.method} /${call.path}: ${detail}`,
      requestId: requestIdOf(response.headers),
      errors,
      headers: response.headers,
      cause,
    });
  }
}
