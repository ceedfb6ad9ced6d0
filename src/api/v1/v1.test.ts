import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../test/helpers/app';
import { jsonBody } from '../../../test/helpers/json';
import { createUser } from '../../../test/helpers/users';
import { newId } from '../../platform/ids';

const app = testApp();
const STRONG = 'Quartz-Meadow-Lantern-42';
const SUNSET = new Date(env.API_V1_SUNSET as string);
const DEPRECATED = new Date(env.API_V1_DEPRECATED_AT as string);

function expectDeprecationHeaders(res: Response) {
  expect(res.headers.get('Deprecation')).toBe(`@${Math.floor(DEPRECATED.getTime() / 1000)}`);
  expect(res.headers.get('Sunset')).toBe(SUNSET.toUTCString());
  expect(res.headers.get('Link')).toContain(
    '</docs/migrations/v1-to-v2>; rel="deprecation"; type="text/html"',
  );
}

describe('Property 7: Deprecation header presence', () => {
  it('every /api/v1 answer carries Deprecation, Sunset and the deprecation Link; no /api/v2 answer does', async () => {
    const user = await createUser();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/me', '/auth/login', '/auth/refresh', '/buildings', '/nothing', '/auth/register'),
        fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE'),
        fc.boolean(),
        async (path, method, signedIn) => {
          const headers = signedIn ? user.auth : {};
          const init =
            method === 'GET' || method === 'DELETE' ? { method, headers } : jsonBody(method, {}, headers);
          const v1 = await call(app, `/api/v1${path}`, init);
          expectDeprecationHeaders(v1);
          const v2 = await call(app, `/api/v2${path}`, init);
          for (const name of ['Deprecation', 'Sunset']) expect(v2.headers.get(name)).toBeNull();
          expect(v2.headers.get('Link') ?? '').not.toContain('deprecation');
        },
      ),
      { numRuns: 100 },
    );
  });

  it('after the sunset every v1 route is 410 api_version_sunset, still with the headers', async () => {
    const past = { ...env, API_V1_SUNSET: '2020-01-01T00:00:00Z' };
    for (const path of ['/api/v1/me', '/api/v1/auth/login', '/api/v1/anything']) {
      const res = await call(app, path, undefined, past);
      expect(res.status).toBe(410);
      expect((await problemOf(res)).code).toBe('api_version_sunset');
      expect(res.headers.get('Sunset')).toBe('Wed, 01 Jan 2020 00:00:00 GMT');
    }
    const v2 = await call(app, '/health', undefined, past);
    expect(v2.status).toBe(200);
  });
});

describe('v1 as a translation of v2', () => {
  it('registers and reads /me through v1 with the same bodies as v2', async () => {
    const email = `v1-${newId()}@example.com`;
    const res = await call(
      app,
      '/api/v1/auth/register',
      jsonBody('POST', { email, password: STRONG, name: 'V One' }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('Location')).toBe('/api/v1/me');
    const { accessToken } = (await res.json()) as { accessToken: string };
    const me = await call(app, '/api/v1/me', { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email, name: 'V One' });
    expectDeprecationHeaders(me);
  });

  it('problems keep their v1 instance path', async () => {
    const res = await call(app, '/api/v1/me');
    expect(res.status).toBe(401);
    expect((await problemOf(res)).instance).toBe('/api/v1/me');
  });

  it('routes v1 never had are 404', async () => {
    const user = await createUser();
    const res = await call(app, `/api/v1/buildings/${newId()}/announcements`, { headers: user.auth });
    expect(res.status).toBe(404);
    expectDeprecationHeaders(res);
  });
});

describe('v1 documents', () => {
  it('/api/v1/openapi.json lists only v1 paths, all deprecated, with decimal money', async () => {
    const doc = (await (await call(app, '/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, { deprecated: boolean }>>;
      components: { schemas: Record<string, { type?: string }> };
    };
    const paths = Object.keys(doc.paths);
    expect(paths).toContain('/api/v1/me');
    expect(paths.every((p) => p.startsWith('/api/v1/'))).toBe(true);
    for (const item of Object.values(doc.paths))
      for (const op of Object.values(item)) expect(op.deprecated).toBe(true);
    if (doc.components.schemas.Money) expect(doc.components.schemas.Money.type).toBe('number');
  });

  it('serves the migration guide the Link points at', async () => {
    const res = await call(app, '/docs/migrations/v1-to-v2');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('Migrating from /api/v1 to /api/v2');
  });
});

describe('v1 buildings: decimal money and the pagination envelope', () => {
  const building = (monthlyDues: number, currency = 'ILS') => ({
    name: 'Old Client Tower',
    address: { line1: '5 Rothschild Blvd', city: 'Tel Aviv', country: 'IL' },
    timeZone: 'Asia/Jerusalem',
    currency,
    monthlyDues,
  });

  it('takes and gives money as a decimal of major units, stored as minor units', async () => {
    const user = await createUser();
    const created = await call(app, '/api/v1/buildings', jsonBody('POST', building(450.5), user.auth));
    expect(created.status, await created.clone().text()).toBe(201);
    const v1 = (await created.json()) as { id: string; monthlyDues: number; currency: string };
    expect(v1).toMatchObject({ monthlyDues: 450.5, currency: 'ILS' });
    expect(created.headers.get('Location')).toBe(`/api/v1/buildings/${v1.id}`);
    expectDeprecationHeaders(created);

    const v2 = (await (await call(app, `/api/v2/buildings/${v1.id}`, { headers: user.auth })).json()) as {
      monthlyDues: { amount: number; currency: string };
    };
    expect(v2.monthlyDues).toMatchObject({ amount: 45050, currency: 'ILS' });

    const patched = await call(
      app,
      `/api/v1/buildings/${v1.id}`,
      jsonBody('PATCH', { monthlyDues: 100 }, user.auth),
    );
    expect(((await patched.json()) as { monthlyDues: number }).monthlyDues).toBe(100);
    const yen = await call(app, '/api/v1/buildings', jsonBody('POST', building(5000, 'JPY'), user.auth));
    expect(((await yen.json()) as { monthlyDues: number }).monthlyDues).toBe(5000);
  });

  it('answers bodies that are not objects as v2 does: 400 unparseable, 422 wrong type, never a 500', async () => {
    const user = await createUser();
    const raw = (body: string) =>
      call(app, '/api/v1/buildings', {
        method: 'POST',
        headers: { ...user.auth, 'Content-Type': 'application/json' },
        body,
      });
    expect((await problemOf(await raw('{"name":'))).code).toBe('malformed_body');
    for (const body of ['[1]', '"text"', 'null', '42']) {
      const res = await raw(body);
      expect(res.status, body).toBe(422);
      const errors = (await problemOf(res)).errors as Array<{ path: string; code: string }>;
      // One error about the body itself (path ''), not a made-up property.
      expect(
        errors.map((e) => `${e.path}:${e.code}`),
        body,
      ).toEqual([':invalid_type']);
    }
  });

  it('refuses more decimals than the currency has', async () => {
    const user = await createUser();
    const res = await call(app, '/api/v1/buildings', jsonBody('POST', building(1.234), user.auth));
    expect(res.status).toBe(422);
    expect(((await problemOf(res)).errors as Array<{ path: string }>)[0]?.path).toBe('monthlyDues');
  });

  it('lists with { data, pagination: { offset, limit, total } }', async () => {
    const user = await createUser();
    for (const dues of [100, 200, 300])
      await call(app, '/api/v1/buildings', jsonBody('POST', building(dues), user.auth));
    const res = await call(app, '/api/v1/buildings?limit=2&offset=1', { headers: user.auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      data: Array<{ monthlyDues: number }>;
      pagination: unknown;
      page?: unknown;
    };
    expect(body.pagination).toEqual({ offset: 1, limit: 2, total: 3 });
    expect(body.page).toBeUndefined();
    expect(body.data.map((b) => b.monthlyDues)).toEqual([200, 300]);
  });
});
