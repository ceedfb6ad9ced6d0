// Body limits (2.9): 413 payload_too_large with and without Content-Length, before the body is read; exemptions.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../test/helpers/app';
import type { Bindings } from '../../env';

const LIMIT = 1024;
const small: Bindings = { ...env, MAX_BODY_BYTES: String(LIMIT) };

/** How many bytes the route actually received, by request. */
function appWithEcho() {
  const app = testApp();
  app.post('/t/echo', async (c) => c.json({ received: (await c.req.arrayBuffer()).byteLength }));
  app.patch('/t/tus', async (c) => c.json({ received: (await c.req.arrayBuffer()).byteLength }));
  return app;
}

/** A body with no Content-Length (sent chunked), that counts how much of it was pulled. */
function countedStream(total: number, chunk: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= total) {
          controller.close();
          return;
        }
        const size = Math.min(chunk, total - pulled);
        pulled += size;
        controller.enqueue(new Uint8Array(size).fill(0x61));
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

describe('body limit (2.9)', () => {
  it('a body up to the limit passes whole; one byte more is 413 payload_too_large, by Content-Length', async () => {
    const app = appWithEcho();
    const ok = await call(app, '/t/echo', { method: 'POST', body: 'a'.repeat(LIMIT) }, small);
    expect(await ok.json()).toEqual({ received: LIMIT });
    const over = await call(app, '/t/echo', { method: 'POST', body: 'a'.repeat(LIMIT + 1) }, small);
    expect(over.status).toBe(413);
    expect(await problemOf(over)).toMatchObject({ code: 'payload_too_large', status: 413, maxBytes: LIMIT });
  });

  it('a declared Content-Length over the limit is refused before any byte is read', async () => {
    const app = appWithEcho();
    const { stream, pulled } = countedStream(LIMIT * 4, 256);
    const res = await call(
      app,
      '/t/echo',
      // The declared length is a lie the runtime would catch later; the limit refuses on the header alone.
      {
        method: 'POST',
        body: stream,
        headers: { 'Content-Length': String(LIMIT * 4) },
        duplex: 'half',
      } as RequestInit,
      small,
    );
    expect(res.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(256);
  });

  it('a chunked body with no Content-Length is cut as soon as it passes the limit', async () => {
    const app = appWithEcho();
    const { stream, pulled } = countedStream(LIMIT * 64, 256);
    const res = await call(
      app,
      '/t/echo',
      { method: 'POST', body: stream, duplex: 'half' } as RequestInit,
      small,
    );
    expect(res.status).toBe(413);
    expect((await problemOf(res)).code).toBe('payload_too_large');
    // Not read to the end: the limit, the chunk that crossed it, and at most one chunk the runtime read ahead.
    expect(pulled()).toBeLessThanOrEqual(LIMIT + 2 * 256);
    const fits = countedStream(LIMIT, 100);
    const ok = await call(
      app,
      '/t/echo',
      { method: 'POST', body: fits.stream, duplex: 'half' } as RequestInit,
      small,
    );
    expect(await ok.json()).toEqual({ received: LIMIT });
  });

  it('the default limit is 1 MiB, on the real routes too', async () => {
    const app = testApp();
    const res = await call(app, '/api/v2/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect((await problemOf(res)).code).toBe('payload_too_large');
  });

  it('multipart uploads have the one-request upload cap instead, and tus chunks are left to their route', async () => {
    const app = appWithEcho();
    const form = new FormData();
    form.set('file', new File(['b'.repeat(LIMIT * 2)], 'photo.jpg', { type: 'image/jpeg' }));
    const upload = await call(app, '/t/echo', { method: 'POST', body: form }, small);
    expect(upload.status).toBe(200);
    const chunk = await call(
      app,
      '/t/tus',
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/offset+octet-stream' },
        body: 'c'.repeat(LIMIT * 2),
      },
      small,
    );
    expect(await chunk.json()).toEqual({ received: LIMIT * 2 });
  });
});
