// `npm run smoke -- --base-url URL [--version-id ID (--env staging|production | --worker-name NAME)] [--json]`:
// the critical journeys against any deployment; exits 1 when one fails.
import { parseArgs } from 'node:util';
import { runMain } from './lib/cli.ts';
import { isDeployEnvironment, workerName } from './lib/wrangler-config.ts';
import { runSmoke } from './smoke/journeys.ts';

const USAGE =
  'usage: npm run smoke -- --base-url URL [--version-id ID (--env staging|production | --worker-name NAME)] [--json]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
      'version-id': { type: 'string' },
      'worker-name': { type: 'string' },
      env: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const baseUrl = values['base-url'];
  if (!baseUrl) {
    console.error(USAGE);
    return 2;
  }
  if (values.env !== undefined && !isDeployEnvironment(values.env)) {
    console.error(`--env must be staging or production\n${USAGE}`);
    return 2;
  }
  const name = values['worker-name'] ?? (values.env ? await workerName(values.env) : undefined);
  const pinned = values['version-id'] ? ` (version ${values['version-id']} of ${name})` : '';
  if (!values.json) console.log(`smoke: ${baseUrl}${pinned}`);
  const report = await runSmoke({
    baseUrl,
    versionId: values['version-id'],
    workerName: name,
    log: values.json ? undefined : (line) => console.log(`  ${line}`),
  });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    const total = report.steps.reduce((sum, s) => sum + s.ms, 0);
    const failed = report.steps.filter((s) => !s.ok).length;
    console.log(`smoke: ${report.steps.length - failed} passed, ${failed} failed in ${total} ms`);
    if (report.leftovers.length > 0) console.log(`smoke: left behind: ${report.leftovers.join(', ')}`);
  }
  return report.ok ? 0 : 1;
}

runMain('smoke', main);
