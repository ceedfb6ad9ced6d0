// Test double of the wrangler calls: records each one and answers from a scripted deployment history.
import type { Deployment } from './deployments.ts';
import type { Traffic, WranglerCalls } from './wrangler.ts';

export type Call =
  | { op: 'deployments' }
  | { op: 'upload'; tag: string }
  | { op: 'deploy'; traffic: string }
  | { op: 'rollback'; versionId: string };

export function fakeWrangler(
  history: Deployment[],
  options: { newVersion?: string; failDeployAt?: number } = {},
) {
  const calls: Call[] = [];
  let deploys = 0;
  const wrangler: WranglerCalls = {
    async deployments() {
      calls.push({ op: 'deployments' });
      return history;
    },
    async upload(tag) {
      calls.push({ op: 'upload', tag });
      return options.newVersion ?? NEW;
    },
    async deploy(traffic: Traffic[]) {
      deploys += 1;
      calls.push({ op: 'deploy', traffic: traffic.map((t) => `${t.versionId}@${t.percentage}`).join(' ') });
      if (deploys === options.failDeployAt) throw new Error('wrangler versions deploy failed (1)');
    },
    async rollback(versionId) {
      calls.push({ op: 'rollback', versionId });
    },
  };
  return { wrangler, calls };
}

export const STABLE = '11111111-1111-4111-8111-111111111111';
export const NEW = '22222222-2222-4222-8222-222222222222';
export const OLDER = '33333333-3333-4333-8333-333333333333';

export const deployment = (createdOn: string, ...versions: Array<[string, number]>): Deployment => ({
  id: `deployment-${createdOn}`,
  created_on: createdOn,
  versions: versions.map(([version_id, percentage]) => ({ version_id, percentage })),
});
