// Property: whatever sequence of target statuses a manager sends, only the allowed transitions succeed.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../../test/helpers/app';
import { type BuildingFixture, buildingFixture } from '../../../../test/helpers/fixtures';
import { jsonBody } from '../../../../test/helpers/json';
import type { MaintenanceRequest } from '../schema';
import { MAINTENANCE_STATUSES, type MaintenanceStatus } from '../tables';

// The contract's table, written out again here so the test does not trust the implementation's copy.
const ALLOWED: ReadonlySet<string> = new Set([
  'open>in_progress',
  'open>rejected',
  'in_progress>resolved',
  'in_progress>rejected',
]);

describe('Maintenance state machine', () => {
  let f: BuildingFixture;
  beforeAll(async () => {
    f = await buildingFixture();
  });

  it('Maintenance state machine: only the allowed transitions succeed', async () => {
    const app = testApp();
    const base = () => `/api/v2/buildings/${f.buildingId}/maintenance-requests`;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...MAINTENANCE_STATUSES), { minLength: 1, maxLength: 6 }),
        async (targets) => {
          const opened = await call(
            app,
            base(),
            jsonBody('POST', { title: 'Property', description: 'Generated.' }, f.resident.auth),
          );
          expect(opened.status).toBe(201);
          const { id } = (await opened.json()) as MaintenanceRequest;
          let model: MaintenanceStatus = 'open';
          let version = 1;
          for (const [index, target] of targets.entries()) {
            // Manager and admin take turns: both may move a status, and neither nears the per-user rate limit.
            const by = index % 2 === 0 ? f.manager : f.admin;
            const res = await call(app, `${base()}/${id}`, jsonBody('PATCH', { status: target }, by.auth));
            if (ALLOWED.has(`${model}>${target}`)) {
              expect(res.status).toBe(200);
              model = target;
              version += 1;
              expect(await res.json()).toMatchObject({ status: model, version });
            } else {
              expect(res.status).toBe(409);
              expect(await problemOf(res)).toMatchObject({
                code: 'invalid_transition',
                from: model,
                to: target,
              });
            }
          }
          const final = await call(app, `${base()}/${id}`, { headers: f.resident.auth });
          expect(await final.json()).toMatchObject({ status: model, version });
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);
});
