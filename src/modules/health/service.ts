// Readiness: each dependency probed in parallel with its own timeout, with the latency of each probe.

export type CheckStatus = 'up' | 'down';

export interface CheckResult {
  status: CheckStatus;
  latencyMs: number;
  /** Why a check is down, in words safe to show (never an internal message). */
  reason?: 'timeout' | 'error';
}

export type Probe = () => Promise<unknown>;

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

class ProbeTimeout extends Error {}

async function runProbe(probe: Probe, timeoutMs: number): Promise<CheckResult & { error?: unknown }> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout()), timeoutMs);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { status: 'up', latencyMs: elapsed(started) };
  } catch (error) {
    const reason = error instanceof ProbeTimeout ? 'timeout' : 'error';
    return { status: 'down', latencyMs: elapsed(started), reason, error };
  } finally {
    clearTimeout(timer);
  }
}

const elapsed = (started: number): number => Math.round((performance.now() - started) * 100) / 100;

/** Runs every probe at once; `onFailure` sees the real error of each failed probe (for the log). */
export async function checkReadiness(
  probes: Record<string, Probe>,
  timeoutMs: number,
  onFailure: (name: string, result: CheckResult, error: unknown) => void = () => {},
): Promise<Readiness> {
  const names = Object.keys(probes);
  const results = await Promise.all(names.map((name) => runProbe(probes[name] as Probe, timeoutMs)));
  const checks: Record<string, CheckResult> = {};
  results.forEach(({ error, ...result }, index) => {
    const name = names[index] as string;
    checks[name] = result;
    if (result.status === 'down') onFailure(name, result, error);
  });
  return { ready: results.every((r) => r.status === 'up'), checks };
}

/** The platform's dependencies: D1, KV and R2, each asked the cheapest question that proves it answers. */
export const dependencyProbes = (bindings: { DB: D1Database; CACHE: KVNamespace; FILES: R2Bucket }) => ({
  d1: () => bindings.DB.prepare('SELECT 1').first(),
  kv: () => bindings.CACHE.get('health:probe'),
  r2: () => bindings.FILES.head('health/probe'),
});
