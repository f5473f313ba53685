import type { Clock, CreatedMeeting, EffectContext, MeetingProvider, MeetingRequest } from '@greenlight/core';
import { PortError } from '@greenlight/core';
import { type FetchLike, readErrorBody, readJson, send } from '../http';
import { ZoomApiError, zoomErrorFrom } from './zoom-errors';
import { ZoomTokenSource } from './zoom-token';

export interface ZoomMeetingsOptions {
  accountId: string;
  clientId: string;
  clientSecret: string;
  oauthUrl?: string;
  apiUrl?: string;
  /** The Zoom user who hosts the meetings; `me` is the account's owner. */
  userId?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  clock?: Clock;
}

/** Zoom `start_time` in UTC: `yyyy-MM-ddTHH:mm:ssZ` (Zoom refuses fractional seconds). */
export function zoomStartTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const NOT_FOUND_CODES = new Set([3001]);

/** Names the booking in the meeting's agenda, so a retry can find a meeting an earlier attempt created. */
function bookingMarker(bookingId: string): string {
  return `Greenlight booking ${bookingId}`;
}

/** Zoom takes agendas of up to 2000 characters but lists only their first 250, so the marker goes first. */
function agendaWithMarker(bookingId: string, agenda: string): string {
  const marker = bookingMarker(bookingId);
  return agenda.trim() === '' ? marker : `${marker}\n\n${agenda}`.slice(0, 2000);
}

/**
 * Only the agenda's first line is ours: the lines after it are the mentee's message, which could otherwise name
 * another booking and hijack its retry. The topic is the mentee's too and never carries the marker.
 */
function carriesMarker(agenda: unknown, marker: string): boolean {
  return typeof agenda === 'string' && agenda.split(/\r?\n/, 1)[0]?.trim() === marker;
}

interface ListedMeeting {
  id?: unknown;
  join_url?: unknown;
  agenda?: unknown;
}

/**
 * Zoom meetings through a Server-to-Server OAuth app (scopes `meeting:write:meeting`, `meeting:delete:meeting`,
 * `meeting:read:list_meetings`).
 *
 * Zoom takes no idempotency key, so a create whose answer was lost (a timeout after Zoom made the meeting, or a
 * worker that lost its lease or died mid-call) would make a second meeting when run again. Every meeting's agenda
 * therefore starts with `Greenlight booking <id>`, and a create that may be a rerun (`ctx.rerun`, else attempt 2 and
 * later) first looks through the host's upcoming meetings for that line and reuses the meeting it finds. When Zoom
 * refuses the listing outright (the app lacks the read scope), the retry creates the meeting anyway: a duplicate is
 * better than none.
 */
export class ZoomMeetings implements MeetingProvider {
  readonly name = 'zoom';
  readonly #tokens: ZoomTokenSource;
  readonly #apiUrl: string;
  readonly #userId: string;
  readonly #fetch: FetchLike | undefined;
  readonly #timeoutMs: number;
  readonly #clock: Clock;

  constructor(options: ZoomMeetingsOptions) {
    const clock = options.clock ?? { now: () => new Date() };
    this.#clock = clock;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#fetch = options.fetch;
    this.#apiUrl = (options.apiUrl ?? 'https://api.zoom.us/v2').replace(/\/+$/, '');
    this.#userId = options.userId ?? 'me';
    this.#tokens = new ZoomTokenSource({
      accountId: options.accountId,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      oauthUrl: options.oauthUrl ?? 'https://zoom.us/oauth/token',
      fetch: options.fetch,
      timeoutMs: this.#timeoutMs,
      now: () => clock.now().getTime(),
    });
  }

  async createMeeting(request: MeetingRequest, ctx: EffectContext): Promise<CreatedMeeting> {
    // Whichever worker runs it: the worker says whether an earlier claim may have called Zoom (a lost lease, a
    // crash, a timeout), not only whether an attempt was recorded.
    if (ctx.rerun ?? ctx.attempt > 1) {
      const earlier = await this.#findMeeting(bookingMarker(request.bookingId), ctx);
      if (earlier) return earlier;
    }
    const body = {
      topic: request.topic.slice(0, 200),
      type: 2,
      start_time: zoomStartTime(request.start),
      duration: request.durationMinutes,
      timezone: request.timezone,
      agenda: agendaWithMarker(request.bookingId, request.agenda),
      settings: {
        join_before_host: false,
        waiting_room: true,
        host_video: true,
        participant_video: true,
        mute_upon_entry: false,
        approval_type: 2,
        auto_recording: 'none',
      },
    };
    const path = `/users/${encodeURIComponent(this.#userId)}/meetings`;
    const response = await this.#call('POST', path, body, 'create meeting', ctx);
    if (!response.ok)
      throw zoomErrorFrom(
        response,
        await readErrorBody(response),
        'create meeting',
        ctx.attempt,
        this.#now(),
      );
    const meeting = (await readJson(response, 'Zoom')) as { id?: unknown; join_url?: unknown } | null;
    const id = meeting?.id;
    if ((typeof id !== 'number' && typeof id !== 'string') || typeof meeting?.join_url !== 'string') {
      throw new PortError('Zoom created a meeting but its answer has no id or join_url', true, {
        status: response.status,
        code: 'malformed_response',
      });
    }
    return { provider: this.name, id: String(id), joinUrl: meeting.join_url };
  }

  /** The host's upcoming meeting that carries `marker`, through every page of the list. */
  async #findMeeting(marker: string, ctx: EffectContext): Promise<CreatedMeeting | undefined> {
    const query = new URLSearchParams({ type: 'upcoming', page_size: '300' });
    for (;;) {
      const path = `/users/${encodeURIComponent(this.#userId)}/meetings?${query}`;
      const response = await this.#call('GET', path, undefined, 'list meetings', ctx);
      if (!response.ok) {
        const error = zoomErrorFrom(
          response,
          await readErrorBody(response),
          'list meetings',
          ctx.attempt,
          this.#now(),
        );
        if (error.retryable) throw error;
        return undefined;
      }
      const page = (await readJson(response, 'Zoom')) as {
        meetings?: unknown;
        next_page_token?: unknown;
      } | null;
      const meetings = Array.isArray(page?.meetings) ? (page.meetings as ListedMeeting[]) : [];
      const found = meetings.find(
        (m) =>
          carriesMarker(m.agenda, marker) &&
          (typeof m.id === 'number' || typeof m.id === 'string') &&
          typeof m.join_url === 'string',
      );
      if (found) return { provider: this.name, id: String(found.id), joinUrl: String(found.join_url) };
      const next = page?.next_page_token;
      if (typeof next !== 'string' || next === '' || next === query.get('next_page_token')) return undefined;
      query.set('next_page_token', next);
    }
  }

  async deleteMeeting(meeting: { id: string }, ctx: EffectContext): Promise<void> {
    const path = `/meetings/${encodeURIComponent(meeting.id)}`;
    const response = await this.#call('DELETE', path, undefined, 'delete meeting', ctx);
    if (response.ok) return;
    const error = zoomErrorFrom(
      response,
      await readErrorBody(response),
      'delete meeting',
      ctx.attempt,
      this.#now(),
    );
    // Already gone is what we wanted.
    if (response.status === 404 || NOT_FOUND_CODES.has(Number(error.zoomCode))) return;
    throw error;
  }

  #now(): number {
    return this.#clock.now().getTime();
  }

  /** One API call with the cached token; on a 401 the token is fetched again once, then Zoom's answer stands. */
  async #call(
    method: string,
    path: string,
    body: unknown,
    action: string,
    ctx: EffectContext,
  ): Promise<Response> {
    let refreshed = false;
    for (;;) {
      const token = await this.#tokens.get(ctx.attempt);
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
      };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await send(
        `${this.#apiUrl}${path}`,
        { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
        { service: 'Zoom', fetch: this.#fetch, timeoutMs: this.#timeoutMs, signal: ctx.signal },
      );
      if (response.status !== 401) return response;
      this.#tokens.invalidate(token);
      if (refreshed) {
        const error = zoomErrorFrom(
          response,
          await readErrorBody(response),
          action,
          ctx.attempt,
          this.#now(),
        );
        throw new ZoomApiError(`${error.message} (after fetching a new token)`, false, 401, error.zoomCode);
      }
      await response.body?.cancel();
      refreshed = true;
    }
  }
}
