// Writes the zxcvbn word lists the password-strength check uses to public/password-dictionaries/, one of the
// Worker's static assets: kept out of the bundle (about 440 KiB gzip), read on the first check (strength.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Served at /password-dictionaries/zxcvbn-en.json; src/modules/auth/password/dictionaries.ts reads this path. */
export const DICTIONARIES_FILE = join(root, 'public', 'password-dictionaries', 'zxcvbn-en.json');

const load = async (file) => {
  const require = createRequire(join(root, 'package.json'));
  // The packages' exports hide their single lists; their folders are found through their main entries.
  const [pkg, name] = file.split(':');
  const entry = require.resolve(pkg);
  const dir = entry.slice(0, entry.lastIndexOf('/dist/'));
  return (await import(pathToFileURL(join(dir, 'dist', name)).href)).default;
};

/**
 * The same lists the bundle used to carry: the common passwords and diceware words, English common words, first
 * names and word sequences (not English last names nor Wikipedia words: docs/performance.md), plus the keyboard
 * adjacency graphs. Written only when the content changed, so assets keep their mtime.
 */
export async function writePasswordDictionaries() {
  const common = '@zxcvbn-ts/language-common';
  const en = '@zxcvbn-ts/language-en';
  const content = JSON.stringify({
    dictionary: {
      'diceware-common': await load(`${common}:diceware.json.mjs`),
      'passwords-common': await load(`${common}:passwords.json.mjs`),
      'commonWords-en': await load(`${en}:commonWords.json.mjs`),
      'firstnames-en': await load(`${en}:firstnames.json.mjs`),
      ...(await load(`${en}:wordSequences.json.mjs`)),
    },
    graphs: await load(`${common}:adjacencyGraphs.json.mjs`),
  });
  try {
    if (readFileSync(DICTIONARIES_FILE, 'utf8') === content) return;
  } catch {
    // not written yet
  }
  mkdirSync(dirname(DICTIONARIES_FILE), { recursive: true });
  writeFileSync(DICTIONARIES_FILE, content);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writePasswordDictionaries();
