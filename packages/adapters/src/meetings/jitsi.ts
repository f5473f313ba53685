import type { CreatedMeeting, EffectContext, MeetingProvider, MeetingRequest } from '@greenlight/core';

export interface JitsiMeetingsOptions {
  /** Jitsi Meet deployment (default the public `https://meet.jit.si`). */
  baseUrl?: string;
  /** Readable start of each room name. */
  prefix?: string;
}

/** 16 random bytes (128 bits) in lowercase hex: Jitsi room names are case-insensitive, so no mixed case. */
function randomRoomSuffix(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Jitsi Meet rooms, the default when Zoom is not configured. A room exists once someone joins, so creating
 * one is choosing an unguessable name, and deleting one has nothing to do.
 */
export class JitsiMeetings implements MeetingProvider {
  readonly name = 'jitsi';
  readonly #baseUrl: string;
  readonly #prefix: string;

  constructor(options: JitsiMeetingsOptions = {}) {
    this.#baseUrl = (options.baseUrl ?? 'https://meet.jit.si').replace(/\/+$/, '');
    this.#prefix = (options.prefix ?? 'Greenlight').replace(/[^A-Za-z0-9-]/g, '');
  }

  async createMeeting(_request: MeetingRequest): Promise<CreatedMeeting> {
    const room = `${this.#prefix}${this.#prefix ? '-' : ''}${randomRoomSuffix()}`;
    return { provider: this.name, id: room, joinUrl: `${this.#baseUrl}/${room}` };
  }

  async deleteMeeting(_meeting: { id: string }, _ctx: EffectContext): Promise<void> {}
}
