import { describe, expect, it } from 'vitest';
import { BodyTooLarge, readBody } from './readBody.js';

function streamOf(chunks: number, chunkSize: number, pulled: { count: number; cancelled: boolean }) {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.count === chunks) return controller.close();
      pulled.count += 1;
      controller.enqueue(new Uint8Array(chunkSize).fill(0x20));
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
}

const post = (body: string | ReadableStream<Uint8Array> | null, headers: Record<string, string> = {}) =>
  new Request('http://x/api/predict', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('readBody', () => {
  it('returns every byte of a body within the limit', async () => {
    const bytes = await readBody(post('[[1,2,3,4]]'), 100);
    expect(new TextDecoder().decode(bytes)).toBe('[[1,2,3,4]]');
  });

  it('joins a body that arrives in several chunks', async () => {
    const pulled = { count: 0, cancelled: false };
    const bytes = await readBody(post(streamOf(5, 10, pulled)), 50);
    expect(bytes.byteLength).toBe(50);
    expect(pulled.cancelled).toBe(false);
  });

  it('accepts a body of exactly the limit and refuses one byte more', async () => {
    await expect(readBody(post('x'.repeat(10)), 10)).resolves.toHaveLength(10);
    await expect(readBody(post('x'.repeat(11)), 10)).rejects.toBeInstanceOf(BodyTooLarge);
  });

  it('returns no bytes for a request without a body', async () => {
    await expect(readBody(new Request('http://x/'), 10)).resolves.toHaveLength(0);
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const pulled = { count: 0, cancelled: false };
    const request = post(streamOf(1000, 1000, pulled), { 'content-length': '1000000' });
    await expect(readBody(request, 1000)).rejects.toThrow('The body is larger than 1000 bytes.');
    expect(request.bodyUsed).toBe(false);
    // A stream fills its one-chunk queue on creation; nothing was pulled for the reader.
    expect(pulled.count).toBeLessThanOrEqual(1);
  });

  it('stops reading a streamed body as soon as it passes the limit and cancels the stream', async () => {
    const pulled = { count: 0, cancelled: false };
    await expect(readBody(post(streamOf(10_000, 1024, pulled)), 4096)).rejects.toBeInstanceOf(BodyTooLarge);
    // Five 1 KiB chunks pass 4 KiB; the stream may have queued one more ahead of the reader, no more.
    expect(pulled.count).toBeLessThanOrEqual(6);
    expect(pulled.cancelled).toBe(true);
  });

  it('counts bytes, not characters', async () => {
    await expect(readBody(post('é'.repeat(6)), 11)).rejects.toBeInstanceOf(BodyTooLarge);
  });
});
