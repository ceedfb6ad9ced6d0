// The Worker's name per environment, read from wrangler.toml as wrangler reads it.
import path from 'node:path';

export const ENVIRONMENTS = ['staging', 'production'] as const;
export type DeployEnvironment = (typeof ENVIRONMENTS)[number];

export function isDeployEnvironment(value: string | undefined): value is DeployEnvironment {
  return (ENVIRONMENTS as readonly string[]).includes(value ?? '');
}

const CONFIG = path.resolve(import.meta.dirname, '../../wrangler.toml');

/** `doorman-staging`, `doorman-production`: the key of the version-override header and of every wrangler call. */
export async function workerName(environment: DeployEnvironment): Promise<string> {
  // Imported here, not at the top: the smoke suite runs without wrangler when it is given the name.
  const { unstable_readConfig } = await import('wrangler');
  const config = unstable_readConfig({ config: CONFIG, env: environment }, { hideWarnings: true });
  if (!config.name) throw new Error(`wrangler.toml names no Worker for ${environment}`);
  return config.name;
}
