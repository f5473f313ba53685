import type { IncomingMessage, ServerResponse } from 'node:http';
import { type WebhookEvent, WebhookSignatureError } from '@greenlight/sdk';
import type { Logger } from '@slack/bolt';
import type { OnceByKey } from '../recent';

export const WEBHOOK_PATH = '/greenlight/webhooks';
const MAX_BODY_BYTES = 1024 * 1024;

export interface WebhookRouteDeps {
  verify: (rawBody: string, signature: string | undefined) => Promise<WebhookEvent>;
  handle: (event: WebhookEvent) => Promise<void>;
  /** Deliveries are at least once: a repeat of an event id already handled is acknowledged and skipped. */
  once: OnceByKey;
  logger: Logger;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * `POST /greenlight/webhooks`: the platform's signed events. Answers 2xx only once the event was handled,
 * so a failure (Slack down) makes the platform deliver it again.
 */
export function webhookHandler(deps: WebhookRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) return reply(res, 413, { error: 'body_too_large' });
      throw error;
    }
    const header = req.headers['greenlight-signature'];
    let event: WebhookEvent;
    try {
      event = await deps.verify(raw, Array.isArray(header) ? header[0] : header);
    } catch (error) {
      if (!(error instanceof WebhookSignatureError)) throw error;
      // Signed but of a shape this version does not know (a newer event type): accept so it is not retried forever.
      if (error.reason === 'invalid_payload') {
        deps.logger.warn(`webhook ignored: ${error.message}`);
        return reply(res, 202, { ignored: true });
      }
      deps.logger.warn(`webhook refused: ${error.message}`);
      return reply(res, 401, { error: error.reason, message: error.message });
    }
    try {
      const handled = await deps.once.run(event.id, () => deps.handle(event));
      reply(res, 200, { received: true, duplicate: !handled });
    } catch (error) {
      deps.logger.error(`webhook ${event.id} (${event.type}) failed; the platform will redeliver it`, error);
      reply(res, 500, { error: 'handler_failed' });
    }
  };
}
