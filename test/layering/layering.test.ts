// The layers hold: the platform knows no feature, generic middleware no module, modules meet only at index.ts.
/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { importsOf, layeringViolations, type Sources } from './imports';

// Vite inlines the files' text at transform time, so the test reads the tree inside workerd (no file system).
const raw = import.meta.glob(
  ['../../src/**/*.ts', '!../../src/**/*.test.ts', '../../durable-objects/**/*.ts'],
  {
    query: '?raw',
    import: 'default',
    eager: true,
  },
) as Record<string, string>;
const sources: Sources = Object.fromEntries(
  Object.entries(raw)
    .filter(([path]) => !path.endsWith('.test.ts') && !path.endsWith('test-helpers.ts'))
    .map(([path, text]) => [path.replace(/^(\.\.\/)+/, ''), text]),
);

describe('layering, measured from the imports', () => {
  it('reads the whole tree', () => {
    expect(Object.keys(sources)).toContain('src/platform/database.ts');
    expect(Object.keys(sources)).toContain('src/app.ts');
    expect(Object.keys(sources).length).toBeGreaterThan(100);
    // The graph is really built: the app reaches the platform through its imports.
    expect(importsOf('src/app.ts', sources['src/app.ts'] ?? '', sources)).toContain(
      'src/middleware/rate-limit/index.ts',
    );
  });

  it('src/platform/ imports no feature, middleware, api or http file, directly or through another file', () => {
    expect(layeringViolations(sources)).toEqual([]);
  });

  it('names a violation: a platform file that reaches a module through another file', () => {
    const broken: Sources = {
      ...sources,
      'src/platform/ids.ts': `${sources['src/platform/ids.ts']}\nimport { x } from '../env';\n`,
      'src/env.ts': `${sources['src/env.ts']}\nimport { y } from './modules/auth';\n`,
    };
    expect(layeringViolations(broken)).toContainEqual(
      'src/platform/ids.ts: the platform knows no feature (src/platform/ids.ts → src/env.ts → src/modules/auth/index.ts)',
    );
  });

  it('names a violation: generic middleware that imports a module, and a module that skips another index.ts', () => {
    const broken: Sources = {
      ...sources,
      'src/middleware/fields/index.ts': `import { a } from '../../modules/auth';\n`,
      'src/modules/announcements/index.ts': `import { b } from '../buildings/roles';\n`,
    };
    const found = layeringViolations(broken);
    expect(found.some((v) => v.startsWith('src/middleware/fields/index.ts: generic middleware'))).toBe(true);
    expect(found).toContain(
      'src/modules/announcements/index.ts: reaches module buildings through src/modules/buildings/roles.ts, not its index.ts, tables.ts or schema.ts',
    );
  });
});
