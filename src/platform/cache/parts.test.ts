// Unit tests of the cache's pure parts: the stored envelope (Dates, expiry, corruption) and the L1 LRU.
import { describe, expect, it } from 'vitest';
import { open, seal, unseal } from './envelope';
import { Lru } from './lru';

describe('envelope', () => {
  it('round-trips JSON values and Dates at any depth, and is fresh only before its expiry', () => {
    const value = {
      at: new Date(1_000),
      list: [new Date(2_000), { deep: new Date(3_000) }],
      n: 1.5,
      s: 'x',
      z: null,
    };
    const text = seal(value, 10_000);
    expect(unseal(text)).toEqual({ value, expiresAt: 10_000 });
    expect(open(text, 9_999)).toEqual({ state: 'fresh', value, expiresAt: 10_000 });
    expect(open(text, 10_000)).toEqual({ state: 'expired' });
    expect(open(seal(new Date(5), 1), 0)).toEqual({ state: 'fresh', value: new Date(5), expiresAt: 1 });
  });

  it('calls anything it did not write corrupt', () => {
    for (const text of ['', 'x', '1', '"s"', 'null', '[]', '{}', '{"e":1}', '{"v":1}', '{"e":"1","v":1}']) {
      expect(open(text, 0)).toEqual({ state: 'corrupt' });
    }
  });
});

describe('L1 LRU', () => {
  it('expires each entry at its own instant', () => {
    const lru = new Lru(10, 1_000);
    lru.set('a', 'A', 100, 0);
    lru.set('b', 'B', 200, 0);
    lru.set('gone', 'G', 0, 0); // already expired: not kept
    expect([lru.get('a', 99), lru.get('a', 100), lru.get('b', 150), lru.get('gone', 0)]).toEqual([
      'A',
      undefined,
      'B',
      undefined,
    ]);
    expect(lru.size).toBe(1);
  });

  it('evicts the least recently used entry past its entry or size budget, and skips outsized texts', () => {
    const lru = new Lru(2, 80);
    lru.set('a', 'A', 100, 0);
    lru.set('b', 'B', 100, 0);
    lru.get('a', 0); // `b` is now the least recently used
    lru.set('c', 'C', 100, 0);
    expect([lru.get('a', 0), lru.get('b', 0), lru.get('c', 0)]).toEqual(['A', undefined, 'C']);

    const sized = new Lru(10, 80);
    sized.set('x', '1234567890', 100, 0);
    sized.set('too-big', '12345678901', 100, 0); // over an eighth of the budget
    expect([sized.get('x', 0), sized.get('too-big', 0)]).toEqual(['1234567890', undefined]);
    for (const key of ['p', 'q', 'r', 's', 't', 'u', 'v', 'w']) sized.set(key, '1234567890', 100, 0);
    expect(sized.get('x', 0)).toBeUndefined(); // 90 characters would exceed 80: the oldest went
    expect(sized.size).toBe(8);
  });
});
