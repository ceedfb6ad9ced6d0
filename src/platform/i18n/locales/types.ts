// The shape other languages' resources take: English's keys, each optional, plus plural forms English lacks.

/**
 * i18next plural keys are siblings named `<key>_<category>`. English only has `one` and `other`; Hebrew
 * also has `two` (its dual), so wherever English has `<key>_other` a translation may add `<key>_two`.
 */
type ExtraPluralForms<T> = {
  [K in keyof T as K extends `${infer Base}_other` ? `${Base}_two` | `${Base}_many` : never]?: string;
};

/** Every key of the English resources, optional (a missing one falls back to English), same nesting. */
export type Translation<T> = {
  [K in keyof T]?: T[K] extends string ? string : Translation<T[K]>;
} & ExtraPluralForms<T>;
