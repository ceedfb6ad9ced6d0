// Every announcement, maintenance-request, membership and building write raises exactly one event, in its
// own batch, with the request's ID and the caller as actor; a write that fails or changes nothing raises none.
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createAnnouncement,
  deleteAnnouncement,
  updateAnnouncement,
} from '../src/modules/announcements/service';
import { EVENT_CATALOGUE, type EventType } from '../src/modules/events';
import {
  deleteMaintenanceRequest,
  openMaintenanceRequest,
  updateMaintenanceRequest,
} from '../src/modules/maintenance/service';
import { database } from '../src/platform/database';
import { newId } from '../src/platform/ids';
import { call, testApp } from './helpers/app';
import { type EventRow, eventsOf } from './helpers/events';
import { insertBuilding } from './helpers/fixtures';
import { addMember, createUser } from './helpers/users';

const app = testApp();
const V2 = '/api/v2';

const send = (
  method: string,
  auth: Record<string, string>,
  body?: unknown,
  headers: Record<string, string> = {},
) => ({
  method,
  headers: { ...auth, ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

function expectValid(row: EventRow) {
  const parsed = EVENT_CATALOGUE[row.type as EventType].data.safeParse(JSON.parse(row.data));
  expect(parsed.success, `${row.type}: ${parsed.error?.message}`).toBe(true);
}

describe('writes through the API raise one event each', () => {
  it('building, members, announcements and maintenance requests: each write its event, in order, with request ID and actor', async () => {
    const manager = await createUser({ name: 'Maya Manager' });
    const resident = await createUser({ name: 'Rami Resident' });
    const requestIds: string[] = [];
    const expectOk = async (res: Response, status: number) => {
      expect(res.status, await res.clone().text()).toBe(status);
      requestIds.push(res.headers.get('X-Request-Id') ?? '');
      return res;
    };

    const created = await expectOk(
      await call(
        app,
        `${V2}/buildings`,
        send('POST', manager.auth, {
          name: 'Herzl 12',
          address: { line1: 'Herzl 12', city: 'Tel Aviv', country: 'IL' },
          timeZone: 'Asia/Jerusalem',
          currency: 'ILS',
          monthlyDues: 45000,
        }),
      ),
      201,
    );
    const buildingId = ((await created.json()) as { id: string }).id;
    const building = `${V2}/buildings/${buildingId}`;
    await expectOk(await call(app, building, send('PATCH', manager.auth, { name: 'Herzl 12 North' })), 200);
    const invite = await expectOk(
      await call(app, `${building}/invites`, send('POST', manager.auth, {})),
      201,
    );
    const { code } = (await invite.json()) as { code: string };
    await expectOk(await call(app, `${V2}/buildings/join`, send('POST', resident.auth, { code })), 200);
    const posted = await expectOk(
      await call(
        app,
        `${building}/announcements`,
        send('POST', manager.auth, { title: 'Water', body: 'Off at 9.' }),
      ),
      201,
    );
    const announcement = `${building}/announcements/${((await posted.json()) as { id: string }).id}`;
    await expectOk(await call(app, announcement, send('PATCH', manager.auth, { title: 'Water off' })), 200);
    // A stale If-Match changes nothing and raises nothing.
    const stale = await call(
      app,
      announcement,
      send('PATCH', manager.auth, { title: 'x' }, { 'If-Match': '"v1"' }),
    );
    expect(stale.status).toBe(412);
    await expectOk(await call(app, announcement, send('DELETE', manager.auth)), 204);
    const opened = await expectOk(
      await call(
        app,
        `${building}/maintenance-requests`,
        send('POST', resident.auth, { title: 'Leak', description: 'Kitchen tap.' }),
      ),
      201,
    );
    const request = `${building}/maintenance-requests/${((await opened.json()) as { id: string }).id}`;
    await expectOk(
      await call(app, request, send('PATCH', resident.auth, { description: 'Kitchen tap, 3rd floor.' })),
      200,
    );
    await expectOk(await call(app, request, send('PATCH', manager.auth, { status: 'in_progress' })), 200);
    // An invalid move is refused and raises nothing.
    expect((await call(app, request, send('PATCH', manager.auth, { status: 'open' }))).status).toBe(409);
    await expectOk(await call(app, request, send('DELETE', manager.auth)), 204);
    await expectOk(
      await call(app, `${building}/members/${resident.id}`, send('PATCH', manager.auth, { role: 'manager' })),
      200,
    );
    await expectOk(await call(app, `${building}/members/${resident.id}`, send('DELETE', resident.auth)), 204);
    await expectOk(await call(app, building, send('DELETE', manager.auth)), 204);

    const rows = await eventsOf(buildingId);
    const inviteIndex = 2; // creating an invite is not a domain event
    expect(rows.map((row) => row.type)).toEqual([
      'building.created',
      'building.updated',
      'member.joined',
      'announcement.created',
      'announcement.updated',
      'announcement.deleted',
      'maintenance_request.created',
      'maintenance_request.updated',
      'maintenance_request.status_changed',
      'maintenance_request.deleted',
      'member.role_changed',
      'member.left',
      'building.deleted',
    ]);
    expect(rows.map((row) => row.request_id)).toEqual(requestIds.filter((_, i) => i !== inviteIndex));
    const actors = rows.map((row) => row.actor_id);
    expect(actors[2]).toBe(resident.id); // joined
    expect(actors[6]).toBe(resident.id); // opened
    expect(actors[11]).toBe(resident.id); // left
    expect(actors[0]).toBe(manager.id);
    for (const row of rows) {
      expect(row.building_id).toBe(buildingId);
      expectValid(row);
    }
    const statusChanged = JSON.parse(rows[8]?.data ?? '{}');
    expect(statusChanged).toMatchObject({ status: 'in_progress', previousStatus: 'open' });
    expect(JSON.parse(rows[10]?.data ?? '{}')).toMatchObject({
      userId: resident.id,
      role: 'manager',
      previousRole: 'resident',
    });
    expect(JSON.parse(rows[1]?.data ?? '{}')).not.toHaveProperty('myRole');
  });

  it('an Idempotency-Key replay raises no second event', async () => {
    const manager = await createUser({ name: 'M' });
    const buildingId = await insertBuilding(manager.id);
    await addMember(buildingId, manager.id, 'manager');
    const key = newId();
    for (let i = 0; i < 2; i += 1) {
      const res = await call(
        app,
        `${V2}/buildings/${buildingId}/announcements`,
        send('POST', manager.auth, { title: 'Once', body: 'Only once.' }, { 'Idempotency-Key': key }),
      );
      expect(res.status).toBe(201);
    }
    expect((await eventsOf(buildingId)).map((row) => row.type)).toEqual(['announcement.created']);
  });
});

type Op =
  | { kind: 'post' }
  | { kind: 'post-as-ghost' }
  | { kind: 'edit'; target: number; stale: boolean }
  | { kind: 'remove'; target: number }
  | { kind: 'open' }
  | { kind: 'move'; target: number; status: 'in_progress' | 'resolved' | 'rejected' | 'open' }
  | { kind: 'drop'; target: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ kind: 'post' as const }),
  fc.constant({ kind: 'post-as-ghost' as const }),
  fc.record({ kind: fc.constant('edit' as const), target: fc.nat(5), stale: fc.boolean() }),
  fc.record({ kind: fc.constant('remove' as const), target: fc.nat(5) }),
  fc.constant({ kind: 'open' as const }),
  fc.record({
    kind: fc.constant('move' as const),
    target: fc.nat(5),
    status: fc.constantFrom(
      'in_progress' as const,
      'resolved' as const,
      'rejected' as const,
      'open' as const,
    ),
  }),
  fc.record({ kind: fc.constant('drop' as const), target: fc.nat(5) }),
);

describe('Property: events equal committed writes', () => {
  it('for any sequence of writes, some of which fail, the outbox holds exactly one event per committed write, in order', async () => {
    const db = database(env.DB);
    const manager = await createUser({ name: 'Prop Manager' });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        const buildingId = await insertBuilding(manager.id);
        const announcements: string[] = [];
        const requests: string[] = [];
        const expected: { type: string; id: string }[] = [];
        const pick = (list: string[], i: number) => list[i % Math.max(1, list.length)] ?? newId();
        for (const step of ops) {
          try {
            switch (step.kind) {
              case 'post': {
                const a = await createAnnouncement(db, {
                  buildingId,
                  authorId: manager.id,
                  input: { title: 't', body: 'b' },
                });
                announcements.push(a.id);
                expected.push({ type: 'announcement.created', id: a.id });
                break;
              }
              case 'post-as-ghost': {
                // The author does not exist: the foreign key fails the whole batch.
                await createAnnouncement(db, {
                  buildingId,
                  authorId: newId(),
                  input: { title: 't', body: 'b' },
                });
                expected.push({ type: 'announcement.created', id: 'unexpected' });
                break;
              }
              case 'edit': {
                const id = pick(announcements, step.target);
                const a = await updateAnnouncement(db, {
                  buildingId,
                  announcementId: id,
                  changes: { title: 'edited' },
                  ...(step.stale ? { ifMatch: [-1] } : {}),
                });
                expected.push({ type: 'announcement.updated', id: a.id });
                break;
              }
              case 'remove': {
                const id = pick(announcements, step.target);
                await deleteAnnouncement(db, { buildingId, announcementId: id });
                expected.push({ type: 'announcement.deleted', id });
                break;
              }
              case 'open': {
                const r = await openMaintenanceRequest(db, {
                  buildingId,
                  openedBy: manager.id,
                  input: { title: 't', description: 'd' },
                });
                requests.push(r.id);
                expected.push({ type: 'maintenance_request.created', id: r.id });
                break;
              }
              case 'move': {
                const id = pick(requests, step.target);
                const r = await updateMaintenanceRequest(db, {
                  buildingId,
                  requestId: id,
                  actor: { id: manager.id, role: 'manager' },
                  changes: { status: step.status },
                });
                expected.push({ type: 'maintenance_request.status_changed', id: r.id });
                break;
              }
              case 'drop': {
                const id = pick(requests, step.target);
                await deleteMaintenanceRequest(db, {
                  buildingId,
                  requestId: id,
                  actor: { id: manager.id, role: 'manager' },
                });
                expected.push({ type: 'maintenance_request.deleted', id });
                break;
              }
            }
          } catch {
            // A refused or failed write: it must have left no event.
          }
        }
        const rows = await eventsOf(buildingId);
        expect(
          rows.map((row) => ({ type: row.type, id: (JSON.parse(row.data) as { id: string }).id })),
        ).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  }, 300_000); // 100 runs of up to 8 writes against real D1: sized for a busy 2-core machine
});
