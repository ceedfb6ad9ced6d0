import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../test/helpers/app';
import { captureLogs } from '../test/helpers/logs';
import { ConfigError, loadConfig } from './env';

describe('configuration (12.5)', () => {
  it('accepts the development defaults from wrangler.toml', () => {
    expect(loadConfig(env)).toMatchObject({
      ENVIRONMENT: 'development',
      LOG_LEVEL: 'debug',
      READY_CHECK_TIMEOUT_MS: 1500,
    });
  });

  it('names every bad or missing variable', () => {
    const bad = { ...env, ENVIRONMENT: 'prod', READY_CHECK_TIMEOUT_MS: 'soon' } as typeof env;
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    try {
      loadConfig(bad);
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('ENVIRONMENT');
      expect(problems).toContain('READY_CHECK_TIMEOUT_MS');
    }
    const { LOG_LEVEL: _, ...missing } = env;
    expect(() => loadConfig(missing as typeof env)).toThrow(/LOG_LEVEL/);
  });

  it('refuses every development default in staging and production', () => {
    for (const ENVIRONMENT of ['staging', 'production']) {
      try {
        loadConfig({ ...env, ENVIRONMENT });
        expect.unreachable();
      } catch (error) {
        const problems = (error as ConfigError).problems.join('\n');
        for (const name of [
          'LOG_LEVEL',
          'JWT_SIGNING_KEYS',
          'CURSOR_SIGNING_KEY',
          'FINGERPRINT_KEY',
          'WEBHOOK_SECRET_KEY',
          'WEBHOOK_ALLOW_PRIVATE',
          'CORS_ORIGINS',
        ])
          expect(problems).toContain(name);
      }
    }
    const ownKeys = JSON.stringify([
      { kid: 'prod-1', alg: 'EdDSA', kty: 'OKP', crv: 'Ed25519', x: 'AAAA', d: 'BBBB' },
    ]);
    const production = {
      ...env,
      ENVIRONMENT: 'production',
      LOG_LEVEL: 'info',
      JWT_SIGNING_KEYS: ownKeys,
      CURSOR_SIGNING_KEY: 'x'.repeat(40),
      FINGERPRINT_KEY: 'y'.repeat(40),
      WEBHOOK_SECRET_KEY: 'z'.repeat(40),
      WEBHOOK_ALLOW_PRIVATE: 'false',
      CORS_ORIGINS: '',
    };
    expect(loadConfig(production).ENVIRONMENT).toBe('production');
  });

  it('LOG_FORMAT: json when absent, pretty only in development, nothing else', () => {
    const { LOG_FORMAT: _, ...absent } = env;
    expect(loadConfig(absent as typeof env).LOG_FORMAT).toBe('json');
    expect(loadConfig({ ...env, LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
    expect(() => loadConfig({ ...env, LOG_FORMAT: 'text' })).toThrow(/LOG_FORMAT/);
    try {
      loadConfig({ ...env, ENVIRONMENT: 'production', LOG_FORMAT: 'pretty' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems.join('\n')).toContain('LOG_FORMAT');
    }
  });

  it('reads the limits and the CORS origins (2.7, 2.9)', () => {
    // vitest.config.ts raises the auth rate limit for the whole suite; this is the wrangler.toml default.
    // (The user and anonymous limits are Rate Limiting bindings, not vars.)
    const defaults = { ...env, RATE_LIMIT_AUTH_PER_MINUTE: '10' };
    expect(loadConfig(defaults)).toMatchObject({
      RATE_LIMIT_AUTH_PER_MINUTE: 10,
      CACHE_DISABLED: false,
      MAX_BODY_BYTES: 1_048_576,
      CORS_ORIGINS: ['*'],
    });
    const listed = { ...env, CORS_ORIGINS: ' https://app.example.com, http://localhost:5173 ,' };
    expect(loadConfig(listed).CORS_ORIGINS).toEqual(['https://app.example.com', 'http://localhost:5173']);
    for (const CORS_ORIGINS of ['app.example.com', 'https://app.example.com/', 'https://a.example/x']) {
      expect(() => loadConfig({ ...env, CORS_ORIGINS }), CORS_ORIGINS).toThrow(/CORS_ORIGINS/);
    }
    expect(() => loadConfig({ ...env, RATE_LIMIT_AUTH_PER_MINUTE: '0' })).toThrow(
      /RATE_LIMIT_AUTH_PER_MINUTE/,
    );
    expect(loadConfig({ ...env, CACHE_DISABLED: 'true' }).CACHE_DISABLED).toBe(true);
    expect(() => loadConfig({ ...env, CACHE_DISABLED: 'yes' })).toThrow(/CACHE_DISABLED/);
  });

  it('answers 500 misconfigured without details and logs the bad variable once per isolate', async () => {
    const bad = { ...env, LOG_LEVEL: 'loud' };
    const app = testApp();
    const logs = captureLogs();
    const first = await call(app, '/health', undefined, bad);
    await call(app, '/health', undefined, bad);
    const configLines = logs.records().filter((r) => r.msg === 'configuration invalid');
    logs.restore();
    expect(first.status).toBe(500);
    const body = await problemOf(first);
    expect(body.code).toBe('misconfigured');
    expect(JSON.stringify(body)).not.toContain('LOG_LEVEL');
    expect(first.headers.get('X-Request-Id')).toBeTruthy();
    expect(configLines).toHaveLength(1);
    expect(JSON.stringify(configLines[0])).toContain('LOG_LEVEL');
    expect(JSON.stringify(configLines[0])).not.toContain('loud');
  });
});
