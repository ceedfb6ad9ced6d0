// Tests for opaque refresh tokens: unguessable, recognisable, and stored only as a stable hash.
import { describe, expect, it } from 'vitest';
import {
  hashRefreshToken,
  looksLikeRefreshToken,
  newRefreshToken,
  REFRESH_TOKEN_PREFIX,
  REFRESH_TOKEN_TTL_SECONDS,
} from './refresh-token';

describe('refresh tokens', () => {
  it('are prefixed, 32 random bytes in base64url, and unique', () => {
    const tokens = Array.from({ length: 1_000 }, () => newRefreshToken());
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) {
      expect(token.startsWith(REFRESH_TOKEN_PREFIX)).toBe(true);
      expect(token).toHaveLength(REFRESH_TOKEN_PREFIX.length + 43);
      expect(looksLikeRefreshToken(token)).toBe(true);
    }
  });

  it('last 30 days', () => {
    expect(REFRESH_TOKEN_TTL_SECONDS).toBe(2_592_000);
  });

  it('hash deterministically, to 64 hex characters that differ per token', async () => {
    const token = newRefreshToken();
    const hash = await hashRefreshToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashRefreshToken(token)).toBe(hash);
    expect(hash).not.toContain(token.slice(REFRESH_TOKEN_PREFIX.length));
    const others = await Promise.all(Array.from({ length: 100 }, () => hashRefreshToken(newRefreshToken())));
    expect(new Set([hash, ...others]).size).toBe(101);
  });

  it('hash to the SHA-256 of the whole token text', async () => {
    // Known answer, so the stored format cannot drift silently (SHA-256 of "abc").
    expect(await hashRefreshToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('refuse garbage before any lookup', () => {
    const token = newRefreshToken();
    const garbage: unknown[] = [
      undefined,
      null,
      42,
      {},
      '',
      REFRESH_TOKEN_PREFIX,
      token.slice(REFRESH_TOKEN_PREFIX.length),
      `${token}A`,
      token.slice(0, -1),
      `DRT_${token.slice(4)}`,
      ` ${token}`,
      `${token}\n`,
      `${token.slice(0, -1)}+`,
      `${token.slice(0, 10)}=${token.slice(11)}`,
      // 43 characters, but the last one sets bits that 32 bytes cannot have.
      `${token.slice(0, -1)}B`,
      'eyJhbGciOiJFZERTQSJ9.e30.c2ln',
    ];
    for (const value of garbage) {
      expect(looksLikeRefreshToken(value)).toBe(false);
    }
  });
});
