// Turns a zod v4 issue into the translation key and parameters of its client-facing message.
import type { core } from 'zod';
import type { Language } from './languages';

type Issue = core.$ZodIssue;

export interface MessageRef {
  key: string;
  params: Record<string, string | number>;
  /** A key whose text, in the same language, fills the `expected` parameter (a type name). */
  expectedKey?: string;
}

export type Translate = (lang: Language, key: string, params?: Record<string, unknown>) => string;

export interface ValidationMessageOptions {
  /**
   * Whether the field was absent from the input, which turns "must be text" into "this field is required".
   * Zod drops `input` from issues unless `reportInput` is on, so without this the default English zod message
   * ("…, received undefined") is the only other clue.
   */
  missing?: boolean;
}

const TYPE_NAMES = new Set([
  'string',
  'number',
  'int',
  'bigint',
  'boolean',
  'date',
  'array',
  'tuple',
  'set',
  'object',
  'record',
  'map',
  'file',
  'null',
]);

const FORMATS = new Set([
  'email',
  'url',
  'uuid',
  'datetime',
  'date',
  'time',
  'duration',
  'ipv4',
  'ipv6',
  'e164',
  'base64',
  'base64url',
  'json_string',
  'jwt',
  'lowercase',
  'uppercase',
  'starts_with',
  'ends_with',
  'includes',
]);
// Formats that zod reports under another name but that read the same to a person.
const FORMAT_ALIASES: Readonly<Record<string, string>> = { guid: 'uuid' };

const COUNTED = new Set(['string', 'array', 'set']);

const quote = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

const limit = (value: number | bigint, origin: string, lang: Language): string => {
  if (origin === 'date' && typeof value === 'number') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
  }
  try {
    return new Intl.NumberFormat(lang).format(value);
  } catch {
    return String(value);
  }
};

const looksMissing = (issue: Issue, options: ValidationMessageOptions): boolean => {
  if (options.missing !== undefined) return options.missing;
  if ('input' in issue) return issue.input === undefined;
  return / received undefined$/.test(issue.message);
};

const sizeRef = (
  issue: core.$ZodIssueTooSmall | core.$ZodIssueTooBig,
  group: 'too_small' | 'too_big',
  bound: number | bigint,
  lang: Language,
): MessageRef => {
  const origin = issue.origin === 'set' ? 'array' : issue.origin;
  const name = group === 'too_small' ? 'minimum' : 'maximum';
  const shown = limit(bound, origin, lang);
  if (COUNTED.has(origin)) {
    const count = Number(bound);
    if (issue.exact) return { key: `validation.exact_${origin}`, params: { count, [name]: shown } };
    return { key: `validation.${group}_${origin}`, params: { count, [name]: shown } };
  }
  if (origin === 'number' || origin === 'int' || origin === 'bigint' || origin === 'date') {
    const kind = origin === 'date' ? 'date' : 'number';
    const suffix = issue.inclusive === false ? '_exclusive' : '';
    return { key: `validation.${group}_${kind}${suffix}`, params: { [name]: shown } };
  }
  if (origin === 'file') return { key: `validation.${group}_file`, params: { [name]: shown } };
  return { key: `validation.${group}`, params: { [name]: shown } };
};

/** The translation key and parameters for one zod v4 issue (for callers that render it later). */
export const validationMessageRef = (
  issue: Issue,
  lang: Language,
  options: ValidationMessageOptions = {},
): MessageRef => {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.expected === 'nonoptional' || looksMissing(issue, options)) {
        return { key: 'validation.required', params: {} };
      }
      if (!TYPE_NAMES.has(issue.expected)) return { key: 'validation.wrong_type', params: {} };
      return {
        key: 'validation.expected_type',
        params: {},
        expectedKey: `validation.types.${issue.expected}`,
      };
    }
    case 'too_small':
      return sizeRef(issue, 'too_small', issue.minimum, lang);
    case 'too_big':
      return sizeRef(issue, 'too_big', issue.maximum, lang);
    case 'invalid_format': {
      const format = FORMAT_ALIASES[issue.format] ?? issue.format;
      if (!FORMATS.has(format)) return { key: 'validation.invalid_format', params: {} };
      const params: Record<string, string> = {};
      if ('prefix' in issue && typeof issue.prefix === 'string') params.prefix = issue.prefix;
      if ('suffix' in issue && typeof issue.suffix === 'string') params.suffix = issue.suffix;
      if ('includes' in issue && typeof issue.includes === 'string') params.includes = issue.includes;
      return { key: `validation.formats.${format}`, params };
    }
    case 'not_multiple_of':
      return { key: 'validation.not_multiple_of', params: { divisor: limit(issue.divisor, 'number', lang) } };
    case 'unrecognized_keys':
      return {
        key: 'validation.unrecognized_keys',
        params: { count: issue.keys.length, keys: issue.keys.join(', ') },
      };
    case 'invalid_value':
      return {
        key: 'validation.invalid_value',
        params: { count: issue.values.length, values: issue.values.map(quote).join(', ') },
      };
    case 'invalid_union':
      return { key: 'validation.invalid_union', params: {} };
    case 'invalid_key':
      return { key: 'validation.invalid_key', params: {} };
    case 'invalid_element':
      return { key: 'validation.invalid_element', params: {} };
    case 'custom': {
      // A custom check may name its message (`validation.<name>`) and the parameters it needs.
      const { messageKey, code: _code, ...rest } = issue.params ?? {};
      if (typeof messageKey !== 'string' || !messageKey.startsWith('validation.')) {
        return { key: 'validation.custom', params: {} };
      }
      const params = Object.fromEntries(
        Object.entries(rest).filter((entry): entry is [string, string | number] =>
          ['string', 'number'].includes(typeof entry[1]),
        ),
      );
      return { key: messageKey, params };
    }
    default:
      return { key: 'validation.invalid', params: {} };
  }
};

/** The message for one zod v4 issue in a language, e.g. "Must be at least 3 characters long." */
export const translateIssue = (
  translate: Translate,
  lang: Language,
  issue: Issue,
  options: ValidationMessageOptions = {},
): string => {
  const { key, params, expectedKey } = validationMessageRef(issue, lang, options);
  if (expectedKey === undefined) return translate(lang, key, params);
  return translate(lang, key, { ...params, expected: translate(lang, expectedKey) });
};
