// `npm run release -- --env staging|production --base-url URL [--gate-seconds N] [--tag T] [--plan]`: the pipeline's
// rollout (scripts/release/pipeline.ts). --plan prints the wrangler calls and checks instead of making them.
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runMain } from './lib/cli.ts';
import { isDeployEnvironment, workerName } from './lib/wrangler-config.ts';
import { DEFAULT_GATE, release } from './release/pipeline.ts';
import { ready, smoke } from './release/probes.ts';
import { printedWrangler, realWrangler } from './release/wrangler.ts';

const USAGE =
  'usage: npm run release -- --env staging|production --base-url URL [--gate-seconds N] [--tag T] [--message M] [--plan]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      env: { type: 'string' },
      'base-url': { type: 'string' },
      'gate-seconds': { type: 'string' },
      tag: { type: 'string' },
      message: { type: 'string' },
      plan: { type: 'boolean', default: false },
    },
  });
  const env = values.env;
  const baseUrl = values['base-url'] ?? (values.plan ? 'https://doorman.invalid' : undefined);
  const gateSeconds = Number(values['gate-seconds'] ?? DEFAULT_GATE.durationMs / 1000);
  if (!isDeployEnvironment(env) || !baseUrl || !Number.isInteger(gateSeconds) || gateSeconds < 0) {
    console.error(USAGE);
    return 2;
  }
  const log = (line: string) => console.log(`release: ${line}`);
  const name = await workerName(env);
  const target = { baseUrl, workerName: name, log };
  const tag = values.tag ?? process.env.GITHUB_REF_NAME ?? 'manual';
  const plan = values.plan;
  const clock = planClock();
  const outcome = await release({
    wrangler: plan ? printedWrangler(env, log) : realWrangler(env, log),
    smoke: plan ? planned(`smoke test through ${name}="<id>" at ${baseUrl}`) : (id) => smoke(target, id),
    ready: plan ? planned(`GET ${baseUrl}/health/ready pinned to <id>`) : (id) => ready(target, id),
    sleep: plan ? clock.sleep : (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: plan ? clock.now : () => Date.now(),
    log,
    record: (key, value) => {
      if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${key}=${value}\n`);
    },
    gate: { ...DEFAULT_GATE, durationMs: gateSeconds * 1000 },
    tag,
    message: values.message ?? `Release ${tag}`,
  });
  log(JSON.stringify(outcome));
  return outcome.result === 'released' ? 0 : 1;
}

/** A check in a plan: printed (unpinned when no version is given), and taken as passed. */
function planned(line: string) {
  return async (versionId?: string) => {
    console.log(
      `release: ${versionId ? line.replace('<id>', versionId) : line.replace(/ pinned to <id>|="<id>"/, '')}`,
    );
    return true;
  };
}

/** A plan's clock moves only when the plan sleeps, so the printed gate is as long as the real one. */
function planClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

runMain('release', main);
