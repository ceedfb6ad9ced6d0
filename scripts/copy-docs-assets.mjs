// Copies the API reference's browser bundle (the pinned @scalar/api-reference) into public/, the Worker's static
// assets, so /docs loads it from this origin: no CDN, works offline. Runs after `npm install` and before vitest.
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The package's exports hide its files; its folder is found through its main entry.
const entry = createRequire(join(root, 'package.json')).resolve('@scalar/api-reference');
const packageDir = entry.slice(0, entry.lastIndexOf('/dist/'));
const source = join(packageDir, 'dist', 'browser', 'standalone.js');
const target = join(root, 'public', 'docs', 'assets', 'scalar-api-reference.js');

/** Copies unless the target already holds the same bytes (cheap: sizes first). */
export function copyDocsAssets() {
  try {
    if (statSync(target).size === statSync(source).size && readFileSync(target).equals(readFileSync(source)))
      return;
  } catch {
    // no copy yet
  }
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) copyDocsAssets();
