import { createHmac } from 'node:crypto';

/** Slack's v0 request signature: `v0=` + hex HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  secret: string;
  /** Unix seconds; now by default. */
  timestamp?: number;
  /** Overrides the computed signature (to send a bad one). */
  signature?: string;
  retryNum?: number;
}

export interface SlackRequest {
  body: string;
  contentType: string;
}

/** POSTs like Slack does: signed, with the retry headers when asked. Resolves when the bot answered. */
export async function sendToSlackEndpoint(
  url: string,
  request: SlackRequest,
  options: SendOptions,
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': request.contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? slackSignature(options.secret, timestamp, request.body),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body: request.body });
}

function interactive(payload: Record<string, unknown>): SlackRequest {
  return {
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

let triggers = 0;
export const nextTriggerId = () => `${Date.now()}.${++triggers}.trigger`;

export interface ClickInput {
  user: string;
  actionId: string;
  value?: string;
  /** A DM message (channel + ts); App Home when omitted. */
  message?: { channel: string; ts: string; ephemeral?: boolean };
  responseUrl: string;
  triggerId?: string;
  /** The clicker's workspace (T0TEST by default). */
  team?: string;
}

/** A `block_actions` payload for a button click. */
export function blockActions(input: ClickInput): SlackRequest {
  const actionTs = `${Date.now() / 1000}`;
  const team = input.team ?? 'T0TEST';
  const container = input.message
    ? {
        type: 'message',
        message_ts: input.message.ts,
        channel_id: input.message.channel,
        is_ephemeral: input.message.ephemeral ?? false,
      }
    : { type: 'view', view_id: 'VHOME' };
  return interactive({
    type: 'block_actions',
    team: { id: team, domain: 'test' },
    user: { id: input.user, username: input.user, name: input.user, team_id: team },
    api_app_id: 'A0APP',
    token: 'legacy',
    container,
    trigger_id: input.triggerId ?? nextTriggerId(),
    ...(input.message
      ? {
          channel: { id: input.message.channel, name: 'directmessage' },
          message: { type: 'message', ts: input.message.ts },
        }
      : {
          view: {
            id: 'VHOME',
            type: 'home',
            team_id: team,
            callback_id: '',
            blocks: [],
            state: { values: {} },
          },
        }),
    response_url: input.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: 'b',
        text: { type: 'plain_text', text: 'x' },
        ...(input.value === undefined ? {} : { value: input.value }),
        action_ts: actionTs,
      },
    ],
  });
}

/** A `view_submission` of one of the bot's modals, with the given state values. */
export function viewSubmission(input: {
  user: string;
  callbackId: string;
  privateMetadata: string;
  values: Record<string, Record<string, Record<string, unknown>>>;
  viewId?: string;
}): SlackRequest {
  return interactive({
    type: 'view_submission',
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: input.user, username: input.user, name: input.user, team_id: 'T0TEST' },
    api_app_id: 'A0APP',
    token: 'legacy',
    trigger_id: nextTriggerId(),
    view: {
      id: input.viewId ?? `V${Date.now()}`,
      team_id: 'T0TEST',
      type: 'modal',
      callback_id: input.callbackId,
      private_metadata: input.privateMetadata,
      hash: 'h',
      blocks: [],
      state: { values: input.values },
      title: { type: 'plain_text', text: 'x' },
      close: null,
      submit: null,
      root_view_id: null,
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
      app_id: 'A0APP',
      bot_id: 'B0BOT',
    },
  });
}

/** A slash command as Slack posts it (form fields, not a payload). */
export function slashCommand(input: {
  user: string;
  text: string;
  responseUrl: string;
  command?: string;
}): SlackRequest {
  return {
    body: new URLSearchParams({
      token: 'legacy',
      team_id: 'T0TEST',
      team_domain: 'test',
      channel_id: 'C0GENERAL',
      channel_name: 'general',
      user_id: input.user,
      user_name: input.user,
      command: input.command ?? '/greenlight',
      text: input.text,
      api_app_id: 'A0APP',
      response_url: input.responseUrl,
      trigger_id: nextTriggerId(),
    }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}

/** An Events API `event_callback`, from workspace `team`. */
export function eventCallback(
  event: Record<string, unknown>,
  eventId: string,
  team = 'T0TEST',
): SlackRequest {
  return {
    body: JSON.stringify({
      token: 'legacy',
      team_id: team,
      api_app_id: 'A0APP',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: team, user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
      event,
    }),
    contentType: 'application/json',
  };
}
