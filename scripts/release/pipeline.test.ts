// The release's decisions with wrangler and the probes faked: order of calls, the health gate, automatic rollback.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Call, deployment, fakeWrangler, NEW, STABLE } from './fake-wrangler.ts';
import { type GateSettings, type ReleaseDeps, release } from './pipeline.ts';

const GATE: GateSettings = {
  durationMs: 120_000,
  intervalMs: 15_000,
  smokeEveryMs: 60_000,
  canaryPercent: 10,
};
const stableHistory = [deployment('2026-01-02T00:00:00Z', [STABLE, 100])];

type Probe = { kind: 'smoke' | 'ready'; versionId: string | undefined; at: number };

/** A release against fakes; `answer` decides each probe (default: all pass). The clock moves only in sleep. */
function harness(
  options: {
    history?: typeof stableHistory;
    answer?: (probe: Probe, index: number) => boolean;
    failDeployAt?: number;
    gate?: GateSettings;
  } = {},
) {
  const { wrangler, calls } = fakeWrangler(options.history ?? stableHistory, {
    failDeployAt: options.failDeployAt,
  });
  const probes: Probe[] = [];
  const recorded: Record<string, string> = {};
  const deployedAt: Array<{ traffic: string; at: number }> = [];
  let clock = 0;
  const probe = async (kind: Probe['kind'], versionId?: string) => {
    const p = { kind, versionId, at: clock };
    probes.push(p);
    return options.answer?.(p, probes.length - 1) ?? true;
  };
  const deps: ReleaseDeps = {
    wrangler: {
      ...wrangler,
      deploy: async (traffic, message) => {
        deployedAt.push({
          traffic: traffic.map((t) => `${t.versionId}@${t.percentage}`).join(' '),
          at: clock,
        });
        return wrangler.deploy(traffic, message);
      },
    },
    smoke: (id) => probe('smoke', id),
    ready: (id) => probe('ready', id),
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
    log: () => {},
    record: (name, value) => {
      recorded[name] = value;
    },
    gate: options.gate ?? GATE,
    tag: 'v1.2.3',
    message: 'Release v1.2.3',
  };
  return { run: () => release(deps), calls, probes, recorded, deployedAt };
}

const deploys = (calls: Call[]) =>
  calls.filter((c) => c.op === 'deploy').map((c) => (c.op === 'deploy' ? c.traffic : ''));
const rollbacks = (calls: Call[]) => calls.filter((c) => c.op === 'rollback');

describe('release', () => {
  it('uploads, smokes at 0% through the override, holds 10% for the whole gate, then 100%', async () => {
    const h = harness();
    const outcome = await h.run();
    expect(outcome).toEqual({ result: 'released', versionId: NEW, previous: STABLE });
    expect(h.calls.slice(0, 2)).toEqual([{ op: 'deployments' }, { op: 'upload', tag: 'v1.2.3' }]);
    expect(deploys(h.calls)).toEqual([`${STABLE}@100 ${NEW}@0`, `${NEW}@10 ${STABLE}@90`, `${NEW}@100`]);
    expect(rollbacks(h.calls)).toEqual([]);
    // The first smoke test ran before any traffic moved to the new version, pinned to it.
    expect(h.probes[0]).toEqual({ kind: 'smoke', versionId: NEW, at: 0 });
    // 100% only once the gate's time had passed, checks every interval, the new version pinned and not.
    const promoted = h.deployedAt.find((d) => d.traffic === `${NEW}@100`);
    expect(promoted?.at).toBeGreaterThanOrEqual(GATE.durationMs);
    const gateReady = h.probes.filter(
      (p) => p.kind === 'ready' && p.at <= GATE.durationMs && p.versionId === NEW,
    );
    expect(gateReady.length).toBe(GATE.durationMs / GATE.intervalMs + 1);
    expect(h.probes.filter((p) => p.kind === 'ready' && p.versionId === undefined).length).toBeGreaterThan(
      gateReady.length,
    );
    expect(h.probes.filter((p) => p.kind === 'smoke').length).toBe(
      1 + GATE.durationMs / GATE.smokeEveryMs + 1,
    );
    expect(h.recorded).toEqual({ 'stable-version': STABLE, 'new-version': NEW });
  });

  it('a failed smoke test at 0% rolls back before any client reached the new version', async () => {
    const h = harness({ answer: (p) => p.kind !== 'smoke' });
    const outcome = await h.run();
    expect(outcome).toMatchObject({ result: 'rolled-back', previous: STABLE });
    expect(deploys(h.calls)).toEqual([`${STABLE}@100 ${NEW}@0`]);
    expect(rollbacks(h.calls)).toEqual([{ op: 'rollback', versionId: STABLE }]);
  });

  it('the new version failing readiness during the gate rolls back, never reaching 100%', async () => {
    const h = harness({ answer: (p) => !(p.kind === 'ready' && p.versionId === NEW && p.at >= 45_000) });
    const outcome = await h.run();
    expect(outcome).toMatchObject({
      result: 'rolled-back',
      reason: 'health gate: the new version is not ready',
    });
    expect(deploys(h.calls)).not.toContain(`${NEW}@100`);
    expect(rollbacks(h.calls)).toEqual([{ op: 'rollback', versionId: STABLE }]);
  });

  it('the service failing readiness (unpinned) during the gate rolls back', async () => {
    const h = harness({ answer: (p) => !(p.kind === 'ready' && p.versionId === undefined) });
    expect(await h.run()).toMatchObject({
      result: 'rolled-back',
      reason: 'health gate: the service is not ready',
    });
    expect(deploys(h.calls)).not.toContain(`${NEW}@100`);
  });

  it('a smoke test failing later in the gate rolls back', async () => {
    const h = harness({ answer: (p) => !(p.kind === 'smoke' && p.at >= 60_000) });
    expect(await h.run()).toMatchObject({ result: 'rolled-back', reason: 'health gate: smoke test failed' });
    expect(rollbacks(h.calls)).toHaveLength(1);
  });

  it('a wrangler failure while moving traffic rolls back', async () => {
    const h = harness({ failDeployAt: 2 });
    expect(await h.run()).toMatchObject({
      result: 'rolled-back',
      reason: 'wrangler versions deploy failed (1)',
    });
    expect(rollbacks(h.calls)).toEqual([{ op: 'rollback', versionId: STABLE }]);
  });

  it('readiness failing right after the promotion rolls back from 100%', async () => {
    const h = harness({
      // Not ready once the last traffic move gave the new version everything.
      answer: (p) => !(p.kind === 'ready' && h.deployedAt.at(-1)?.traffic === `${NEW}@100`),
    });
    expect(await h.run()).toMatchObject({ result: 'rolled-back' });
    expect(deploys(h.calls).at(-1)).toBe(`${NEW}@100`);
    expect(rollbacks(h.calls)).toEqual([{ op: 'rollback', versionId: STABLE }]);
  });

  it('refuses to start while two versions share traffic, uploading nothing', async () => {
    const h = harness({
      history: [...stableHistory, deployment('2026-01-03T00:00:00Z', [NEW, 10], [STABLE, 90])],
    });
    expect(await h.run()).toMatchObject({ result: 'failed', versionId: undefined });
    expect(h.calls).toEqual([{ op: 'deployments' }]);
  });

  it('the first deployment goes to 100% at once (nothing to split with or roll back to)', async () => {
    const h = harness({ history: [] });
    expect(await h.run()).toEqual({ result: 'released', versionId: NEW, previous: undefined });
    expect(deploys(h.calls)).toEqual([`${NEW}@100`]);
  });

  it('property: released exactly when every probe passed; otherwise rolled back to the stable version, never left at 100%', async () => {
    const settings = fc.record({
      durationMs: fc.integer({ min: 0, max: 10 }).map((n) => n * 10_000),
      intervalMs: fc.integer({ min: 1, max: 6 }).map((n) => n * 5_000),
      smokeEveryMs: fc.integer({ min: 1, max: 4 }).map((n) => n * 30_000),
      canaryPercent: fc.integer({ min: 1, max: 50 }),
    });
    await fc.assert(
      fc.asyncProperty(settings, fc.option(fc.nat({ max: 40 }), { nil: undefined }), async (gate, failAt) => {
        const h = harness({ gate, answer: (_p, index) => index !== failAt });
        const outcome = await h.run();
        const failed = failAt !== undefined && failAt < h.probes.length;
        const moved = deploys(h.calls);
        expect(moved[0]).toBe(`${STABLE}@100 ${NEW}@0`);
        if (failed) {
          expect(outcome).toMatchObject({ result: 'rolled-back', previous: STABLE });
          expect(rollbacks(h.calls)).toEqual([{ op: 'rollback', versionId: STABLE }]);
        } else {
          expect(outcome.result).toBe('released');
          expect(rollbacks(h.calls)).toEqual([]);
          expect(moved).toEqual([
            `${STABLE}@100 ${NEW}@0`,
            `${NEW}@${gate.canaryPercent} ${STABLE}@${100 - gate.canaryPercent}`,
            `${NEW}@100`,
          ]);
          expect(h.deployedAt.at(-1)?.at).toBeGreaterThanOrEqual(gate.durationMs);
        }
      }),
      { numRuns: 200 },
    );
  });
});
