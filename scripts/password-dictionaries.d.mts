// Types of password-dictionaries.mjs, for vitest.config.ts.
export const DICTIONARIES_FILE: string;
export function writePasswordDictionaries(): Promise<void>;
