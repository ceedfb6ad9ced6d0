import { describe, expect, it } from 'vitest';
import { call, testApp } from '../../../test/helpers/app';

/** The copy is stored after the answer (waitUntil): wait until it is there, a bounded number of times. */
async function stored(path: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await caches.default.match(`http://localhost${path}`)) return;
    await scheduler.wait(10);
  }
  throw new Error(`${path} was never stored`);
}

const cacheTiming = (res: Response) =>
  /cache;desc="(\d+) hit (\d+) miss"/.exec(res.headers.get('Server-Timing') ?? '');

describe('edge cache (Cache API) for public answers', () => {
  it('serves the OpenAPI document and the JWKS from the cache after the first request', async () => {
    for (const path of [
      '/openapi.json',
      '/.well-known/jwks.json',
      '/api/v1/openapi.json',
      '/docs/migrations/v1-to-v2',
    ]) {
      const app = testApp();
      const first = await call(app, `${path}?first`);
      await stored(path);
      const second = await call(app, `${path}?second`);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(await second.text()).toBe(await first.text());
      // The query is not part of the key, so the second request is a hit whatever it carries.
      expect(cacheTiming(second)?.[1]).toBe('1');
      expect(second.headers.get('X-Request-Id')).not.toBe(first.headers.get('X-Request-Id'));
    }
  });

  it('never stores answers that are not public', async () => {
    const app = testApp();
    await call(app, '/health/ready');
    const again = await call(app, '/health/ready');
    expect(cacheTiming(again)?.[1] ?? '0').toBe('0');
  });
});
