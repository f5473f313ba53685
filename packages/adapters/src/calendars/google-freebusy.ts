import type {
  BusyInterval,
  BusyTimeSource,
  BusyTimes,
  BusyTimesQuery,
  User,
  UserSettings,
} from '@greenlight/core';
import { type FetchLike, readErrorBody, readJson, send } from '../http';

export interface GoogleFreeBusyOptions {
  /**
   * An OAuth access token with a Calendar scope for this mentor (`calendar.freebusy` or `calendar.readonly`), or
   * null when the mentor has not connected Google. `forceRefresh` is set after Google refused the last token.
   */
  getAccessToken(mentor: User, options: { forceRefresh: boolean }): Promise<string | null>;
  /** Calendars to check (default the mentor's `primary`). */
  calendarIds?(mentor: User, settings: UserSettings): string[];
  apiUrl?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
}

interface FreeBusyCalendar {
  busy?: Array<{ start: string; end: string }>;
  errors?: Array<{ domain?: string; reason?: string }>;
}

function googleErrorText(body: unknown): string {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === 'object') {
      const { message, status } = error as { message?: unknown; status?: unknown };
      return [status, message].filter((v) => typeof v === 'string').join(': ');
    }
    if (typeof error === 'string') return error;
  }
  return typeof body === 'string' ? body.slice(0, 200) : '';
}

/**
 * Busy times from Google Calendar's free/busy query. A calendar Google answers with `errors` for (not found, no
 * access, backend error) makes the result `unknown`, with the reason shown: it is never taken as free.
 */
export class GoogleFreeBusy implements BusyTimeSource {
  readonly #options: GoogleFreeBusyOptions;
  readonly #endpoint: string;

  constructor(options: GoogleFreeBusyOptions) {
    this.#options = options;
    this.#endpoint = `${(options.apiUrl ?? 'https://www.googleapis.com').replace(/\/+$/, '')}/calendar/v3/freeBusy`;
  }

  async busyTimes(input: BusyTimesQuery): Promise<BusyTimes> {
    const unknown = (detail: string): BusyTimes => ({
      source: 'google',
      status: 'unknown',
      busy: [],
      detail,
    });
    const ids = this.#options.calendarIds?.(input.mentor, input.settings) ?? ['primary'];
    const body = JSON.stringify({
      timeMin: input.from.toISOString(),
      timeMax: input.to.toISOString(),
      items: ids.map((id) => ({ id })),
    });

    let response: Response | undefined;
    for (const forceRefresh of [false, true]) {
      let token: string | null;
      try {
        token = await this.#options.getAccessToken(input.mentor, { forceRefresh });
      } catch (error) {
        return unknown(
          `Google Calendar access token unavailable: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (token === null)
        return { source: 'google', status: 'ok', busy: [], detail: 'Google Calendar not connected' };
      try {
        response = await send(
          this.#endpoint,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              accept: 'application/json',
            },
            body,
          },
          {
            service: 'Google Calendar',
            fetch: this.#options.fetch,
            timeoutMs: this.#options.timeoutMs ?? 10_000,
            signal: input.signal,
          },
        );
      } catch (error) {
        return unknown(error instanceof Error ? error.message : String(error));
      }
      if (response.status !== 401 || forceRefresh) break;
      await response.body?.cancel();
    }
    if (!response) return unknown('Google Calendar was not asked');
    if (!response.ok) {
      const text = googleErrorText(await readErrorBody(response));
      const hint = response.status === 401 ? ' (the access token was refused even after a refresh)' : '';
      return unknown(`Google Calendar answered ${response.status}${hint}${text ? `: ${text}` : ''}`);
    }

    let answer: { calendars?: Record<string, FreeBusyCalendar> } | null;
    try {
      answer = (await readJson(response, 'Google Calendar')) as typeof answer;
    } catch (error) {
      return unknown(error instanceof Error ? error.message : String(error));
    }
    const busy: BusyInterval[] = [];
    const problems: string[] = [];
    for (const id of ids) {
      const calendar = answer?.calendars?.[id];
      if (!calendar) {
        problems.push(`${id}: missing from the answer`);
        continue;
      }
      if (calendar.errors?.length) {
        problems.push(`${id}: ${calendar.errors.map((e) => e.reason ?? e.domain ?? 'error').join(', ')}`);
        continue;
      }
      for (const slot of calendar.busy ?? []) {
        const start = new Date(slot.start);
        const end = new Date(slot.end);
        if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
          problems.push(`${id}: unreadable busy slot`);
          continue;
        }
        busy.push({ start, end });
      }
    }
    busy.sort((a, b) => a.start.getTime() - b.start.getTime());
    if (problems.length > 0) {
      return {
        source: 'google',
        status: 'unknown',
        busy,
        detail: `Google Calendar could not be read for ${problems.join('; ')}`,
      };
    }
    return { source: 'google', status: 'ok', busy };
  }
}
