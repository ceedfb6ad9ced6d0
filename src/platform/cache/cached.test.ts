// Tests of cached(): one line at the call site, typed by its loader, invalidated by its namespace.
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { Database } from '../database';
import { Problem } from '../problems';
import { type CacheBindings, cached, cacheFor } from '.';
import { inRequest } from './test-helpers';

type Place = { id: string; name: string; updatedAt: Date };

/** A service loader of the usual shape, over a table only this file has. */
async function getPlace(db: Database, id: string): Promise<Place> {
  const row = await db.get<{ id: string; name: string; updated_at: number } | undefined>(
    sql`SELECT id, name, updated_at FROM cached_test_places WHERE id = ${id}`,
  );
  if (!row) throw new Problem('not_found');
  return { id: row.id, name: row.name, updatedAt: new Date(row.updated_at) };
}

const placeNamespace = (id: string) => `place:${id}`;
const getPlaceCached = cached({ namespace: placeNamespace, key: () => 'record', ttlSeconds: 300 }, getPlace);

const savePlace = (id: string, name: string) =>
  env.DB.prepare(
    'INSERT INTO cached_test_places (id, name, updated_at) VALUES (?1, ?2, ?3) ' +
      'ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at',
  )
    .bind(id, name, Date.now())
    .run();

beforeAll(async () => {
  await env.DB.prepare(
    'CREATE TABLE IF NOT EXISTS cached_test_places (id TEXT PRIMARY KEY, name TEXT NOT NULL, updated_at INTEGER NOT NULL)',
  ).run();
});

describe('cached()', () => {
  it('loads from D1 on the first call; the next request is one hit and no D1 query', async () => {
    const id = crypto.randomUUID();
    await savePlace(id, 'Maple Court');
    const first = await inRequest(() => getPlaceCached(env, id));
    const second = await inRequest(() => getPlaceCached(env, id));
    expect(first.result).toMatchObject({ id, name: 'Maple Court' });
    expect(second.result).toEqual(first.result);
    expect(second.result.updatedAt).toBeInstanceOf(Date);
    expect(first.metrics.cacheMisses).toBe(1);
    expect(first.metrics.dbQueries).toBe(2); // the namespace version, then the row
    expect([second.metrics.cacheHits, second.metrics.cacheMisses, second.metrics.dbQueries]).toEqual([
      1, 0, 0,
    ]);
  });

  it('answers with the new row after a write invalidates its namespace', async () => {
    const id = crypto.randomUUID();
    await savePlace(id, 'Maple Court');
    await getPlaceCached(env, id);
    await savePlace(id, 'Maple Court East');
    await expect(getPlaceCached(env, id)).resolves.toMatchObject({ name: 'Maple Court' }); // not yet invalidated
    await cacheFor(env).invalidate(placeNamespace(id));
    await expect(getPlaceCached(env, id)).resolves.toMatchObject({ name: 'Maple Court East' });
  });

  it('does not cache a loader that throws (a 404 stays a 404 until the row exists)', async () => {
    const id = crypto.randomUUID();
    await expect(getPlaceCached(env, id)).rejects.toBeInstanceOf(Problem);
    await savePlace(id, 'Birch House');
    await expect(getPlaceCached(env, id)).resolves.toMatchObject({ name: 'Birch House' });
  });

  it('keeps one entry per key the options derive from the arguments', async () => {
    const id = crypto.randomUUID();
    await savePlace(id, 'Cedar Hall');
    let loads = 0;
    const greeting = cached(
      {
        namespace: (placeId) => placeNamespace(placeId),
        key: (_, language) => `greeting:${language}`,
        ttlSeconds: 60,
      },
      async (db: Database, placeId: string, language: 'en' | 'he') => {
        loads += 1;
        const { name } = await getPlace(db, placeId);
        return language === 'en' ? `Welcome to ${name}` : `ברוכים הבאים ל${name}`;
      },
    );
    await expect(greeting(env, id, 'en')).resolves.toBe('Welcome to Cedar Hall');
    await expect(greeting(env, id, 'he')).resolves.toBe('ברוכים הבאים לCedar Hall');
    await expect(greeting(env, id, 'en')).resolves.toBe('Welcome to Cedar Hall');
    expect(loads).toBe(2);
  });

  it('refuses a TTL below 60 s when it is declared, not when a request first uses it', () => {
    expect(() =>
      cached({ namespace: placeNamespace, key: () => 'record', ttlSeconds: 30 }, getPlace),
    ).toThrow(RangeError);
  });

  it('takes its argument and result types from the loader', () => {
    expectTypeOf(getPlaceCached).parameters.toEqualTypeOf<[CacheBindings, string]>();
    expectTypeOf(getPlaceCached).returns.toEqualTypeOf<Promise<Place>>();

    // @ts-expect-error the wrapper takes the loader's arguments, not others
    const wrongArgument: (bindings: CacheBindings, id: number) => Promise<Place> = getPlaceCached;
    // @ts-expect-error and returns the loader's result, not another type
    const wrongResult: (bindings: CacheBindings, id: string) => Promise<{ name: number }> = getPlaceCached;
    // @ts-expect-error the options cannot declare other parameter types than the loader's
    cached({ namespace: (id: number) => `place:${id}`, key: () => 'record', ttlSeconds: 300 }, getPlace);
    // @ts-expect-error a Map does not survive JSON
    cached({ namespace: () => 'n', key: () => 'k', ttlSeconds: 60 }, async (_db: Database) => new Map());
    // @ts-expect-error nor does undefined: a loader says "none" with null
    cached({ namespace: () => 'n', key: () => 'k', ttlSeconds: 60 }, async (_db: Database) => undefined);
    expect([wrongArgument, wrongResult]).toHaveLength(2);
  });
});
