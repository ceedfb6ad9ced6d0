// Tests the entity-tag helpers: list parsing, weak and strong comparison (RFC 9110 §8.8.3.2), coding suffixes, versions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contentEntityTag,
  entityTag,
  isEntityTag,
  parseEntityTagList,
  strongMatch,
  versionOfTag,
  weakMatch,
  weakMatchAnyCoding,
  withContentCoding,
  withoutContentCoding,
} from './entity-tag';

/** An opaque-tag's characters: %x21 / %x23-7E (no DQUOTE), commas included. */
const opaqueTag = fc
  .string({ unit: fc.constantFrom(...'!#$%&()*+,-./0123456789:;<=>?@ABCXYZ[]^_`abcxyz{|}~'), maxLength: 12 })
  .map((s) => `"${s}"`);
const tag = fc.tuple(fc.boolean(), opaqueTag).map(([weak, t]) => (weak ? `W/${t}` : t));

describe('parseEntityTagList', () => {
  it('reads each tag in order, weak ones too, with any spacing', () => {
    expect(parseEntityTagList('"a", W/"b",  "c"')).toEqual(['"a"', 'W/"b"', '"c"']);
    expect(parseEntityTagList('"a","b"')).toEqual(['"a"', '"b"']);
    expect(parseEntityTagList(' \t"a" ,, ,"b"')).toEqual(['"a"', '"b"']);
  });

  it('keeps commas that are inside a quoted tag', () => {
    expect(parseEntityTagList('"a,b", W/"c,d"')).toEqual(['"a,b"', 'W/"c,d"']);
    // A space is not an etagc, so a tag holding one is malformed and matches nothing.
    expect(parseEntityTagList('"c, d"')).toEqual([]);
  });

  it('gives * for the wildcard, and [] when absent or empty', () => {
    expect(parseEntityTagList('*')).toBe('*');
    expect(parseEntityTagList(' * ')).toBe('*');
    expect(parseEntityTagList(undefined)).toEqual([]);
    expect(parseEntityTagList(null)).toEqual([]);
    expect(parseEntityTagList('')).toEqual([]);
  });

  it('skips malformed members and stops at an unterminated quote', () => {
    expect(parseEntityTagList('abc, "ok", w/"lower", W/bare, "x"y')).toEqual(['"ok"', '"x"']);
    expect(parseEntityTagList('"a", "unterminated')).toEqual(['"a"']);
  });

  it('round-trips any list of well-formed tags', () => {
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 6 }), fc.constantFrom(',', ', ', ' ,\t'), (tags, sep) => {
        expect(parseEntityTagList(tags.join(sep))).toEqual(tags);
      }),
      { numRuns: 200 },
    );
  });
});

describe('weak and strong comparison (RFC 9110 §8.8.3.2 table)', () => {
  it.each([
    ['W/"1"', 'W/"1"', false, true],
    ['W/"1"', 'W/"2"', false, false],
    ['W/"1"', '"1"', false, true],
    ['"1"', '"1"', true, true],
  ])('%s vs %s: strong %s, weak %s', (a, b, strong, weak) => {
    expect(strongMatch(a, b)).toBe(strong);
    expect(weakMatch(a, b)).toBe(weak);
    expect(strongMatch(b, a)).toBe(strong);
    expect(weakMatch(b, a)).toBe(weak);
  });

  it('never matches something that is not an entity-tag', () => {
    expect(weakMatch('abc', 'abc')).toBe(false);
    expect(strongMatch('abc', 'abc')).toBe(false);
    expect(weakMatch('*', '*')).toBe(false);
    expect(isEntityTag('"ok"')).toBe(true);
    expect(isEntityTag('W/"ok"')).toBe(true);
    expect(isEntityTag('"has"quote"')).toBe(false);
  });

  it('strong implies weak; weak is symmetric', () => {
    fc.assert(
      fc.property(tag, tag, (a, b) => {
        if (strongMatch(a, b)) expect(weakMatch(a, b)).toBe(true);
        expect(weakMatch(a, b)).toBe(weakMatch(b, a));
        expect(weakMatch(a, a)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('content-coding suffixes', () => {
  it('names the coded representation with its own strong tag and strips it again', () => {
    expect(withContentCoding('"abc"', 'br')).toBe('"abc-br"');
    expect(withContentCoding('"3-0123456789abcdef"', 'gzip')).toBe('"3-0123456789abcdef-gzip"');
    expect(withContentCoding('"abc-gzip"', 'br')).toBe('"abc-br"');
    expect(withoutContentCoding('"abc-br"')).toBe('"abc"');
    expect(withoutContentCoding('W/"abc-gzip"')).toBe('W/"abc"');
    expect(withoutContentCoding('"abc"')).toBe('"abc"');
  });

  it('leaves weak tags alone: they already hold for every coding', () => {
    expect(withContentCoding('W/"abc"', 'br')).toBe('W/"abc"');
  });

  it('matches the same content whatever coding each side was sent with', () => {
    expect(weakMatchAnyCoding('"abc-br"', '"abc-gzip"')).toBe(true);
    expect(weakMatchAnyCoding('W/"abc-br"', '"abc"')).toBe(true);
    expect(weakMatchAnyCoding('"abc-br"', '"abd-br"')).toBe(false);
    expect(strongMatch('"abc-br"', '"abc"')).toBe(false);
  });
});

describe('versionOfTag', () => {
  it('reads the version of our versioned tags, weak, coded or not', async () => {
    const tag = await entityTag(42, { id: 'x' });
    expect(versionOfTag(tag)).toBe(42);
    expect(versionOfTag(`W/${tag}`)).toBe(42);
    expect(versionOfTag(withContentCoding(tag, 'br'))).toBe(42);
    expect(versionOfTag(`W/${withContentCoding(tag, 'gzip')}`)).toBe(42);
  });

  it('gives undefined for tags that are not versioned', async () => {
    expect(versionOfTag(await contentEntityTag('{"a":1}'))).toBeUndefined();
    expect(versionOfTag('"abc"')).toBeUndefined();
    expect(versionOfTag('*')).toBeUndefined();
  });

  it('composes with parseEntityTagList for If-Match', async () => {
    const a = await entityTag(3, { a: 1 });
    const b = await entityTag(4, { a: 2 });
    const list = parseEntityTagList(`${withContentCoding(a, 'br')}, W/${b}, "foreign"`);
    expect(list === '*' ? [] : list.map(versionOfTag)).toEqual([3, 4, undefined]);
  });
});

describe('contentEntityTag', () => {
  it('is a quoted 16-hex SHA-256 prefix, equal for equal bytes and different for different bytes', async () => {
    const a = await contentEntityTag('{"a":1}');
    expect(a).toMatch(/^"[0-9a-f]{16}"$/);
    expect(await contentEntityTag(new TextEncoder().encode('{"a":1}'))).toBe(a);
    expect(await contentEntityTag('{"a":2}')).not.toBe(a);
  });
});
