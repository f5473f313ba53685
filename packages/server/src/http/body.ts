import type { HonoRequest, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';
import { HttpProblem } from './problem';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

function tooLarge(maxBytes: number): HttpProblem {
  return new HttpProblem(413, 'payload_too_large', `the request body must be at most ${maxBytes} bytes`);
}

/**
 * Reads the body as UTF-8 text, refusing it as soon as it exceeds `maxBytes`: the declared Content-Length
 * is checked first, and the streamed bytes are counted too because the header may be absent or lie.
 */
export async function readLimitedText(request: Request, maxBytes: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Hono keeps body promises in `bodyCache` (typed as plain values) and parses JSON from the cached text. */
function cacheBody(req: HonoRequest, text: string): void {
  (req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
}

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * Reads and checks the JSON body of writes once, before routing validators see it: size limit, media type,
 * syntax. The text is left in Hono's body cache so the zod validators parse it from there, and kept in
 * `rawBody` for the idempotency hash.
 */
export function jsonBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH' && method !== 'DELETE') return next();
    const text = await readLimitedText(c.req.raw, maxBytes);
    const contentType = c.req.header('content-type') ?? '';
    const isJson = JSON_MEDIA_TYPE.test(contentType);
    if (text.trim() === '') {
      c.set('rawBody', '');
      // An empty body on a JSON request means "no fields", not malformed JSON.
      cacheBody(c.req, isJson ? '{}' : '');
      return next();
    }
    if (!isJson) {
      throw new HttpProblem(
        415,
        'validation_failed',
        'send the body as JSON with Content-Type: application/json',
      );
    }
    try {
      JSON.parse(text);
    } catch (error) {
      const reason = error instanceof SyntaxError ? `: ${error.message}` : '';
      throw new HttpProblem(400, 'validation_failed', `the request body is not valid JSON${reason}`, [
        { path: '(body)', message: 'must be valid JSON' },
      ]);
    }
    c.set('rawBody', text);
    cacheBody(c.req, text);
    return next();
  };
}
