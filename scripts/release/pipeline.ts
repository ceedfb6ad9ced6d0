// A release as one decision procedure: upload, smoke through the override at 0%, 10% behind a health gate, 100%,
// and back to the stable version on any failure after traffic could have moved.
import { fullVersion, newestFirst } from './deployments.ts';
import type { WranglerCalls } from './wrangler.ts';

export interface GateSettings {
  /** How long the new version serves its canary share, every check passing, before it gets all traffic. */
  durationMs: number;
  /** Time between readiness checks. */
  intervalMs: number;
  /** Time between smoke runs (each registers a user: keep well under the auth limit of 10 a minute). */
  smokeEveryMs: number;
  /** The canary's share of traffic, in percent. */
  canaryPercent: number;
}

export interface ReleaseDeps {
  wrangler: WranglerCalls;
  /** The smoke suite, pinned to a version; true when every journey passed. */
  smoke(versionId: string): Promise<boolean>;
  /** `/health/ready`, pinned to a version when given; true on 200. */
  ready(versionId?: string): Promise<boolean>;
  sleep(ms: number): Promise<void>;
  now(): number;
  log(line: string): void;
  /** Called as soon as each is known, so the workflow can roll back if this process dies. */
  record(name: 'stable-version' | 'new-version', value: string): void;
  gate: GateSettings;
  tag: string;
  message: string;
}

export type ReleaseOutcome =
  | { result: 'released'; versionId: string; previous: string | undefined }
  | { result: 'rolled-back'; versionId: string; previous: string; reason: string }
  | { result: 'failed'; versionId: string | undefined; reason: string };

export const DEFAULT_GATE: GateSettings = {
  durationMs: 5 * 60_000,
  intervalMs: 15_000,
  smokeEveryMs: 60_000,
  canaryPercent: 10,
};

class GateFailure extends Error {}

export async function release(deps: ReleaseDeps): Promise<ReleaseOutcome> {
  const { wrangler, log } = deps;
  const [current] = newestFirst(await wrangler.deployments());
  const stable = fullVersion(current);
  if (current && !stable) {
    // Two versions share traffic: another rollout is under way or was left half done; never stack on it.
    return {
      result: 'failed',
      versionId: undefined,
      reason: 'the current deployment splits traffic; finish it or run npm run rollback first',
    };
  }
  if (stable) deps.record('stable-version', stable);

  const versionId = await wrangler.upload(deps.tag, deps.message);
  deps.record('new-version', versionId);
  log(`uploaded version ${versionId}${stable ? ` (stable: ${stable})` : ' (first deployment)'}`);

  if (!stable) return firstDeployment(deps, versionId);

  const back = async (reason: string): Promise<ReleaseOutcome> => {
    log(`rolling back to ${stable}: ${reason}`);
    await wrangler.rollback(stable, `Automatic rollback of ${deps.tag}: ${reason}`.slice(0, 120));
    return { result: 'rolled-back', versionId, previous: stable, reason };
  };

  try {
    // At 0% the new version serves nobody, but an override can reach it: Cloudflare applies overrides only to
    // versions of the current deployment.
    await wrangler.deploy(
      [
        { versionId: stable, percentage: 100 },
        { versionId, percentage: 0 },
      ],
      `${deps.tag}: smoke test at 0%`,
    );
    if (!(await deps.smoke(versionId))) return back('smoke test through the version override failed');

    const canary = deps.gate.canaryPercent;
    await wrangler.deploy(
      [
        { versionId, percentage: canary },
        { versionId: stable, percentage: 100 - canary },
      ],
      `${deps.tag}: canary at ${canary}%`,
    );
    await healthGate(deps, versionId);

    await wrangler.deploy([{ versionId, percentage: 100 }], `${deps.tag}: 100%`);
    if (!(await deps.ready())) return back('readiness failed after promotion to 100%');
  } catch (error) {
    return back(error instanceof Error ? error.message : String(error));
  }
  log(`released ${versionId}`);
  return { result: 'released', versionId, previous: stable };
}

/**
 * Holds the canary for the gate's duration: readiness of the new version (pinned) and of the service as clients
 * see it (unpinned) every interval, the smoke suite every smokeEveryMs. Throws at the first failure.
 */
async function healthGate(deps: ReleaseDeps, versionId: string): Promise<void> {
  const { gate } = deps;
  const start = deps.now();
  let lastSmoke = start;
  let checks = 0;
  deps.log(`health gate: ${gate.durationMs / 1000} s at ${gate.canaryPercent}%`);
  for (;;) {
    if (!(await deps.ready(versionId))) throw new GateFailure('health gate: the new version is not ready');
    if (!(await deps.ready())) throw new GateFailure('health gate: the service is not ready');
    checks += 1;
    const elapsed = deps.now() - start;
    if (deps.now() - lastSmoke >= gate.smokeEveryMs) {
      if (!(await deps.smoke(versionId))) throw new GateFailure('health gate: smoke test failed');
      lastSmoke = deps.now();
    }
    if (elapsed >= gate.durationMs) break;
    await deps.sleep(Math.min(gate.intervalMs, gate.durationMs - elapsed));
  }
  // The gate always ends on a smoke run, so a short gate still runs the suite once at the canary share.
  if (!(await deps.smoke(versionId))) throw new GateFailure('health gate: final smoke test failed');
  deps.log(`health gate passed: ${checks} readiness rounds`);
}

/** No earlier version exists: nothing to split with and nothing to roll back to. */
async function firstDeployment(deps: ReleaseDeps, versionId: string): Promise<ReleaseOutcome> {
  await deps.wrangler.deploy([{ versionId, percentage: 100 }], `${deps.tag}: first deployment`);
  if (!(await deps.smoke(versionId))) {
    return {
      result: 'failed',
      versionId,
      reason: 'smoke test failed on the first deployment (no earlier version)',
    };
  }
  return { result: 'released', versionId, previous: undefined };
}
