import { describe, expect, it } from 'vitest';
import { readLimitedText } from './body';
import { HttpProblem } from './problem';

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request('http://x/', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

describe('readLimitedText', () => {
  it('reads a body up to the limit', async () => {
    await expect(readLimitedText(post('{"a":1}'), 7)).resolves.toBe('{"a":1}');
    await expect(readLimitedText(post(null), 7)).resolves.toBe('');
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const request = post('x', { 'content-length': '1048576' });
    const error = await readLimitedText(request, 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpProblem);
    expect(error).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(request.bodyUsed).toBe(false);
  });

  it('counts streamed bytes when there is no Content-Length', async () => {
    const chunk = new Uint8Array(600).fill(0x61);
    const error = await readLimitedText(post(streamOf([chunk, chunk])), 1000).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 413 });
    await expect(readLimitedText(post(streamOf([chunk])), 1000)).resolves.toHaveLength(600);
  });

  it('decodes multi-byte UTF-8 split across chunks', async () => {
    const bytes = new TextEncoder().encode('"Grüße 🌍"');
    const chunks = [bytes.slice(0, 4), bytes.slice(4, 9), bytes.slice(9)];
    await expect(readLimitedText(post(streamOf(chunks)), 100)).resolves.toBe('"Grüße 🌍"');
  });
});
