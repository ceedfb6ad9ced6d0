// The rollback decision: which version gets all traffic back, or why nothing is done.
import { type Deployment, fullVersion, newestFirst, rollbackTarget } from './deployments.ts';

const VERSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type RollbackDecision =
  | { action: 'rollback'; versionId: string; from: string[] }
  | { action: 'none'; reason: string }
  | { action: 'refuse'; reason: string };

export function decideRollback(deployments: Deployment[], requested?: string): RollbackDecision {
  if (requested !== undefined && !VERSION_ID.test(requested)) {
    return {
      action: 'refuse',
      reason: `--version-id ${JSON.stringify(requested)} is not a version ID (a UUID)`,
    };
  }
  const [current] = newestFirst(deployments);
  if (!current) return { action: 'refuse', reason: 'the Worker has no deployment to roll back' };
  const from = current.versions.filter((v) => v.percentage > 0).map((v) => `${v.version_id}@${v.percentage}`);
  const target = requested ?? rollbackTarget(deployments);
  if (!target) {
    return {
      action: 'refuse',
      reason:
        'no earlier version had all traffic in the last deployments; pass --version-id (npx wrangler versions list)',
    };
  }
  if (fullVersion(current) === target) {
    return { action: 'none', reason: `${target} already serves all traffic` };
  }
  return { action: 'rollback', versionId: target, from };
}
