// Tests for zxcvbn-based strength estimation and its localised feedback.
import { Options } from '@zxcvbn-ts/core';
import { describe, expect, it } from 'vitest';
import { estimateStrength } from './strength';

const HEBREW_LETTER = /\p{Script=Hebrew}/u;
const defaultKeys = new Options().translations;
const RAW_KEYS = new Set<string>([
  ...Object.keys(defaultKeys.warnings),
  ...Object.keys(defaultKeys.suggestions),
]);

// Chosen to trigger each family of zxcvbn feedback (dictionary, l33t, reversal, case, repeats, sequences,
// keyboard patterns, dates, years, names, user inputs, empty input).
const FEEDBACK_SAMPLES = [
  '',
  'password',
  'P@ssw0rd',
  'drowssap',
  'PASSWORD',
  'Password',
  'aaaaaaaa',
  'abcabcabc',
  'abcdefgh',
  'qwertyuiop',
  'zxcvfr',
  '12/05/1990',
  '2019',
  'john',
  'smith',
  'johnsmith',
  'mondaytuesdaywednesday',
  'dana.cohen',
];

describe('estimateStrength', () => {
  it('scores "password" at most 1 with a warning', async () => {
    const result = await estimateStrength('password');
    expect(result.score).toBeLessThanOrEqual(1);
    expect(result.feedback.warning).toEqual(expect.any(String));
  });

  it('scores a long random passphrase 4 with no feedback', async () => {
    const result = await estimateStrength('plinth marzipan oxbow fjord quasar');
    expect(result.score).toBe(4);
    expect(result.feedback).toEqual({ warning: null, suggestions: [] });
  });

  it('lowers the score when the password contains the user inputs', async () => {
    const password = 'DanaCohen1987!';
    const without = await estimateStrength(password);
    const withInputs = await estimateStrength(password, ['dana.cohen@example.com', 'Dana Cohen']);
    expect(withInputs.score).toBeLessThan(without.score);
  });

  it('recognises parts of an email address, not only the whole address', async () => {
    const without = await estimateStrength('cohen');
    const withEmail = await estimateStrength('cohen', ['dana.cohen@example.com'], 'en');
    expect(without.feedback.warning).not.toBe(withEmail.feedback.warning);
    expect(withEmail.feedback.warning).toMatch(/personal details/);
  });

  it('gives Hebrew feedback that differs from English and is written in Hebrew', async () => {
    const en = await estimateStrength('password', [], 'en');
    const he = await estimateStrength('password', [], 'he');
    expect(he.score).toBe(en.score);
    expect(he.feedback.warning).not.toBe(en.feedback.warning);
    expect(he.feedback.warning).toMatch(HEBREW_LETTER);
    expect(he.feedback.suggestions.length).toBe(en.feedback.suggestions.length);
    for (const suggestion of he.feedback.suggestions) expect(suggestion).toMatch(HEBREW_LETTER);
  });

  it('never returns a raw zxcvbn key as feedback', async () => {
    let strings = 0;
    for (const lang of ['en', 'he'] as const) {
      for (const password of FEEDBACK_SAMPLES) {
        const { feedback } = await estimateStrength(password, ['dana.cohen@example.com'], lang);
        for (const text of [feedback.warning, ...feedback.suggestions]) {
          if (text === null) continue;
          strings++;
          expect(RAW_KEYS.has(text), `${lang} "${password}" gave raw key ${text}`).toBe(false);
          if (lang === 'he') expect(text).toMatch(HEBREW_LETTER);
        }
      }
    }
    expect(strings).toBeGreaterThan(FEEDBACK_SAMPLES.length);
  });

  it('does not repeat a suggestion', async () => {
    for (const password of FEEDBACK_SAMPLES) {
      const { suggestions } = (await estimateStrength(password)).feedback;
      expect(new Set(suggestions).size).toBe(suggestions.length);
    }
  });
});
