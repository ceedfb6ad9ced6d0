// Rate limits through the app (2.7): Property 12 (the exact auth policy), the binding policies, partitions, headers,
// exemptions and the OpenAPI document.
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../test/helpers/app';
import { captureLogs } from '../../../test/helpers/logs';
import { awayFromWindowEdge, TINY_LIMIT } from '../../../test/helpers/rate-limit';
import { createUser } from '../../../test/helpers/users';
import type { Bindings } from '../../env';
import { clientBucket, UNKNOWN_CLIENT } from '../../platform/client-ip';
import { BINDING_LIMITS } from './policies';

type App = ReturnType<typeof testApp>;

/** One env object per auth limit: the validated config is cached per env object. */
const envs = new Map<number, Bindings>();
function withAuthLimit(limit: number): Bindings {
  let bindings = envs.get(limit);
  if (!bindings) {
    bindings = { ...env, RATE_LIMIT_AUTH_PER_MINUTE: String(limit) };
    envs.set(limit, bindings);
  }
  return bindings;
}

/** The real test binding of 3 per minute (vitest.config.ts) in place of the `user` or `anonymous` one. */
const tinyUser: Bindings = { ...env, USER_RATE_LIMIT: env.TINY_RATE_LIMIT };
const tinyAnonymous: Bindings = { ...env, ANONYMOUS_RATE_LIMIT: env.TINY_RATE_LIMIT };

/** A client address no other test uses: every test gets buckets of its own. */
let clients = 0;
const freshIp = () => {
  clients += 1;
  return `198.18.${Math.floor(clients / 250)}.${(clients % 250) + 1}`;
};

function appWithRoutes(): App {
  const app = testApp();
  app.get('/t/open', (c) => c.json({ ok: true }));
  app.post('/api/v2/auth/t-probe', (c) => c.json({ ok: true }));
  return app;
}

const POLICY = /^"(auth|user|anonymous)";q=(\d+);w=60$/;
const STATE = /^"(auth|user|anonymous)";r=(\d+);t=(\d+)$/;

function policyOf(res: Response) {
  const policy = POLICY.exec(res.headers.get('RateLimit-Policy') ?? '');
  if (!policy) throw new Error(`no RateLimit-Policy on ${res.status}`);
  return { name: policy[1], quota: Number(policy[2]) };
}

function parsed(res: Response) {
  const state = STATE.exec(res.headers.get('RateLimit') ?? '');
  if (!state) throw new Error(`no RateLimit on ${res.status}`);
  return { ...policyOf(res), stateName: state[1], r: Number(state[2]), t: Number(state[3]) };
}

const probe = (app: App, ip: string, bindings: Bindings, headers: Record<string, string> = {}) =>
  call(
    app,
    '/api/v2/auth/t-probe',
    { method: 'POST', headers: { 'CF-Connecting-IP': ip, ...headers } },
    bindings,
  );

describe('Property 12: Rate limit enforcement', () => {
  it('auth (exact): for a limit n and k requests, exactly min(k, n) succeed; the rest are 429 with Retry-After ≥ 1 and the headers', async () => {
    const app = appWithRoutes();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 12 }), async (n, k) => {
        const bindings = withAuthLimit(n);
        const ip = freshIp();
        const responses = await Promise.all(Array.from({ length: k }, () => probe(app, ip, bindings)));
        const ok = responses.filter((res) => res.status === 200);
        const limited = responses.filter((res) => res.status === 429);
        expect(ok).toHaveLength(Math.min(k, n));
        expect(limited).toHaveLength(k - Math.min(k, n));
        expect(ok.map((res) => parsed(res).r).sort((a, b) => b - a)).toEqual(
          Array.from({ length: ok.length }, (_, i) => n - 1 - i),
        );
        for (const res of [...ok, ...limited]) {
          const headers = parsed(res);
          expect(headers).toMatchObject({ name: 'auth', quota: n, stateName: 'auth' });
          expect(headers.t).toBeGreaterThanOrEqual(1);
          expect(headers.t).toBeLessThanOrEqual(60);
        }
        for (const res of limited) {
          const retryAfter = Number(res.headers.get('Retry-After'));
          expect(retryAfter).toBeGreaterThanOrEqual(1);
          expect(retryAfter).toBeLessThanOrEqual(60);
          // The effective window does not end before Retry-After (draft §6).
          expect(parsed(res)).toMatchObject({ r: 0, t: retryAfter });
          expect(await problemOf(res)).toMatchObject({ code: 'rate_limited', status: 429 });
        }
      }),
      { numRuns: 100 },
    );
    // Up to 1,200 Durable Object calls: sized for a busy 2-core machine, not for speed.
  }, 60_000);
});

describe('the binding policies (user, anonymous)', () => {
  /** The fourth request within the minute is refused: 429 with Retry-After 60, r=0 and the policy. */
  async function expectRefusedAfterLimit(send: () => Promise<Response>, name: 'user' | 'anonymous') {
    for (let i = 1; i <= TINY_LIMIT; i += 1) {
      const res = await send();
      expect(res.status, `request ${i}`).toBe(200);
      expect(policyOf(res)).toEqual({ name, quota: BINDING_LIMITS[name].limit });
      // A binding does not say what remains, so a success carries no RateLimit field.
      expect(res.headers.has('RateLimit'), `request ${i}`).toBe(false);
    }
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('60');
    expect(parsed(limited)).toEqual({
      name,
      quota: BINDING_LIMITS[name].limit,
      stateName: name,
      r: 0,
      t: 60,
    });
    expect(await problemOf(limited)).toMatchObject({ code: 'rate_limited', status: 429 });
  }

  it('anonymous: counted per client IP; the 4th request within the minute is 429; another IP is not affected', {
    timeout: 15_000,
  }, async () => {
    const app = appWithRoutes();
    await awayFromWindowEdge();
    const ip = freshIp();
    await expectRefusedAfterLimit(
      () => call(app, '/t/open', { headers: { 'CF-Connecting-IP': ip } }, tinyAnonymous),
      'anonymous',
    );
    const other = await call(app, '/t/open', { headers: { 'CF-Connecting-IP': freshIp() } }, tinyAnonymous);
    expect(other.status).toBe(200);
  });

  it('user: counted per user across IPs; the 4th is 429; another user behind the same IP is not affected', {
    timeout: 15_000,
  }, async () => {
    const app = appWithRoutes();
    const [alice, bob] = await Promise.all([createUser(), createUser()]);
    await awayFromWindowEdge();
    const shared = freshIp();
    let sent = 0;
    // Every request of Alice's from another IP but the first: still one bucket.
    await expectRefusedAfterLimit(() => {
      sent += 1;
      return call(
        app,
        '/t/open',
        { headers: { ...alice.auth, 'CF-Connecting-IP': sent === 1 ? shared : freshIp() } },
        tinyUser,
      );
    }, 'user');
    const bobs = await call(
      app,
      '/t/open',
      { headers: { ...bob.auth, 'CF-Connecting-IP': shared } },
      tinyUser,
    );
    expect(bobs.status).toBe(200);
    expect(policyOf(bobs)).toMatchObject({ name: 'user' });
    // The anonymous bucket of the shared IP is untouched by Alice's requests too.
    const anonymous = await call(app, '/t/open', { headers: { 'CF-Connecting-IP': shared } }, tinyAnonymous);
    expect(anonymous.status).toBe(200);
  });

  it('a forged or expired token counts per IP, so it cannot burn the bucket of the user it names', {
    timeout: 15_000,
  }, async () => {
    const app = appWithRoutes();
    const tiny: Bindings = {
      ...env,
      USER_RATE_LIMIT: env.TINY_RATE_LIMIT,
      ANONYMOUS_RATE_LIMIT: env.TINY_RATE_LIMIT,
    };
    const victim = await createUser();
    const [header, payload] = victim.token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(86)}`;
    await awayFromWindowEdge();
    const ip = freshIp();
    for (let i = 0; i < TINY_LIMIT + 1; i += 1) {
      const res = await call(
        app,
        '/t/open',
        { headers: { Authorization: `Bearer ${forged}`, 'CF-Connecting-IP': ip } },
        tiny,
      );
      expect(policyOf(res)).toMatchObject({ name: 'anonymous' });
    }
    const own = await call(app, '/t/open', { headers: { ...victim.auth, 'CF-Connecting-IP': ip } }, tiny);
    expect(own.status).toBe(200);
    expect(policyOf(own)).toMatchObject({ name: 'user' });
  });

  it('error answers carry the policy too, and the 429 is a problem', { timeout: 15_000 }, async () => {
    const app = testApp();
    await awayFromWindowEdge();
    const ip = freshIp();
    for (let i = 0; i < TINY_LIMIT; i += 1) {
      const missing = await call(
        app,
        '/api/v2/nothing',
        { headers: { 'CF-Connecting-IP': ip } },
        tinyAnonymous,
      );
      expect(missing.status).toBe(404);
      expect(policyOf(missing)).toEqual({ name: 'anonymous', quota: BINDING_LIMITS.anonymous.limit });
    }
    const limited = await call(
      app,
      '/api/v2/nothing',
      { headers: { 'CF-Connecting-IP': ip } },
      tinyAnonymous,
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    expect(limited.headers.get('Retry-After')).toBe('60');
  });

  it('a failing binding lets the request through (fail open) and logs an error', async () => {
    const app = appWithRoutes();
    const broken: Bindings = {
      ...env,
      ANONYMOUS_RATE_LIMIT: {
        limit: () => Promise.reject(new Error('binding down')),
      },
    };
    const logs = captureLogs();
    const res = await call(app, '/t/open', { headers: { 'CF-Connecting-IP': freshIp() } }, broken);
    const lines = logs.records().filter((r) => r.msg === 'rate limiter unavailable');
    logs.restore();
    expect(res.status).toBe(200);
    expect(res.headers.has('RateLimit-Policy')).toBe(false);
    expect(lines).toHaveLength(1);
  });
});

describe('when the auth counter fails', () => {
  it('auth fails closed: 503 service_unavailable with Retry-After, logged; the route never runs', async () => {
    const app = appWithRoutes();
    const unreachable = {
      ...env.RATE_LIMITER,
      idFromName: env.RATE_LIMITER.idFromName.bind(env.RATE_LIMITER),
      get: () => {
        throw new Error('Durable Object overloaded');
      },
    } as unknown as Bindings['RATE_LIMITER'];
    const broken: Bindings = { ...env, RATE_LIMITER: unreachable };
    const logs = captureLogs();
    const res = await probe(app, freshIp(), broken);
    const lines = logs.records().filter((r) => r.msg === 'rate limiter unavailable');
    logs.restore();
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect((await problemOf(res)).code).toBe('service_unavailable');
    expect(lines).toHaveLength(1);
  });
});

describe('policies and partitions', () => {
  it('/api/*/auth/* counts per IP, with or without a token, separately from the other policies', async () => {
    const app = appWithRoutes();
    const bindings = withAuthLimit(2);
    const user = await createUser();
    const ip = freshIp();
    expect((await probe(app, ip, bindings)).status).toBe(200);
    const withToken = await probe(app, ip, bindings, user.auth);
    expect(withToken.status).toBe(200);
    expect(parsed(withToken)).toMatchObject({ name: 'auth', quota: 2, r: 0 });
    const third = await probe(app, ip, bindings);
    expect(third.status).toBe(429);
    // Another IP has its own auth bucket, and this IP still has its anonymous one.
    expect((await probe(app, freshIp(), bindings)).status).toBe(200);
    const open = await call(app, '/t/open', { headers: { 'CF-Connecting-IP': ip } }, bindings);
    expect(open.status).toBe(200);
    expect(policyOf(open)).toMatchObject({ name: 'anonymous' });
  });

  it('the real login route is limited too (v2 and v1 alike)', async () => {
    const app = testApp();
    const bindings = withAuthLimit(1);
    const ip = freshIp();
    const login = (version: string) =>
      call(
        app,
        `/api/${version}/auth/login`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': ip },
          body: JSON.stringify({ email: 'nobody@example.test', password: 'Wrong-Password-1' }),
        },
        bindings,
      );
    expect((await login('v2')).status).toBe(401);
    const limited = await login('v1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('RateLimit-Policy')).toBe('"auth";q=1;w=60');
  });

  it('/health and /health/ready are never limited and carry no RateLimit headers', async () => {
    const app = testApp();
    const ip = freshIp();
    for (let i = 0; i < TINY_LIMIT + 1; i += 1) {
      for (const path of ['/health', '/health/ready']) {
        const res = await call(app, path, { headers: { 'CF-Connecting-IP': ip } }, tinyAnonymous);
        expect(res.status, path).toBe(200);
        expect(res.headers.has('RateLimit')).toBe(false);
        expect(res.headers.has('RateLimit-Policy')).toBe(false);
      }
    }
  });
});

describe('client buckets', () => {
  it('IPv4 as is, IPv6 by its /64, IPv4-mapped IPv6 as IPv4, none as one shared bucket', () => {
    expect(clientBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(clientBucket('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
    expect(clientBucket('2001:db8:aa:bb::99')).toBe('2001:db8:aa:bb::/64');
    expect(clientBucket('2001:DB8::1')).toBe('2001:db8:0:0::/64');
    expect(clientBucket('::1')).toBe('0:0:0:0::/64');
    expect(clientBucket('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientBucket('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(clientBucket(undefined)).toBe(UNKNOWN_CLIENT);
    expect(clientBucket('  ')).toBe(UNKNOWN_CLIENT);
  });

  it('every address of one /64 shares a bucket; anything unparseable is kept (bounded) as its own bucket', () => {
    fc.assert(
      fc.property(
        fc.ipV6(),
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 4, maxLength: 4 }),
        (ip, low) => {
          const bucket = clientBucket(ip);
          if (bucket.endsWith('::/64')) {
            const prefix = bucket.slice(0, -'::/64'.length);
            expect(clientBucket(`${prefix}:${low.map((g) => g.toString(16)).join(':')}`)).toBe(bucket);
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(clientBucket('not an address').length).toBeLessThanOrEqual(64);
    expect(clientBucket('1:2:3:4:5:6:7:8:9')).toBe('1:2:3:4:5:6:7:8:9');
  });
});

describe('OpenAPI', () => {
  it('documents a 429 with Retry-After and the RateLimit headers on every route but the health probes', async () => {
    const res = await call(testApp(), '/openapi.json');
    const doc = (await res.json()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { description: string; headers?: object }> }>
      >;
    };
    let seen = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const tooMany = operation.responses['429'];
        if (path.startsWith('/health')) {
          expect(tooMany, `${method} ${path}`).toBeUndefined();
          continue;
        }
        seen += 1;
        expect(tooMany, `${method} ${path}`).toBeDefined();
        expect(Object.keys(tooMany?.headers ?? {})).toEqual(
          expect.arrayContaining(['Retry-After', 'RateLimit', 'RateLimit-Policy']),
        );
        expect(tooMany?.description).toMatch(path.includes('/auth/') ? /`auth`/ : /`(user|anonymous)`/);
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) < 300) expect(Object.keys(response.headers ?? {})).toContain('RateLimit');
        }
      }
    }
    expect(seen).toBeGreaterThan(5);
  });
});
