// Tests of the namespace version store: reads, time-based monotonic bumps, several in one transaction.
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { database } from '../database';
import { cacheVersions } from './tables';
import { bumpVersions, readVersion } from './version-store';

const db = database(env.DB);
const fresh = () => `test:${crypto.randomUUID()}`;
const T = Date.parse('2026-11-25T10:00:00Z');

describe('cache namespace versions', () => {
  it('reads 0 for a namespace never bumped', async () => {
    await expect(readVersion(db, fresh())).resolves.toBe(0);
  });

  it('bumps to the current time, then by at least one, never backwards even when the clock is', async () => {
    const ns = fresh();
    expect((await bumpVersions(db, [ns], T)).get(ns)).toBe(T);
    expect((await bumpVersions(db, [ns], T)).get(ns)).toBe(T + 1); // two bumps in one millisecond
    expect((await bumpVersions(db, [ns], T - 60_000)).get(ns)).toBe(T + 2); // a clock behind the last bump
    expect((await bumpVersions(db, [ns], T + 5_000)).get(ns)).toBe(T + 5_000);
    await expect(readVersion(db, ns)).resolves.toBe(T + 5_000);
    const [row] = await db.select().from(cacheVersions).where(eq(cacheVersions.namespace, ns));
    expect(row?.updatedAt).toEqual(new Date(T + 5_000));
  });

  it('re-creates a pruned row above every version it had, so old keys stay unreachable', async () => {
    const ns = fresh();
    for (let i = 0; i < 3; i++) await bumpVersions(db, [ns], T);
    const before = await readVersion(db, ns);
    await db.delete(cacheVersions).where(eq(cacheVersions.namespace, ns));
    await expect(readVersion(db, ns)).resolves.toBe(0);
    const after = (await bumpVersions(db, [ns], T + 86_400_000)).get(ns) ?? 0; // pruned after the longest TTL
    expect(after).toBeGreaterThan(before);
  });

  it('bumps several namespaces in one call, each once, and nothing for none', async () => {
    const [a, b] = [fresh(), fresh()];
    await bumpVersions(db, [a], T);
    const versions = await bumpVersions(db, [a, b, a], T);
    expect(versions).toEqual(
      new Map([
        [a, T + 1],
        [b, T],
      ]),
    );
    await expect(bumpVersions(db, [], T)).resolves.toEqual(new Map());
  });
});
