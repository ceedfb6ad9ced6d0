// Checks the bundled texts: every problem code translated, placeholders consistent, Hebrew really Hebrew.
import { describe, expect, it } from 'vitest';
import { type ProblemCode, problemStatus } from '../../problems';
import { FALLBACK_MESSAGE, hasTranslation, t } from '../index';
import { leaves, placeholders } from '../test-helpers';
import { en } from './en';
import { he } from './he';

const codes = Object.keys(problemStatus) as ProblemCode[];
const enLeaves = leaves(en);
const heLeaves = leaves(he);
const HEBREW_LETTER = /[\u05d0-\u05ea]/;

/** 'validation.too_small.string_two' → 'validation.too_small.string': plural forms share their placeholders. */
const family = (key: string): string => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('bundled texts', () => {
  it.each(codes)('problem %s has an English title and detail', (code) => {
    for (const part of ['title', 'detail']) {
      const key = `problems.${code}.${part}`;
      expect(hasTranslation('en', key), key).toBe(true);
      const text = t('en', key);
      expect(text).not.toBe(FALLBACK_MESSAGE);
      expect(text).not.toContain('{{');
    }
  });

  it.each(codes)('problem %s has a Hebrew title', (code) => {
    const key = `problems.${code}.title`;
    expect(hasTranslation('he', key), key).toBe(true);
    expect(t('he', key)).toMatch(HEBREW_LETTER);
  });

  it('has no problem texts for codes outside the catalogue', () => {
    expect(Object.keys(en.problems).sort()).toEqual([...codes].sort());
    expect(Object.keys(he.problems ?? {}).every((code) => code in problemStatus)).toBe(true);
  });

  it('has a message for every password-policy rule in both languages', () => {
    for (const rule of [
      'too_short',
      'missing_uppercase',
      'missing_lowercase',
      'missing_digit',
      'missing_symbol',
      'too_weak',
    ]) {
      expect(hasTranslation('en', `password.${rule}`), rule).toBe(true);
      expect(hasTranslation('he', `password.${rule}`), rule).toBe(true);
    }
  });

  it('has no empty texts', () => {
    for (const [key, text] of [...enLeaves, ...heLeaves]) expect(text.trim(), key).not.toBe('');
  });

  it('uses in Hebrew only placeholders that English uses for the same key', () => {
    const enFamilies = new Map<string, Set<string>>();
    for (const [key, text] of enLeaves) {
      const names = enFamilies.get(family(key)) ?? new Set<string>();
      for (const name of placeholders(text)) names.add(name);
      enFamilies.set(family(key), names);
    }
    for (const [key, text] of heLeaves) {
      expect(enFamilies.has(family(key)), key).toBe(true);
      for (const name of placeholders(text)) expect(enFamilies.get(family(key))?.has(name), key).toBe(true);
    }
  });

  it('writes Hebrew texts in Hebrew', () => {
    const untranslated = [...heLeaves].filter(
      ([key, text]) => !key.startsWith('validation.types.') && !HEBREW_LETTER.test(text),
    );
    expect(untranslated).toEqual([]);
  });
});
