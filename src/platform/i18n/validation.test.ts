// Tests that real zod v4 issues turn into translated, parameterised messages in English and Hebrew.
import { describe, expect, it } from 'vitest';
import { type core, z } from 'zod';
import { FALLBACK_MESSAGE, hasTranslation, t, validationMessage } from './index';
import type { Language } from './languages';

const issueFor = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a validation failure');
  const [issue] = result.error.issues;
  if (issue === undefined) throw new Error('expected an issue');
  return issue;
};

const message = (lang: Language, schema: z.ZodType, input: unknown) =>
  validationMessage(lang, issueFor(schema, input));

// Every zod v4 issue code; a code added to zod fails to compile here until it is listed.
const ISSUE_CODES = Object.keys({
  invalid_type: true,
  too_small: true,
  too_big: true,
  invalid_format: true,
  not_multiple_of: true,
  unrecognized_keys: true,
  invalid_union: true,
  invalid_key: true,
  invalid_element: true,
  invalid_value: true,
  custom: true,
} satisfies Record<core.$ZodIssueCode, true>);

describe('validation.<issue code>', () => {
  it.each(ISSUE_CODES)('%s has a text in English and Hebrew', (code) => {
    expect(hasTranslation('en', `validation.${code}`)).toBe(true);
    expect(hasTranslation('he', `validation.${code}`)).toBe(true);
  });

  it('reads well with only the raw zod parameters', () => {
    expect(t('en', 'validation.too_small', { minimum: 3, origin: 'string' })).toBe(
      'Too small: the minimum is 3.',
    );
    expect(t('he', 'validation.too_big', { maximum: 100 })).toBe('הערך גדול מדי: המקסימום הוא 100.');
    expect(t('en', 'validation.invalid_type', { expected: 'string' })).toBe('Expected string.');
    expect(t('he', 'validation.unrecognized_keys', { keys: 'isAdmin' })).toBe('שדה לא מוכר: isAdmin.');
    expect(t('en', 'validation.invalid_value', { values: 'open, resolved' })).toBe(
      'Must be one of: open, resolved.',
    );
    expect(t('en', 'validation.unrecognized_keys', { keys: 'a, b', count: 2 })).toBe('Unknown fields: a, b.');
    expect(t('he', 'validation.unrecognized_keys', { keys: 'a, b', count: 2 })).toBe('שדות לא מוכרים: a, b.');
  });
});

describe('validationMessage', () => {
  it('explains sizes with the limit and the right plural form', () => {
    expect(message('en', z.string().min(3), 'x')).toBe('Must be at least 3 characters long.');
    expect(message('he', z.string().min(3), 'x')).toBe('יש להזין לפחות 3 תווים.');
    expect(message('he', z.string().min(2), 'x')).toBe('יש להזין לפחות שני תווים.');
    expect(message('en', z.string().min(1), '')).toBe('Must be at least 1 character long.');
    expect(message('he', z.string().min(1), '')).toBe('יש להזין לפחות תו אחד.');
    expect(message('en', z.string().max(100), 'x'.repeat(101))).toBe('Must be at most 100 characters long.');
    expect(message('he', z.array(z.number()).max(1), [1, 2])).toBe('אפשר לכלול פריט אחד לכל היותר.');
    expect(message('en', z.string().length(4), 'abc')).toBe('Must be exactly 4 characters long.');
    expect(message('en', z.number().gt(5), 1)).toBe('Must be greater than 5.');
    expect(message('he', z.number().min(1), 0)).toBe('הערך צריך להיות 1 לפחות.');
    expect(message('en', z.number().int().max(100_000_000), 100_000_001)).toBe(
      'Must be at most 100,000,000.',
    );
    expect(message('en', z.date().min(new Date('2025-01-01T00:00:00Z')), new Date(0))).toBe(
      'Must be on or after 2025-01-01T00:00:00.000Z.',
    );
  });

  it('names the expected type, or says the field is required', () => {
    expect(message('en', z.number(), 'x')).toBe('Must be a number.');
    expect(message('he', z.number(), 'x')).toBe('הערך צריך להיות מספר.');
    expect(message('he', z.string(), 1)).toBe('הערך צריך להיות טקסט.');
    expect(message('en', z.object({ a: z.string() }), {})).toBe('This field is required.');
    expect(message('he', z.object({ a: z.string() }), {})).toBe('זהו שדה חובה.');
    expect(validationMessage('en', issueFor(z.string(), 1), { missing: true })).toBe(
      'This field is required.',
    );
    expect(message('en', z.instanceof(Date), 1)).toBe('This value has the wrong type.');
  });

  it('covers formats, enums, unknown keys, unions and custom checks', () => {
    expect(message('en', z.email(), 'nope')).toBe('Must be a valid email address.');
    expect(message('he', z.email(), 'nope')).toBe('יש להזין כתובת אימייל תקינה.');
    expect(message('en', z.string().regex(/^a/), 'b')).toBe('This value has an invalid format.');
    expect(message('he', z.string().startsWith('IL'), 'US')).toBe('הערך צריך להתחיל ב-"IL".');
    expect(message('en', z.enum(['open', 'resolved']), 'x')).toBe('Must be one of: "open", "resolved".');
    expect(message('he', z.literal('k'), 'q')).toBe('הערך צריך להיות "k".');
    expect(message('en', z.strictObject({}), { isAdmin: true })).toBe('Unknown field: isAdmin.');
    expect(message('he', z.strictObject({}), { a: 1, b: 2 })).toBe('שדות לא מוכרים: a, b.');
    expect(message('en', z.number().multipleOf(5), 7)).toBe('Must be a multiple of 5.');
    expect(message('en', z.union([z.string(), z.number()]), true)).toBe(
      'Does not match any of the allowed forms.',
    );
    expect(
      message(
        'he',
        z.string().refine(() => false),
        'x',
      ),
    ).toBe('הערך אינו תקין.');
  });

  it('always answers a real message', () => {
    const schemas: [z.ZodType, unknown][] = [
      [z.uuid(), 'x'],
      [z.iso.datetime(), 'x'],
      [z.url(), 'x'],
      [z.cuid(), '!'],
      [z.set(z.string()).min(2), new Set(['a'])],
      [z.map(z.string(), z.number()), new Map([['a', 'b']])],
      [z.bigint().min(5n), 1n],
    ];
    for (const [schema, input] of schemas) {
      for (const lang of ['en', 'he'] as const) {
        const text = message(lang, schema, input);
        expect(text).not.toBe(FALLBACK_MESSAGE);
        expect(text).not.toContain('{{');
        expect(text).not.toMatch(/^validation\./);
      }
    }
  });
});
