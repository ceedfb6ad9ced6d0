// Tests `?fields=`: selectable paths from the declared schema, per-item selection on pages, unknown_field, ETags, docs.

import { env } from 'cloudflare:workers';
import { z } from '@hono/zod-openapi';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE, problemOf, testApp } from '../../../test/helpers/app';
import type { Bindings } from '../../env';
import { defineRoute } from '../../http/openapi';
import { ReadinessSchema } from '../../modules/health/schema';
import { contentEntityTag, entityTag, versionOfTag } from '../../platform/entity-tag';
import { fieldPaths, selectableFields } from '../../platform/field-selection';
import { pageSchema } from '../../platform/paging';

const bindings: Bindings = env;

const ThingSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.object({
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    country: z.string(),
  }),
  tags: z.array(z.string()),
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  stats: z.record(z.string(), z.number()),
  parts: z.array(z.object({ sku: z.string(), qty: z.number().int() })),
  version: z.number().int().optional(),
});
type Thing = z.infer<typeof ThingSchema>;

const THING_PATHS = [
  'id',
  'name',
  'address',
  'address.line1',
  'address.line2',
  'address.city',
  'address.country',
  'tags',
  'owner',
  'owner.id',
  'owner.name',
  'stats',
  'parts',
  'parts.sku',
  'parts.qty',
  'version',
];

const thing = fc.record({
  id: fc.uuid(),
  name: fc.string({ maxLength: 20 }),
  address: fc.record({
    line1: fc.string({ maxLength: 20 }),
    line2: fc.string({ maxLength: 10 }),
    city: fc.constantFrom('Tel Aviv', 'Haifa', 'חיפה'),
    country: fc.constantFrom('IL', 'FR'),
  }),
  tags: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  owner: fc.record({ id: fc.uuid(), name: fc.string({ maxLength: 10 }) }),
  stats: fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.integer()),
  parts: fc.array(fc.record({ sku: fc.string({ maxLength: 6 }), qty: fc.nat() }), { maxLength: 3 }),
  version: fc.nat(),
});

function appWithThings() {
  const state = { item: {} as Thing, items: [] as Thing[], tag: undefined as string | undefined };
  const app = testApp();
  const getThing = defineRoute({
    method: 'get',
    path: '/t/things/{id}',
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: { description: 'A thing', content: { 'application/json': { schema: ThingSchema } } } },
  });
  app.openapi(getThing, (c) => {
    if (state.tag !== undefined) c.header('ETag', state.tag);
    return c.json(state.item, 200);
  });
  const listThings = defineRoute({
    method: 'get',
    path: '/t/things',
    responses: {
      200: {
        description: 'Things',
        content: { 'application/json': { schema: pageSchema(ThingSchema, 'ThingPage') } },
      },
    },
  });
  app.openapi(listThings, (c) => c.json({ data: state.items, page: { limit: 20, nextCursor: null } }, 200));
  const createThing = defineRoute({
    method: 'post',
    path: '/t/things',
    responses: { 201: { description: 'Created', content: { 'application/json': { schema: ThingSchema } } } },
  });
  app.openapi(createThing, (c) => c.json(state.item, 201));
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    Promise.resolve(app.request(`${BASE}${path}`, { method, headers }, bindings));
  return { app, state, get };
}

/** The values at a dot path, through lists (one entry per item), or undefined where absent. */
function valueAt(value: unknown, path: string[]): unknown {
  if (path.length === 0) return value;
  if (Array.isArray(value)) return value.map((item) => valueAt(item, path));
  if (typeof value !== 'object' || value === null) return undefined;
  const [head, ...rest] = path as [string, ...string[]];
  return head in value ? valueAt((value as Record<string, unknown>)[head], rest) : undefined;
}

/** Every selectable path present in a value (descending only where the schema declares paths below). */
function presentPaths(value: unknown, allowed: readonly string[], prefix = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((item) => presentPaths(item, allowed, prefix)))];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const below = allowed.some((p) => p.startsWith(`${path}.`));
    return [path, ...(below ? presentPaths(child, allowed, path) : [])];
  });
}

/** The paths a selection keeps: the selected ones, their ancestors and everything under a selected path. */
const kept = (selected: string[]) => (path: string) =>
  selected.some((s) => s === path || s.startsWith(`${path}.`) || path.startsWith(`${s}.`));

describe('allowed paths come from the declared schema', () => {
  it('walks nested objects, lists of objects, optional and nullable fields; records stop', () => {
    expect(fieldPaths(ThingSchema)).toEqual(THING_PATHS);
    expect(
      selectableFields({
        200: { description: '', content: { 'application/json': { schema: ThingSchema } } },
      }),
    ).toEqual({ allowed: THING_PATHS, list: false });
  });

  it('uses the item of a page schema, and the 201 schema of a create', () => {
    const page = pageSchema(ThingSchema, 'ThingPageForPaths');
    expect(
      selectableFields({ 200: { description: '', content: { 'application/json': { schema: page } } } }),
    ).toEqual({ allowed: THING_PATHS, list: true });
    expect(
      selectableFields({
        201: { description: '', content: { 'application/json': { schema: ThingSchema } } },
      }),
    ).toEqual({ allowed: THING_PATHS, list: false });
  });

  it('gives /health/ready its two top-level fields (checks is a record)', () => {
    expect(fieldPaths(ReadinessSchema)).toEqual(['status', 'checks']);
  });

  it('treats objects with a catchall like records, and bounds recursive schemas', () => {
    const loose = z.object({ a: z.string(), meta: z.object({ x: z.string() }).catchall(z.unknown()) });
    expect(fieldPaths(loose)).toEqual(['a', 'meta']);
    expect(fieldPaths(z.object({ a: z.string() }).strict())).toEqual(['a']);
    interface Node {
      name: string;
      children: Node[];
    }
    const NodeSchema: z.ZodType<Node> = z.lazy(() =>
      z.object({ name: z.string(), children: z.array(NodeSchema) }),
    );
    const paths = fieldPaths(NodeSchema);
    expect(paths.slice(0, 4)).toEqual(['name', 'children', 'children.name', 'children.children']);
    expect(paths.length).toBeLessThan(40);
  });

  it('has nothing to select in non-object answers', () => {
    expect(fieldPaths(z.array(z.string()))).toEqual([]);
    expect(
      selectableFields({ 200: { description: '', content: { 'application/json': { schema: z.string() } } } }),
    ).toBeUndefined();
    expect(selectableFields({ 204: { description: 'Nothing' } })).toBeUndefined();
  });
});

describe('Property 9: Field filtering', () => {
  it('an item keeps exactly the selected paths, with the unfiltered values', async () => {
    const { state, get } = appWithThings();
    await fc.assert(
      fc.asyncProperty(thing, fc.subarray(THING_PATHS, { minLength: 1 }), async (item, selected) => {
        state.item = item;
        state.tag = undefined;
        const full: unknown = await (await get('/t/things/1')).json();
        const res = await get(`/t/things/1?fields=${selected.join(',')}`);
        expect(res.status).toBe(200);
        const text = await res.text();
        const body: unknown = JSON.parse(text);
        for (const path of selected)
          expect(valueAt(body, path.split('.'))).toEqual(valueAt(full, path.split('.')));
        const expected = presentPaths(full, THING_PATHS).filter(kept(selected)).sort();
        expect(presentPaths(body, THING_PATHS).sort()).toEqual(expected);
        // Selection happens before the ETag: the tag names the selected bytes.
        expect(res.headers.get('ETag')).toBe(await contentEntityTag(text));
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('a page keeps exactly the selected paths in each item of data, and its page envelope', async () => {
    const { state, get } = appWithThings();
    await fc.assert(
      fc.asyncProperty(
        fc.array(thing, { maxLength: 3 }),
        fc.subarray(THING_PATHS, { minLength: 1 }),
        async (items, selected) => {
          state.items = items;
          const full = (await (await get('/t/things')).json()) as { data: unknown[]; page: unknown };
          const res = await get(`/t/things?fields=${encodeURIComponent(selected.join(','))}`);
          expect(res.status).toBe(200);
          const body = (await res.json()) as { data: unknown[]; page: unknown };
          expect(Object.keys(body)).toEqual(['data', 'page']);
          expect(body.page).toEqual(full.page);
          expect(body.data).toHaveLength(full.data.length);
          body.data.forEach((item, index) => {
            const original = full.data[index];
            for (const path of selected) {
              expect(valueAt(item, path.split('.'))).toEqual(valueAt(original, path.split('.')));
            }
            expect(presentPaths(item, THING_PATHS).sort()).toEqual(
              presentPaths(original, THING_PATHS).filter(kept(selected)).sort(),
            );
          });
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);
});

describe('fields parameter', () => {
  const sample: Thing = {
    id: 'id-1',
    name: 'Migdal',
    address: { line1: '1 Herzl', city: 'Haifa', country: 'IL' },
    tags: [],
    owner: null,
    stats: { floors: 9 },
    parts: [],
  };

  it('refuses unknown names with 400 unknown_field, one entry per name, listing the allowed paths', async () => {
    const { state, get } = appWithThings();
    state.item = sample;
    const res = await get('/t/things/1?fields=id,nope,address.zip,nope');
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(problem.code).toBe('unknown_field');
    expect(problem.errors).toEqual([
      { path: 'fields', code: 'unknown_field', message: 'Unknown field: nope.', allowed: THING_PATHS },
      { path: 'fields', code: 'unknown_field', message: 'Unknown field: address.zip.', allowed: THING_PATHS },
    ]);
    const he = await problemOf(await get('/t/things/1?fields=nope', { 'Accept-Language': 'he' }));
    expect((he.errors as Array<{ message: string }>)[0]?.message).toMatch(/[\u0590-\u05FF]/);
  });

  it('allows what the schema declares even when the data lacks it (empty list, missing optional field)', async () => {
    const { state, get } = appWithThings();
    state.items = [];
    const empty = await get('/t/things?fields=address.city,parts.sku');
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ data: [], page: { limit: 20, nextCursor: null } });
    state.item = sample;
    const missing = await get('/t/things/1?fields=address.line2,owner.name,version');
    expect(await missing.json()).toEqual({ address: {}, owner: null });
  });

  it('adds up repeated parameters, ignores empty names, keeps the answer order', async () => {
    const { state, get } = appWithThings();
    state.item = sample;
    const res = await get('/t/things/1?fields=name,&fields=id,address.city');
    expect(await res.text()).toBe('{"id":"id-1","name":"Migdal","address":{"city":"Haifa"}}');
    const none = await get('/t/things/1?fields=');
    expect(await none.json()).toEqual(sample);
  });

  it('recomputes a versioned route tag for the selection, keeping its version', async () => {
    const { state, get } = appWithThings();
    state.item = sample;
    state.tag = await entityTag(7, sample);
    const res = await get('/t/things/1?fields=id,name');
    const tag = res.headers.get('ETag') as string;
    expect(tag).toBe(await entityTag(7, { id: 'id-1', name: 'Migdal' }));
    expect(versionOfTag(tag)).toBe(7);
    expect((await get('/t/things/1?fields=id,name', { 'If-None-Match': tag })).status).toBe(304);
    expect((await get('/t/things/1', { 'If-None-Match': tag })).status).toBe(200);
  });

  it('is only for GET: a create ignores it', async () => {
    const { state, get } = appWithThings();
    state.item = sample;
    const res = await get('/t/things?fields=nope', { 'Content-Type': 'application/json' }, 'POST');
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual(sample);
  });

  it('runs after the route middleware: an unauthenticated caller gets 401, not 400', async () => {
    const res = await testApp().request(`${BASE}/api/v2/me?fields=nope`, {}, bindings);
    expect(res.status).toBe(401);
  });

  it('works on /health/ready, where checks is selectable only as a whole', async () => {
    const app = testApp();
    const res = await app.request(`${BASE}/health/ready?fields=status`, {}, bindings);
    expect(await res.json()).toEqual({ status: 'ready' });
    const deep = await problemOf(await app.request(`${BASE}/health/ready?fields=checks.d1`, {}, bindings));
    expect(deep.errors).toEqual([
      { path: 'fields', code: 'unknown_field', message: expect.any(String), allowed: ['status', 'checks'] },
    ]);
  });

  it('is documented on GET routes in the OpenAPI document, with unknown_field among the 400s', async () => {
    const { app } = appWithThings();
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    const operation = doc.paths?.['/t/things/{id}']?.get;
    const fields = operation?.parameters?.find((p) => 'name' in p && p.name === 'fields');
    expect(fields).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'string' },
      example: 'id,name',
    });
    expect(JSON.stringify(operation?.responses?.['400'])).toContain('unknown_field');
    const create = doc.paths?.['/t/things']?.post;
    expect(create?.parameters?.some((p) => 'name' in p && p.name === 'fields') ?? false).toBe(false);
    const served = (await (await app.request(`${BASE}/openapi.json`, {}, bindings)).json()) as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string }> }>>;
    };
    expect(served.paths['/health/ready']?.get?.parameters?.map((p) => p.name)).toContain('fields');
  });
});
