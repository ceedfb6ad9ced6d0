// Property test: a signed access token cannot be altered by even one character and still be accepted.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Problem } from '../../../platform/problems';
import { signAccessToken, verifyAccessToken } from './access-token';
import { type KeyRing, parseKeyRing } from './key-ring';
import { privateJwk, ringJson } from './test-keys';

const now = new Date('2026-11-25T10:00:00Z');

describe('Access tokens', () => {
  let ring: KeyRing;
  let token: string;

  beforeAll(async () => {
    ring = await parseKeyRing(ringJson(await privateJwk('EdDSA', 'property')));
    ({ token } = await signAccessToken(ring, { sub: 'user-1', sid: 'session-1', admin: false }, now));
    await verifyAccessToken(ring, token, now); // the unaltered token is valid, so refusals below are earned
  });

  it('any single-byte change to a signed token is refused', async () => {
    // Every position and byte is possible, but the last character of each segment (whose unused bits
    // let some changes decode to the same bytes) and base64url characters are drawn far more often,
    // so the 100 runs are all but sure to try the changes a lenient decoder would let through.
    const segmentEnds = [...token.matchAll(/\./g)].map((match) => match.index - 1).concat(token.length - 1);
    const position = fc.oneof(
      { weight: 2, arbitrary: fc.nat({ max: token.length - 1 }) },
      { weight: 1, arbitrary: fc.constantFrom(...segmentEnds) },
      { weight: 1, arbitrary: fc.constant(token.length - 1) },
    );
    const base64urlCodes = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/'].map(
      (c) => c.charCodeAt(0),
    );
    const byte = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...base64urlCodes) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
    );
    const change = fc.tuple(position, byte).filter(([index, code]) => token.charCodeAt(index) !== code);

    await fc.assert(
      fc.asyncProperty(change, async ([index, code]) => {
        const altered = `${token.slice(0, index)}${String.fromCharCode(code)}${token.slice(index + 1)}`;
        const error: unknown = await verifyAccessToken(ring, altered, now).then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(error).toBeInstanceOf(Problem);
        expect((error as Problem).code).toBe('unauthenticated');
      }),
      { numRuns: 100 },
    );
  });
});
