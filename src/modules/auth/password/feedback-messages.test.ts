// Tests that every zxcvbn-ts feedback key has English and Hebrew text, and that unknown keys fall back safely.
import { Options } from '@zxcvbn-ts/core';
import { describe, expect, it } from 'vitest';
import { suggestionMessage, warningMessage } from './feedback-messages';

const HEBREW_LETTER = /\p{Script=Hebrew}/u;
// The installed zxcvbn-ts's default translations are its key list, so this follows library upgrades.
const { warnings, suggestions } = new Options().translations;

describe.each([
  ['warning', Object.keys(warnings), warningMessage],
  ['suggestion', Object.keys(suggestions), suggestionMessage],
] as const)('%s messages', (_kind, keys, message) => {
  const fallback = message('no-such-key-in-any-version');

  it.each(keys)('has English and Hebrew text for %s', (key) => {
    const en = message(key, 'en');
    const he = message(key, 'he');
    expect(en).not.toBe(key);
    expect(en).not.toBe(fallback);
    expect(en).not.toMatch(HEBREW_LETTER);
    expect(he).toMatch(HEBREW_LETTER);
    expect(he).not.toBe(en);
  });

  it('falls back to English for an unknown key in every language', () => {
    for (const lang of ['en', 'he'] as const) {
      for (const key of ['no-such-key-in-any-version', '__proto__', 'constructor', 'toString', '']) {
        const text = message(key, lang);
        expect(text).toBe(fallback);
        expect(text).not.toBe(key);
        expect(text).not.toMatch(HEBREW_LETTER);
      }
    }
  });
});
