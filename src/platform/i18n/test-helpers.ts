// Test helpers for the i18n folder: flattening nested resources into dot-path keys.

/** Every string leaf of a nested resource object, keyed by its dot path. */
export const leaves = (tree: unknown, prefix = ''): Map<string, string> => {
  const out = new Map<string, string>();
  if (tree === null || typeof tree !== 'object') return out;
  for (const [name, value] of Object.entries(tree)) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
};

/** A deep copy of a resource tree without the given dot-path leaves. */
export const withoutLeaves = (tree: Record<string, unknown>, drop: ReadonlySet<string>, prefix = '') => {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(tree)) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    if (typeof value === 'string') {
      if (!drop.has(path)) out[name] = value;
    } else if (value !== null && typeof value === 'object') {
      out[name] = withoutLeaves(value as Record<string, unknown>, drop, path);
    }
  }
  return out;
};

/** The `{{name}}` placeholders of a text. */
export const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((m) => m[1] ?? '');
