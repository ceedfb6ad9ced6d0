// `npm run rollback -- --env staging|production [--version-id ID] [--message M] [--plan]`: all traffic back to the
// previous stable version (or the one named) at once. Restores code only: D1, KV, R2 and secrets stay as they are.
import { parseArgs } from 'node:util';
import { runMain } from './lib/cli.ts';
import { isDeployEnvironment } from './lib/wrangler-config.ts';
import { decideRollback } from './release/rollback.ts';
import { printedWrangler, realWrangler } from './release/wrangler.ts';

const USAGE = 'usage: npm run rollback -- --env staging|production [--version-id ID] [--message M] [--plan]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      env: { type: 'string' },
      'version-id': { type: 'string' },
      message: { type: 'string' },
      plan: { type: 'boolean', default: false },
    },
  });
  const env = values.env;
  if (!isDeployEnvironment(env)) {
    console.error(USAGE);
    return 2;
  }
  const log = (line: string) => console.log(`rollback: ${line}`);
  const wrangler = values.plan ? printedWrangler(env, log) : realWrangler(env, log);
  const decision = decideRollback(await wrangler.deployments(), values['version-id']);
  if (decision.action !== 'rollback') {
    log(decision.reason);
    return decision.action === 'none' ? 0 : 1;
  }
  log(`${decision.from.join(' + ')} -> ${decision.versionId}@100`);
  await wrangler.rollback(decision.versionId, values.message ?? 'Rollback (npm run rollback)');
  log(`done: ${decision.versionId} serves all traffic. Data was not rolled back (docs/deployment.md).`);
  return 0;
}

runMain('rollback', main);
