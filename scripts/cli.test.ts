// The delivery commands as an operator runs them: --plan prints the wrangler calls in order; bad arguments exit 2.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const run = (script: string, ...args: string[]) => {
  const result = spawnSync(process.execPath, [path.join(import.meta.dirname, script), ...args], {
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', GITHUB_OUTPUT: '' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
};

describe('npm run release -- --plan', () => {
  it('prints upload, 0% with a pinned smoke test, the canary and its gate, then 100%, in that order', () => {
    const { code, out } = run(
      'release.ts',
      '--env',
      'production',
      '--plan',
      '--gate-seconds',
      '30',
      '--tag',
      'v9.9.9',
    );
    expect(code).toBe(0);
    const steps = out
      .split('\n')
      .filter((l) => /wrangler (versions|rollback)|smoke test|health gate/.test(l))
      .map((l) => l.replace(/^release: /, ''));
    expect(steps).toEqual([
      '$ wrangler versions upload --env production --tag v9.9.9 --message Release v9.9.9',
      '$ wrangler versions deploy <current-version>@100 <new-version>@0 --message v9.9.9: smoke test at 0% --yes --env production',
      'smoke test through doorman-production="<new-version>" at https://doorman.invalid',
      '$ wrangler versions deploy <new-version>@10 <current-version>@90 --message v9.9.9: canary at 10% --yes --env production',
      'health gate: 30 s at 10%',
      'smoke test through doorman-production="<new-version>" at https://doorman.invalid',
      'health gate passed: 3 readiness rounds',
      '$ wrangler versions deploy <new-version>@100 --message v9.9.9: 100% --yes --env production',
    ]);
  });

  it('refuses an unknown environment and a missing base URL outside a plan', () => {
    expect(run('release.ts', '--env', 'prod', '--plan').code).toBe(2);
    expect(run('release.ts', '--env', 'staging').code).toBe(2);
  });
});

describe('npm run rollback -- --plan', () => {
  it('rolls back to the previous stable version, or to the one named', () => {
    const previous = run('rollback.ts', '--env', 'staging', '--plan');
    expect(previous.code).toBe(0);
    expect(previous.out).toContain(
      '$ wrangler rollback <previous-version> --message Rollback (npm run rollback) --yes --env staging',
    );
    const named = run(
      'rollback.ts',
      '--env',
      'staging',
      '--plan',
      '--version-id',
      '33333333-3333-4333-8333-333333333333',
    );
    expect(named.out).toContain('$ wrangler rollback 33333333-3333-4333-8333-333333333333');
  });

  it('refuses a version ID that is not one, and a missing environment', () => {
    expect(run('rollback.ts', '--env', 'staging', '--plan', '--version-id', 'latest').code).toBe(1);
    expect(run('rollback.ts').code).toBe(2);
  });
});

describe('npm run smoke', () => {
  it('exits 2 without a base URL, 1 when the deployment does not answer', () => {
    expect(run('smoke.ts').code).toBe(2);
    const down = run('smoke.ts', '--base-url', 'http://127.0.0.1:9');
    expect(down.code).toBe(1);
    expect(down.out).toMatch(/FAIL health/);
  });
});
