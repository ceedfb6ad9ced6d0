import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactString } from './redact';

describe('secret redaction (1.5)', () => {
  it('redacts by key name, at any depth', () => {
    const out = redact({
      password: 'hunter2hunter2',
      nested: { refreshToken: 'abc', Authorization: 'Bearer x', apiKey: 'k', ok: 'visible' },
      list: [{ clientSecret: 's' }],
    });
    expect(out).toEqual({
      password: REDACTED,
      nested: { refreshToken: REDACTED, Authorization: REDACTED, apiKey: REDACTED, ok: 'visible' },
      list: [{ clientSecret: REDACTED }],
    });
  });

  it('redacts bearer tokens, JWTs and refresh tokens by shape inside any string', () => {
    const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlc2lnbmF0dXJl';
    const text = redactString(`auth Bearer abc.def-ghi and ${jwt} and drt_AAAAAAAAAAAAAAAAAAAAAAAA end`);
    expect(text).not.toContain('abc.def-ghi');
    expect(text).not.toContain(jwt);
    expect(text).not.toContain('drt_AAAA');
    expect(text).toContain('end');
  });

  it('keeps errors readable (name, message, stack) and redacts inside them', () => {
    const error = new Error('failed with Bearer s3cr3t-token');
    const out = redact(error) as Record<string, string>;
    expect(out.name).toBe('Error');
    expect(out.message).not.toContain('s3cr3t');
    expect(out.stack).toContain('Error');
  });

  it('survives cycles and depth', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redact(a)).toEqual({ name: 'a', self: '[Circular]' });
  });

  it('no JWT-shaped value survives redaction, wherever it sits', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/);
    fc.assert(
      fc.property(segment, segment, segment, fc.string({ maxLength: 20 }), (h, p, s, noise) => {
        const jwt = `eyJ${h}.${p}.${s}`;
        const out = JSON.stringify(redact({ note: `${noise} ${jwt} ${noise}`, list: [jwt] }));
        expect(out).not.toContain(jwt);
      }),
      { numRuns: 100 },
    );
  });
});
