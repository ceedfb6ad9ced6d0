// Tests for the password policy, including the fast-check property that every broken rule is reported.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPasswordPolicy,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type PolicyFailureCode,
} from './policy';
import { estimateStrength } from './strength';

type CharClass = 'upper' | 'lower' | 'digit' | 'symbol';

// Each piece carries its classes and code-point count, written by hand, so the expected result is derived
// without reusing the regexes under test.
interface Piece {
  text: string;
  classes: CharClass[];
  codePoints: number;
}

const singles = (chars: string[], classes: CharClass[]): Piece[] =>
  chars.map((text) => ({ text, classes, codePoints: 1 }));

const CATEGORIES: Record<string, Piece[]> = {
  upper: singles(['A', 'K', 'Q', 'Z', 'É', 'Ω', 'Ж'], ['upper']),
  lower: singles(['a', 'k', 'q', 'z', 'é', 'ß', 'ω', 'ж'], ['lower']),
  digit: singles(['0', '3', '7', '9', '٣', '७'], ['digit']),
  // U+00B2 is a number but not a decimal digit, and U+0301 a combining mark: neither is a letter or digit.
  symbol: singles(['!', '@', '#', '$', '-', '_', '.', '€', '😀', '²', '\u0301'], ['symbol']),
  // Letters with no case (Hebrew, Han, titlecase) satisfy no character-class rule.
  caseless: singles(['א', 'ש', 'ת', '中', 'ǅ'], []),
  space: singles([' ', '\t', '\u00a0', '\u3000'], []),
  word: [
    { text: 'password', classes: ['lower'], codePoints: 8 },
    { text: 'Summer', classes: ['upper', 'lower'], codePoints: 6 },
    { text: 'dragon', classes: ['lower'], codePoints: 6 },
    { text: '2024', classes: ['digit'], codePoints: 4 },
    { text: 'qwerty', classes: ['lower'], codePoints: 6 },
    { text: 'P@ss', classes: ['upper', 'lower', 'symbol'], codePoints: 4 },
    { text: 'שלום', classes: [], codePoints: 4 },
    { text: '🔑🔑', classes: ['symbol'], codePoints: 2 },
  ],
};

// Picking a subset of categories first makes passwords that lack one or more classes common, not rare.
const passwordArb = fc
  .subarray(Object.keys(CATEGORIES), { minLength: 1 })
  .chain((names) =>
    fc.array(fc.constantFrom(...names.flatMap((name) => CATEGORIES[name] ?? [])), { maxLength: 30 }),
  );

const userInputsArb = fc.subarray(['dana.cohen@example.com', 'Dana Cohen']);

const RULE_ORDER: [PolicyFailureCode, CharClass][] = [
  ['missing_uppercase', 'upper'],
  ['missing_lowercase', 'lower'],
  ['missing_digit', 'digit'],
  ['missing_symbol', 'symbol'],
];

describe('checkPasswordPolicy', () => {
  it('Property 34: Password policy enforcement', async () => {
    const seen = new Map<PolicyFailureCode, { present: number; absent: number }>();
    await fc.assert(
      fc.asyncProperty(passwordArb, userInputsArb, async (pieces, userInputs) => {
        const password = pieces.map((piece) => piece.text).join('');
        const length = pieces.reduce((sum, piece) => sum + piece.codePoints, 0);
        const present = new Set(pieces.flatMap((piece) => piece.classes));

        const expected: PolicyFailureCode[] = [];
        if (length < 12) expected.push('too_short');
        for (const [code, charClass] of RULE_ORDER) if (!present.has(charClass)) expected.push(code);
        if ((await estimateStrength(password, userInputs)).score < 3) expected.push('too_weak');

        const failures = await checkPasswordPolicy(password, userInputs);
        expect(failures.map((failure) => failure.code)).toEqual(expected);
        for (const failure of failures) expect(failure.message).toMatch(/\S/);

        for (const code of ['too_short', ...RULE_ORDER.map(([c]) => c), 'too_weak'] as const) {
          const counts = seen.get(code) ?? { present: 0, absent: 0 };
          if (expected.includes(code)) counts.present++;
          else counts.absent++;
          seen.set(code, counts);
        }
      }),
      { numRuns: 200 },
    );
    // Guards against a generator that silently stops exercising one side of a rule.
    for (const [code, counts] of seen) {
      expect(counts.present, `${code} never reported`).toBeGreaterThan(0);
      expect(counts.absent, `${code} always reported`).toBeGreaterThan(0);
    }
  }, 30_000);

  it('reports every rule, in order, for an empty password', async () => {
    const codes = (await checkPasswordPolicy('')).map((failure) => failure.code);
    expect(codes).toEqual([
      'too_short',
      'missing_uppercase',
      'missing_lowercase',
      'missing_digit',
      'missing_symbol',
      'too_weak',
    ]);
  });

  it('accepts a strong password that meets every rule', async () => {
    await expect(checkPasswordPolicy('Qm3$vRt8!Lp2xZ')).resolves.toEqual([]);
  });

  it('rejects a common password that satisfies every character rule only as too weak', async () => {
    const failures = await checkPasswordPolicy('Password123!');
    expect(failures).toEqual([{ code: 'too_weak', message: expect.any(String) }]);
  });

  it('counts Unicode code points, not UTF-16 units, for the minimum length', async () => {
    const elevenCodePoints = 'Aa1!😀😀😀😀😀😀😀';
    expect(elevenCodePoints.length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
    const codes = (await checkPasswordPolicy(elevenCodePoints)).map((failure) => failure.code);
    expect(codes).toContain('too_short');
    const twelve = (await checkPasswordPolicy(`${elevenCodePoints}😀`)).map((failure) => failure.code);
    expect(twelve).not.toContain('too_short');
  });

  it('uses the user inputs when judging strength', async () => {
    const password = 'Dana.Cohen@example.com1';
    const without = (await checkPasswordPolicy(password)).map((failure) => failure.code);
    const withInputs = (await checkPasswordPolicy(password, ['dana.cohen@example.com', 'Dana Cohen'])).map(
      (failure) => failure.code,
    );
    expect(without).not.toContain('too_weak');
    expect(withInputs).toContain('too_weak');
  });

  it('exposes the length bounds the API schema relies on', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
  });
});
