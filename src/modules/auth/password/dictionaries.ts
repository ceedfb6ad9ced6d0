// The zxcvbn word lists, read once per isolate from the Worker's static assets (scripts/password-dictionaries.mjs).
import { env } from 'cloudflare:workers';
import type { OptionsType } from '@zxcvbn-ts/core';

/** Where scripts/password-dictionaries.mjs writes them under public/. The host is never contacted: ASSETS serves it. */
export const DICTIONARIES_URL = 'https://assets.invalid/password-dictionaries/zxcvbn-en.json';

export interface PasswordDictionaries {
  dictionary: NonNullable<OptionsType['dictionary']>;
  graphs: NonNullable<OptionsType['graphs']>;
}

/**
 * Kept out of the bundle (about 440 KiB gzip of a 400 KiB budget): the bundle is parsed at every isolate start,
 * while these are needed only by registration, password changes and the strength endpoint. Throws when the asset
 * is missing, so a deploy without it fails loudly on the first password check instead of weakening the policy.
 */
export async function loadDictionaries(assets: Fetcher = (env as { ASSETS: Fetcher }).ASSETS) {
  const response = await assets.fetch(DICTIONARIES_URL);
  if (!response.ok) throw new Error(`password dictionaries: ASSETS answered ${response.status}`);
  return (await response.json()) as PasswordDictionaries;
}
