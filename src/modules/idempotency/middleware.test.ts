// Idempotency keys (2.8): replay, mismatch, in flight, scoping, races, 5xx release, expiry, size bound, storage and docs.
import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { z } from '@hono/zod-openapi';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../test/helpers/app';
import { captureLogs } from '../../../test/helpers/logs';
import { createUser, type TestUser } from '../../../test/helpers/users';
import { bearerAuth, defineRoute } from '../../http/openapi';
import worker from '../../index';
import { database } from '../../platform/database';
import { newId } from '../../platform/ids';
import { authenticate } from '../auth';
import { IdempotencyKeySchema, MAX_REPLAYABLE_BODY_BYTES } from './middleware';
import { claimKey, keyRef } from './service';

const ThingSchema = z.object({ name: z.string().min(1) });
const created = { 201: { description: 'Created' } };

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}
const deferred = (): Deferred => {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

/** Gates of the slow route, by the name in its body. */
const gates = new Map<string, { entered: Deferred; release: Deferred }>();
/** How many times the flaky route ran, by the name in its body. */
const flakyRuns = new Map<string, number>();

async function insertThing(owner: string, name: string) {
  const id = newId();
  await env.DB.prepare('INSERT INTO idem_test_things (id, owner, name) VALUES (?1, ?2, ?3)')
    .bind(id, owner, name)
    .run();
  return id;
}

const countThings = async (name: string) =>
  (
    await env.DB.prepare('SELECT COUNT(*) AS n FROM idem_test_things WHERE name = ?1')
      .bind(name)
      .first<{ n: number }>()
  )?.n ?? 0;

function appWithRoutes() {
  const app = testApp();
  const body = { body: { required: true, content: { 'application/json': { schema: ThingSchema } } } };
  app.openapi(
    defineRoute({
      method: 'post',
      path: '/t/things',
      security: bearerAuth,
      middleware: [authenticate()] as const,
      request: body,
      responses: created,
    }),
    async (c) => {
      const { name } = c.req.valid('json');
      const id = await insertThing(c.var.user.id, name);
      c.header('Location', `/t/things/${id}`);
      c.header('ETag', `"${id}"`);
      return c.json({ id, name }, 201);
    },
  );
  app.openapi(
    defineRoute({ method: 'post', path: '/t/anon-things', request: body, responses: created }),
    async (c) => {
      const { name } = c.req.valid('json');
      return c.json({ id: await insertThing('anonymous', name), name }, 201);
    },
  );
  app.openapi(
    defineRoute({
      method: 'patch',
      path: '/t/things/{id}',
      security: bearerAuth,
      middleware: [authenticate()] as const,
      request: { params: z.object({ id: z.string() }), ...body },
      responses: { 200: { description: 'Renamed' } },
    }),
    async (c) => {
      const { name } = c.req.valid('json');
      await insertThing(c.var.user.id, name);
      return c.json({ id: c.req.valid('param').id, name }, 200);
    },
  );
  app.openapi(
    defineRoute({ method: 'post', path: '/t/slow', request: body, responses: created }),
    async (c) => {
      const { name } = c.req.valid('json');
      const gate = gates.get(name);
      gate?.entered.resolve();
      await gate?.release.promise;
      return c.json({ id: await insertThing('anonymous', name), name }, 201);
    },
  );
  app.openapi(
    defineRoute({ method: 'post', path: '/t/flaky', request: body, responses: created }),
    async (c) => {
      const { name } = c.req.valid('json');
      const runs = (flakyRuns.get(name) ?? 0) + 1;
      flakyRuns.set(name, runs);
      if (runs === 1) throw new Error('the first attempt fails');
      return c.json({ id: await insertThing('anonymous', name), name }, 201);
    },
  );
  app.openapi(
    defineRoute({ method: 'post', path: '/t/big', request: body, responses: created }),
    async (c) => {
      const { name } = c.req.valid('json');
      await insertThing('anonymous', name);
      c.header('Location', '/t/big/1');
      return c.json({ name, padding: 'x'.repeat(MAX_REPLAYABLE_BODY_BYTES) }, 201);
    },
  );
  app.openapi(
    defineRoute({ method: 'post', path: '/t/unkeyed', request: body, responses: created, idempotent: false }),
    async (c) => c.json({ id: await insertThing('anonymous', c.req.valid('json').name) }, 201),
  );
  return app;
}

const send = (
  method: string,
  body: unknown,
  key: string | undefined,
  headers: Record<string, string> = {},
): RequestInit => ({
  method,
  headers: {
    'Content-Type': 'application/json',
    'CF-Connecting-IP': '192.0.2.10',
    ...(key === undefined ? {} : { 'Idempotency-Key': key }),
    ...headers,
  },
  body: JSON.stringify(body),
});

const uniqueName = () => `thing-${newId()}`;

let app: ReturnType<typeof appWithRoutes>;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  await env.DB.exec(
    'CREATE TABLE IF NOT EXISTS idem_test_things (id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL)',
  );
  app = appWithRoutes();
  [alice, bob] = await Promise.all([createUser(), createUser()]);
});

describe('replay (2.8)', () => {
  it('the same key and body replay the first status, body, Location and ETag with Idempotent-Replayed: true', async () => {
    const name = uniqueName();
    const key = newId();
    const first = await call(app, '/t/things', send('POST', { name }, key, alice.auth));
    expect(first.status).toBe(201);
    expect(first.headers.has('Idempotent-Replayed')).toBe(false);
    const firstBody = await first.json();
    for (let i = 0; i < 2; i += 1) {
      const again = await call(app, '/t/things', send('POST', { name }, key, alice.auth));
      expect(again.status).toBe(201);
      expect(again.headers.get('Idempotent-Replayed')).toBe('true');
      expect(await again.json()).toEqual(firstBody);
      for (const header of ['Location', 'ETag', 'Content-Type']) {
        expect(again.headers.get(header), header).toBe(first.headers.get(header));
      }
      // The replay is a new request: its own request ID, and counted by the rate limiter (the user policy
      // is a Rate Limiting binding, so its successes carry RateLimit-Policy but no RateLimit).
      expect(again.headers.get('X-Request-Id')).not.toBe(first.headers.get('X-Request-Id'));
      expect(again.headers.get('RateLimit-Policy')).toMatch(/^"user";/);
    }
    expect(await countThings(name)).toBe(1);
  });

  it('works on PATCH, and a 4xx first answer is final too (replayed, not re-run)', async () => {
    const name = uniqueName();
    const key = newId();
    const first = await call(app, '/t/things/a1', send('PATCH', { name }, key, alice.auth));
    expect(first.status).toBe(200);
    const again = await call(app, '/t/things/a1', send('PATCH', { name }, key, alice.auth));
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await countThings(name)).toBe(1);

    const invalidKey = newId();
    const invalid = await call(app, '/t/things', send('POST', { name: '' }, invalidKey, alice.auth));
    expect(invalid.status).toBe(422);
    const replayed = await call(app, '/t/things', send('POST', { name: '' }, invalidKey, alice.auth));
    expect(replayed.status).toBe(422);
    expect(replayed.headers.get('Idempotent-Replayed')).toBe('true');
    expect(replayed.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
  });

  it('the same key with another body, or on another route, is 422 idempotency_key_mismatch', async () => {
    const key = newId();
    const name = uniqueName();
    expect((await call(app, '/t/things', send('POST', { name }, key, alice.auth))).status).toBe(201);
    const other = await call(app, '/t/things', send('POST', { name: `${name}-2` }, key, alice.auth));
    expect(other.status).toBe(422);
    expect(await problemOf(other)).toMatchObject({ code: 'idempotency_key_mismatch' });
    const elsewhere = await call(app, '/t/things/x', send('PATCH', { name }, key, alice.auth));
    expect((await problemOf(elsewhere)).code).toBe('idempotency_key_mismatch');
    expect(await countThings(name)).toBe(1);
    expect(await countThings(`${name}-2`)).toBe(0);
  });

  it('while the first request runs, the same key is 409 idempotency_in_flight; afterwards it replays', async () => {
    const name = uniqueName();
    const key = newId();
    const gate = { entered: deferred(), release: deferred() };
    gates.set(name, gate);
    const first = call(app, '/t/slow', send('POST', { name }, key));
    await gate.entered.promise;
    const during = await call(app, '/t/slow', send('POST', { name }, key));
    expect(during.status).toBe(409);
    expect(during.headers.get('Retry-After')).toBe('1');
    expect(await problemOf(during)).toMatchObject({ code: 'idempotency_in_flight' });
    gate.release.resolve();
    expect((await first).status).toBe(201);
    const after = await call(app, '/t/slow', send('POST', { name }, key));
    expect(after.status).toBe(201);
    expect(after.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await countThings(name)).toBe(1);
  });

  it('without a key, or on GET, nothing changes: every request acts', async () => {
    const name = uniqueName();
    for (let i = 0; i < 2; i += 1) {
      const res = await call(app, '/t/things', send('POST', { name }, undefined, alice.auth));
      expect(res.headers.has('Idempotent-Replayed')).toBe(false);
    }
    expect(await countThings(name)).toBe(2);
    const unkeyed = uniqueName();
    for (let i = 0; i < 2; i += 1) await call(app, '/t/unkeyed', send('POST', { name: unkeyed }, 'same-key'));
    expect(await countThings(unkeyed)).toBe(2);
  });
});

describe('scope and races', () => {
  it('keys are per user: the same key from two users acts for each', async () => {
    const name = uniqueName();
    const key = newId();
    for (const user of [alice, bob]) {
      const res = await call(app, '/t/things', send('POST', { name }, key, user.auth));
      expect(res.status).toBe(201);
      expect(res.headers.has('Idempotent-Replayed')).toBe(false);
    }
    expect(await countThings(name)).toBe(2);
  });

  it('anonymous keys are per client IP', async () => {
    const name = uniqueName();
    const key = newId();
    const from = (ip: string) =>
      call(app, '/t/anon-things', send('POST', { name }, key, { 'CF-Connecting-IP': ip }));
    expect((await from('192.0.2.20')).headers.has('Idempotent-Replayed')).toBe(false);
    expect((await from('192.0.2.21')).headers.has('Idempotent-Replayed')).toBe(false);
    expect((await from('192.0.2.20')).headers.get('Idempotent-Replayed')).toBe('true');
    expect(await countThings(name)).toBe(2);
  });

  // 100 runs of 2 to 5 simultaneous requests (a race needs two; five already interleave every step). Each run
  // took ~0.2 s on a busy 2-core box, ~20 s in all: the timeout is sized for that work with room to spare.
  it('concurrent identical requests act exactly once', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 5 }), async (n) => {
        const name = uniqueName();
        const key = newId();
        const responses = await Promise.all(
          Array.from({ length: n }, () => call(app, '/t/things', send('POST', { name }, key, alice.auth))),
        );
        expect(await countThings(name)).toBe(1);
        const original = responses.filter(
          (res) => res.status === 201 && !res.headers.has('Idempotent-Replayed'),
        );
        expect(original).toHaveLength(1);
        for (const res of responses) {
          expect([201, 409]).toContain(res.status);
          if (res.status === 409) expect((await problemOf(res)).code).toBe('idempotency_in_flight');
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('what is kept', () => {
  it('a 5xx first answer releases the key, so a retry acts', async () => {
    const name = uniqueName();
    const key = newId();
    const logs = captureLogs();
    const first = await call(app, '/t/flaky', send('POST', { name }, key));
    logs.restore();
    expect(first.status).toBe(500);
    const retry = await call(app, '/t/flaky', send('POST', { name }, key));
    expect(retry.status).toBe(201);
    expect(retry.headers.has('Idempotent-Replayed')).toBe(false);
    const replay = await call(app, '/t/flaky', send('POST', { name }, key));
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(flakyRuns.get(name)).toBe(2);
    expect(await countThings(name)).toBe(1);
  });

  it('an answer over the replay limit replays its status and headers with no body', async () => {
    const name = uniqueName();
    const key = newId();
    const first = await call(app, '/t/big', send('POST', { name }, key));
    expect(first.status).toBe(201);
    expect((await first.text()).length).toBeGreaterThan(MAX_REPLAYABLE_BODY_BYTES);
    const again = await call(app, '/t/big', send('POST', { name }, key));
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.headers.get('Location')).toBe('/t/big/1');
    expect(again.headers.has('Content-Type')).toBe(false);
    expect(await again.text()).toBe('');
    expect(await countThings(name)).toBe(1);
  });

  it('after 24 h the key is free again; an abandoned in-flight claim is taken over after its lease', async () => {
    const name = uniqueName();
    const key = newId();
    await call(app, '/t/anon-things', send('POST', { name }, key));
    await env.DB.prepare('UPDATE idempotency_keys SET expires_at = ?1 WHERE key_hash = ?2')
      .bind(Date.now() - 1, (await keyRef('ip:192.0.2.10', key)).keyHash)
      .run();
    const reused = await call(app, '/t/anon-things', send('POST', { name: `${name}-b` }, key));
    expect(reused.status).toBe(201);
    expect(reused.headers.has('Idempotent-Replayed')).toBe(false);

    const abandonedKey = newId();
    const ref = await keyRef('ip:192.0.2.10', abandonedKey);
    const longAgo = new Date(Date.now() - 10 * 60 * 1000);
    expect((await claimKey(database(env.DB), ref, 'another request', longAgo)).claimed).toBe(true);
    const takeover = await call(app, '/t/anon-things', send('POST', { name: `${name}-c` }, abandonedKey));
    expect(takeover.status).toBe(201);
    expect(await countThings(`${name}-c`)).toBe(1);
  });

  it('stores a hash of the key and a sealed body, never the key or the answer in clear', async () => {
    const name = uniqueName();
    const key = `clear-key-${newId()}`;
    await call(app, '/t/things', send('POST', { name }, key, alice.auth));
    const { results } = await env.DB.prepare('SELECT * FROM idempotency_keys WHERE scope = ?1')
      .bind(`user:${alice.id}`)
      .all();
    const dump = JSON.stringify(results);
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(name);
    expect(dump).toContain('location');
  });

  it('the hourly scheduled run purges expired keys and keeps live ones', async () => {
    const live = newId();
    const expired = newId();
    await call(
      app,
      '/t/anon-things',
      send('POST', { name: uniqueName() }, live, { 'CF-Connecting-IP': '192.0.2.99' }),
    );
    await call(
      app,
      '/t/anon-things',
      send('POST', { name: uniqueName() }, expired, { 'CF-Connecting-IP': '192.0.2.99' }),
    );
    const expiredRef = await keyRef('ip:192.0.2.99', expired);
    await env.DB.prepare('UPDATE idempotency_keys SET expires_at = ?1 WHERE key_hash = ?2')
      .bind(Date.now() - 1, expiredRef.keyHash)
      .run();
    const logs = captureLogs();
    await worker.scheduled(createScheduledController({ cron: '17 * * * *' }), env);
    logs.restore();
    const rows = await env.DB.prepare('SELECT key_hash FROM idempotency_keys WHERE scope = ?1')
      .bind('ip:192.0.2.99')
      .all<{ key_hash: string }>();
    expect(rows.results.map((r) => r.key_hash)).toEqual([(await keyRef('x', live)).keyHash]);
  });
});

describe('the Idempotency-Key header', () => {
  it('1 to 255 visible ASCII characters are accepted; anything else is 422 validation_failed naming the header', async () => {
    for (const bad of ['', 'has space', 'x'.repeat(256), 'caf\u00e9']) {
      const res = await call(app, '/t/things', send('POST', { name: uniqueName() }, bad, alice.auth));
      expect(res.status, JSON.stringify(bad)).toBe(422);
      const problem = await problemOf(res);
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors).toEqual([expect.objectContaining({ path: 'Idempotency-Key' })]);
    }
    for (const good of ['!', '~', 'x'.repeat(255), newId()]) {
      const res = await call(app, '/t/things', send('POST', { name: uniqueName() }, good, alice.auth));
      expect(res.status, good).toBe(201);
    }
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) }),
        (key) => {
          const visible = /^[\x21-\x7E]{1,255}$/.test(key);
          expect(IdempotencyKeySchema.safeParse(key).success).toBe(visible);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the real register route replays its status and headers, never its tokens, instead of failing with email_taken', async () => {
    const key = newId();
    const body = {
      email: `idem-${newId()}@example.test`,
      password: 'Correct-Horse-Battery-9!',
      name: 'Idem',
    };
    const first = await call(testApp(), '/api/v2/auth/register', send('POST', body, key));
    expect(first.status).toBe(201);
    const again = await call(testApp(), '/api/v2/auth/register', send('POST', body, key));
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.headers.get('Cache-Control')).toBe('no-store');
    expect(again.headers.get('Location')).toBe('/api/v2/me');
    // Credentials are never stored for replay: the client that lost the first answer logs in.
    expect(await again.text()).toBe('');
    expect(again.headers.has('Content-Type')).toBe(false);
    const withoutKey = await call(testApp(), '/api/v2/auth/register', send('POST', body, undefined));
    expect((await problemOf(withoutKey)).code).toBe('email_taken');
  });

  it('OpenAPI documents the header, 409 and 422 on every POST and PATCH, and on nothing else', async () => {
    const doc = (await (await call(testApp(), '/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<string, { parameters?: Array<{ name: string; in: string }>; responses: object }>
      >;
    };
    let keyed = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const hasHeader = (operation.parameters ?? []).some(
          (p) => p.in === 'header' && p.name === 'Idempotency-Key',
        );
        expect(hasHeader, `${method} ${path}`).toBe(method === 'post' || method === 'patch');
        if (hasHeader) {
          keyed += 1;
          expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['409', '422']));
        }
      }
    }
    expect(keyed).toBeGreaterThan(3);
  });
});
