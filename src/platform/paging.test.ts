import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, nextPageLink, PageQuerySchema, readPage } from './paging';
import { Problem } from './problems';

const SECRET = 'test-cursor-secret-test-cursor-secret';

describe('cursors', () => {
  it('round-trip, and are bound to their list', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.string({ maxLength: 30 }),
        async (key, scope) => {
          const cursor = await encodeCursor(SECRET, scope, key);
          await expect(decodeCursor(SECRET, scope, cursor)).resolves.toBe(key);
          await expect(decodeCursor(SECRET, `${scope}x`, cursor)).rejects.toBeInstanceOf(Problem);
          await expect(decodeCursor(`${SECRET}x`, scope, cursor)).rejects.toBeInstanceOf(Problem);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('are tamper-evident: any change of one character is invalid_cursor', async () => {
    const cursor = await encodeCursor(SECRET, 'announcements:b', '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: cursor.length - 1 }),
        fc.constantFrom(...'ABCxyz019-_.'),
        async (index, char) => {
          fc.pre(cursor[index] !== char);
          const forged = cursor.slice(0, index) + char + cursor.slice(index + 1);
          const error = await decodeCursor(SECRET, 'announcements:b', forged).catch((e: unknown) => e);
          // A change in the unused low bits of the last base64url character may decode to the same bytes.
          if (!(error instanceof Problem)) expect(error).toBe('0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
          else expect(error.code).toBe('invalid_cursor');
        },
      ),
      { numRuns: 100 },
    );
    for (const garbage of ['', '.', 'a.b.c', '%%%.%%%', 'x'.repeat(600)]) {
      await expect(decodeCursor(SECRET, 's', garbage)).rejects.toMatchObject({ code: 'invalid_cursor' });
    }
  });
});

describe('page query', () => {
  it('bounds limit to 1..100 (default 20) and refuses cursor with offset', () => {
    expect(PageQuerySchema.parse({}).limit).toBe(20);
    for (const limit of ['1', '100']) expect(PageQuerySchema.safeParse({ limit }).success).toBe(true);
    for (const limit of ['0', '101', '-1', '2.5', 'ten'])
      expect(PageQuerySchema.safeParse({ limit }).success).toBe(false);
    expect(PageQuerySchema.safeParse({ cursor: 'a.b', offset: '3' }).success).toBe(false);
  });

  it('reads keyset pages and offset pages, with a next link only when there is more', async () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ id: `k${i}` }));
    const source = {
      keyset: async (after: string | undefined, limit: number) =>
        items.filter((i) => after === undefined || i.id > after).slice(0, limit),
      offset: async (offset: number, limit: number) => ({
        rows: items.slice(offset, offset + limit),
        total: items.length,
      }),
      key: (item: { id: string }) => item.id,
    };
    const key = { secret: SECRET, scope: 'test' };
    const first = await readPage({ limit: 2 }, source, key);
    expect(first.data.map((i) => i.id)).toEqual(['k0', 'k1']);
    expect(nextPageLink('http://x/list?limit=2', first.page)).toMatch(
      /^<\/list\?limit=2&cursor=[^>]+>; rel="next"$/,
    );
    const last = await readPage(
      { limit: 2, cursor: (await readPage({ limit: 4 }, source, key)).page.nextCursor ?? '' },
      source,
      key,
    );
    expect(last.data.map((i) => i.id)).toEqual(['k4']);
    expect(last.page.nextCursor).toBeNull();
    expect(nextPageLink('http://x/list', last.page)).toBeUndefined();
    const byOffset = await readPage({ limit: 2, offset: 2 }, source, key);
    expect(byOffset.page).toEqual({ limit: 2, nextCursor: null, offset: 2, total: 5 });
    expect(nextPageLink('http://x/list?offset=2&limit=2', byOffset.page)).toBe(
      '</list?offset=4&limit=2>; rel="next"',
    );
    expect(
      nextPageLink(
        'http://x/list?offset=4&limit=2',
        (await readPage({ limit: 2, offset: 4 }, source, key)).page,
      ),
    ).toBeUndefined();
  });
});
