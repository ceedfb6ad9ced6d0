// What `wrangler deployments list --json` says, and the choices made from it: the stable version, the rollback target.

export interface Deployment {
  id: string;
  created_on: string;
  versions: Array<{ version_id: string; percentage: number }>;
}

/** The version serving all traffic, if one does (a split or an empty deployment has none). */
export function fullVersion(deployment: Deployment | undefined): string | undefined {
  return deployment?.versions.find((v) => v.percentage === 100)?.version_id;
}

export function newestFirst(deployments: Deployment[]): Deployment[] {
  return [...deployments].sort((a, b) => b.created_on.localeCompare(a.created_on));
}

/**
 * The version to go back to: the newest earlier deployment that gave one version all traffic, skipping the version
 * that has all traffic now. Mid-rollout (a split) that is the version the rollout started from; after a promotion
 * it is the version before it; after a rollback it is the version rolled back from (rolling back the rollback).
 */
export function rollbackTarget(deployments: Deployment[]): string | undefined {
  const [current, ...earlier] = newestFirst(deployments);
  const now = fullVersion(current);
  for (const deployment of earlier) {
    const version = fullVersion(deployment);
    if (version && version !== now) return version;
  }
  return undefined;
}

/** Parses `wrangler deployments list --json`, tolerating log lines before the JSON. */
export function parseDeployments(stdout: string): Deployment[] {
  const start = stdout.indexOf('[');
  if (start < 0) throw new Error(`no JSON list in wrangler's answer:\n${stdout.slice(0, 500)}`);
  const parsed: unknown = JSON.parse(stdout.slice(start));
  if (!Array.isArray(parsed)) throw new Error('wrangler deployments list --json did not give a list');
  return parsed.map((entry) => {
    const d = entry as Partial<Deployment>;
    if (typeof d.id !== 'string' || typeof d.created_on !== 'string' || !Array.isArray(d.versions)) {
      throw new Error(`unexpected deployment in wrangler's answer: ${JSON.stringify(entry).slice(0, 200)}`);
    }
    return { id: d.id, created_on: d.created_on, versions: d.versions };
  });
}
