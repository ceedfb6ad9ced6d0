// wrangler.toml, read as wrangler reads it (in Node): every environment declares the rate-limit bindings with the
// limits the middleware puts in RateLimit-Policy (BINDING_LIMITS), and the exact counter of the auth policy.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';
import { BINDING_LIMITS } from '../../src/middleware/rate-limit/policies';

const configPath = path.resolve(import.meta.dirname, '../../wrangler.toml');

/** The part of wrangler's resolved config this test reads (its `Config` type lives in a package not installed here). */
interface ReadConfig {
  ratelimits: Array<{ name: string; namespace_id: string; simple: { limit: number; period: number } }>;
  durable_objects: { bindings: Array<{ name: string; class_name: string }> };
  migrations: Array<{ tag: string; new_sqlite_classes?: string[] }>;
  vars: Record<string, unknown>;
  dev: { port?: number; ip?: string };
}

describe('wrangler.toml rate-limit bindings', () => {
  for (const environment of [undefined, 'staging', 'production']) {
    it(`${environment ?? 'top level'}: USER_RATE_LIMIT and ANONYMOUS_RATE_LIMIT match BINDING_LIMITS; RATE_LIMITER is bound`, () => {
      const config: ReadConfig = unstable_readConfig(
        { config: configPath, env: environment },
        { hideWarnings: true },
      );
      const ratelimits = Object.fromEntries(config.ratelimits.map((binding) => [binding.name, binding]));
      for (const { binding, limit, periodSeconds } of Object.values(BINDING_LIMITS)) {
        expect(ratelimits[binding], binding).toBeDefined();
        expect(ratelimits[binding]?.simple, binding).toEqual({ limit, period: periodSeconds });
        expect(periodSeconds).toBe(60);
      }
      // Namespaces are per binding: the two policies never share counters.
      const namespaces = Object.values(BINDING_LIMITS).map(
        ({ binding }) => ratelimits[binding]?.namespace_id,
      );
      expect(new Set(namespaces).size).toBe(namespaces.length);
      expect(config.durable_objects.bindings).toContainEqual(
        expect.objectContaining({ name: 'RATE_LIMITER', class_name: 'RateLimiter' }),
      );
      // The binding limits are not vars any more (one source of truth).
      expect(Object.keys(config.vars)).not.toContain('RATE_LIMIT_USER_PER_MINUTE');
      expect(Object.keys(config.vars)).not.toContain('RATE_LIMIT_ANONYMOUS_PER_MINUTE');
      expect(config.vars).toMatchObject({ CACHE_DISABLED: 'false' });
    });
  }
});

describe('wrangler.toml Durable Objects', () => {
  for (const environment of [undefined, 'staging', 'production']) {
    it(`${environment ?? 'top level'}: BUILDING_ROOM is bound and its SQLite class migration applies`, () => {
      const config: ReadConfig = unstable_readConfig(
        { config: configPath, env: environment },
        { hideWarnings: true },
      );
      expect(config.durable_objects.bindings).toContainEqual(
        expect.objectContaining({ name: 'BUILDING_ROOM', class_name: 'BuildingRoom' }),
      );
      // The event log and tickets live in the object's SQLite: a SQLite class, not a KV-backed one.
      expect(config.migrations).toContainEqual({
        tag: 'building-room-v1',
        new_sqlite_classes: ['BuildingRoom'],
      });
    });
  }
});

describe('npm run dev', () => {
  it('takes its port and address from wrangler.toml [dev], so any wrangler flag can be appended', () => {
    const config: ReadConfig = unstable_readConfig({ config: configPath }, { hideWarnings: true });
    expect(config.dev).toMatchObject({ port: 8787, ip: '127.0.0.1' });
    const packageJson = JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'),
    );
    // `npm run dev -- --port 9000` appends to the script: a flag the script already gave would be refused
    // ("The argument --port expects a single value"), so the script ends with a bare `wrangler dev`.
    expect(packageJson.scripts.dev).toMatch(/&& wrangler dev$/);
    expect(packageJson.scripts.dev).toContain('db:migrate:local');
  });
});
