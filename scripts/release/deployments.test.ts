// Reading wrangler's answers and choosing the rollback target from a deployment history.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Deployment, fullVersion, parseDeployments, rollbackTarget } from './deployments.ts';
import { deployment, NEW, OLDER, STABLE } from './fake-wrangler.ts';
import { decideRollback } from './rollback.ts';
import { uploadedVersion } from './wrangler.ts';

describe('rollbackTarget', () => {
  it('mid-rollout (a split) goes back to the version the rollout started from', () => {
    const history = [
      deployment('2026-01-01T00:00:00Z', [OLDER, 100]),
      deployment('2026-01-02T00:00:00Z', [STABLE, 100]),
      deployment('2026-01-03T00:00:00Z', [STABLE, 100], [NEW, 0]),
      deployment('2026-01-03T00:01:00Z', [NEW, 10], [STABLE, 90]),
    ];
    expect(rollbackTarget(history)).toBe(STABLE);
  });

  it('after a promotion to 100% goes back to the version before it, in whatever order wrangler lists them', () => {
    const history = [
      deployment('2026-01-03T00:02:00Z', [NEW, 100]),
      deployment('2026-01-02T00:00:00Z', [STABLE, 100]),
      deployment('2026-01-03T00:01:00Z', [NEW, 10], [STABLE, 90]),
      deployment('2026-01-03T00:00:00Z', [STABLE, 100], [NEW, 0]),
    ];
    expect(rollbackTarget(history)).toBe(STABLE);
  });

  it('skips earlier deployments of the version that already has all traffic (a secret put makes one)', () => {
    const history = [
      deployment('2026-01-01T00:00:00Z', [STABLE, 100]),
      deployment('2026-01-02T00:00:00Z', [NEW, 100]),
      deployment('2026-01-03T00:00:00Z', [NEW, 100]),
    ];
    expect(rollbackTarget(history)).toBe(STABLE);
  });

  it('has no target with a single deployment', () => {
    expect(rollbackTarget([deployment('2026-01-01T00:00:00Z', [STABLE, 100])])).toBeUndefined();
  });

  it('property: the target had all traffic in an earlier deployment, is not the current full version, and is the newest such', () => {
    const version = fc.constantFrom(STABLE, NEW, OLDER);
    const versions = fc.oneof(
      version.map((v): Array<[string, number]> => [[v, 100]]),
      fc
        .tuple(version, version, fc.integer({ min: 0, max: 100 }))
        .filter(([a, b]) => a !== b)
        .map(
          ([a, b, p]): Array<[string, number]> => [
            [a, p],
            [b, 100 - p],
          ],
        ),
    );
    const histories = fc.array(versions, { minLength: 1, maxLength: 12 }).chain((splits) => {
      const history: Deployment[] = splits.map((v, i) =>
        deployment(`2026-01-01T00:${String(i).padStart(2, '0')}:00Z`, ...v),
      );
      // wrangler's list order is not relied on: the same history, shuffled.
      return fc.tuple(fc.constant(history), fc.shuffledSubarray(history, { minLength: history.length }));
    });
    fc.assert(
      fc.property(histories, ([history, listed]) => {
        const current = fullVersion(history.at(-1));
        const earlierFull = history
          .slice(0, -1)
          .reverse()
          .map(fullVersion)
          .filter((v): v is string => v !== undefined && v !== current);
        expect(rollbackTarget(listed)).toBe(earlierFull[0]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('decideRollback', () => {
  const promoted = [
    deployment('2026-01-02T00:00:00Z', [STABLE, 100]),
    deployment('2026-01-03T00:00:00Z', [NEW, 100]),
  ];

  it('rolls back to the previous stable version by default, naming what it leaves', () => {
    expect(decideRollback(promoted)).toEqual({ action: 'rollback', versionId: STABLE, from: [`${NEW}@100`] });
  });

  it('rolls back to the version named', () => {
    expect(decideRollback(promoted, OLDER)).toEqual({
      action: 'rollback',
      versionId: OLDER,
      from: [`${NEW}@100`],
    });
  });

  it('does nothing when the named version already serves all traffic (the workflow may call it twice)', () => {
    expect(decideRollback(promoted, NEW)).toMatchObject({ action: 'none' });
  });

  it('refuses a version ID that is not a UUID, an empty history and a history with no earlier stable version', () => {
    expect(decideRollback(promoted, 'latest')).toMatchObject({ action: 'refuse' });
    expect(decideRollback([])).toMatchObject({ action: 'refuse' });
    expect(decideRollback([deployment('2026-01-03T00:00:00Z', [NEW, 100])])).toMatchObject({
      action: 'refuse',
    });
  });
});

describe("wrangler's answers", () => {
  it('parses deployments list --json, also after a log line', () => {
    const json = JSON.stringify([
      { id: 'd', created_on: '2026-01-01', versions: [{ version_id: STABLE, percentage: 100 }] },
    ]);
    expect(parseDeployments(`Some notice\n${json}`)).toEqual([
      { id: 'd', created_on: '2026-01-01', versions: [{ version_id: STABLE, percentage: 100 }] },
    ]);
    expect(() => parseDeployments('not logged in')).toThrow(/no JSON list/);
    expect(() => parseDeployments('[{"id":1}]')).toThrow(/unexpected deployment/);
  });

  it('reads the uploaded version ID from the output file', () => {
    const file = [
      JSON.stringify({ type: 'wrangler-session', version: 1 }),
      JSON.stringify({ type: 'version-upload', version: 1, version_id: NEW }),
      '',
    ].join('\n');
    expect(uploadedVersion(file)).toBe(NEW);
    expect(() => uploadedVersion(JSON.stringify({ type: 'wrangler-session' }))).toThrow(/no version ID/);
  });
});
