// Tests for the strict base64url helpers (stored password hashes, cursors).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from './encoding';

describe('base64url', () => {
  it('round-trips arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const text = encodeBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeBase64Url(text)).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects padding, the standard alphabet, impossible lengths and non-canonical tails', () => {
    expect(decodeBase64Url('AQ==')).toBeNull();
    expect(decodeBase64Url('+/8')).toBeNull();
    expect(decodeBase64Url('A')).toBeNull();
    expect(decodeBase64Url('AR')).toBeNull();
    expect(decodeBase64Url('AQ')).toEqual(new Uint8Array([1]));
  });
});
