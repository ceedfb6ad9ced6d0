// The password dictionaries come from the Worker's static assets (not the bundle) and a missing asset fails loudly.
import { describe, expect, it } from 'vitest';
import { loadDictionaries } from './dictionaries';

describe('password dictionaries (static asset)', () => {
  it('serves the same lists the bundle used to carry, through the ASSETS binding', async () => {
    const { dictionary, graphs } = await loadDictionaries();
    expect(Object.keys(dictionary)).toEqual(
      expect.arrayContaining(['passwords-common', 'diceware-common', 'commonWords-en', 'firstnames-en']),
    );
    expect(dictionary).not.toHaveProperty('lastnames-en');
    expect(dictionary).not.toHaveProperty('wikipedia-en');
    expect(dictionary['passwords-common']).toContain('password');
    expect((dictionary['passwords-common'] as string[]).length).toBeGreaterThan(10_000);
    expect(Object.keys(graphs)).toEqual(expect.arrayContaining(['qwerty', 'dvorak', 'keypad']));
  });

  it('refuses to go on without them: a missing asset is an error, never an empty dictionary', async () => {
    const missing = { fetch: async () => new Response('not found', { status: 404 }) } as unknown as Fetcher;
    await expect(loadDictionaries(missing)).rejects.toThrow(/ASSETS answered 404/);
  });
});
