// Domain events reach the building's sockets and SSE streams: through the real EVENTS queue, once per event id,
// with the event's id and request id; member.left closes the member's sockets with 4403.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { subscribers } from '../../../queues/events/subscribers';
import { call, testApp } from '../../../test/helpers/app';
import { buildingFixture } from '../../../test/helpers/fixtures';
import { connect, ofType } from '../../../test/helpers/ws';
import type { Bindings } from '../../env';
import { database } from '../../platform/database';
import { commit, type DomainEvent, newEvent, raise } from '../events';
import { deliver, realtimeSubscriber } from './subscriber';

const app = testApp();
const bindings = env as unknown as Bindings;

async function announcementOf(buildingId: string, announcementId: string, auth: Record<string, string>) {
  const response = await call(app, `/api/v2/buildings/${buildingId}/announcements/${announcementId}`, {
    headers: auth,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as DomainEvent<'announcement.created'>['data'];
}

describe('the realtime subscriber', () => {
  it('is registered for announcement, maintenance and member events', () => {
    expect(subscribers()).toContain(realtimeSubscriber);
    expect(realtimeSubscriber.types).toEqual(
      expect.arrayContaining(['announcement.created', 'maintenance_request.status_changed', 'member.left']),
    );
  });

  it('a committed event reaches the sockets through the real queue, with its event id and request id', async () => {
    const { buildingId, announcementId, manager, resident } = await buildingFixture();
    const { socket } = await connect(app, buildingId, resident);
    const data = await announcementOf(buildingId, announcementId, manager.auth);
    const event = newEvent('announcement.created', buildingId, data);
    await commit(database(env.DB), [raise(event)]);
    const frame = await socket.next(ofType('event', { event: 'announcement.created' }));
    expect(frame).toMatchObject({
      room: 'building',
      data: { id: announcementId, title: 'Water off Tuesday' },
      eventId: event.id,
      requestId: event.requestId,
    });
    expect(frame.id).toEqual(expect.any(Number));
    socket.close();
  });

  it('delivering the same event again sends nothing twice (at-least-once upstream)', async () => {
    const { buildingId, announcementId, manager, resident } = await buildingFixture();
    const { socket } = await connect(app, buildingId, resident);
    const event = newEvent(
      'announcement.updated',
      buildingId,
      await announcementOf(buildingId, announcementId, manager.auth),
    );
    await Promise.all([deliver(event, bindings), deliver(event, bindings)]);
    await deliver(event, bindings);
    // A later event proves the earlier ones have all been sent.
    const marker = newEvent('announcement.deleted', buildingId, { id: announcementId });
    await deliver(marker, bindings);
    await socket.next(ofType('event', { event: 'announcement.deleted' }));
    expect(socket.frames.filter((f) => f.eventId === event.id)).toHaveLength(1);
    socket.close();
  });

  it('member.left closes every socket of that member with 4403 and tells the others', async () => {
    const { buildingId, manager, resident } = await buildingFixture();
    const one = await connect(app, buildingId, resident);
    const two = await connect(app, buildingId, resident);
    const watcher = await connect(app, buildingId, manager);
    await deliver(newEvent('member.left', buildingId, { buildingId, userId: resident.id }), bindings);
    expect(await one.socket.whenClosed()).toMatchObject({ code: 4403 });
    expect(await two.socket.whenClosed()).toMatchObject({ code: 4403 });
    await watcher.socket.next(ofType('event', { event: 'member.left' }));
    await watcher.socket.next(ofType('presence', { event: 'leave' }));
    expect(watcher.socket.closed).toBeUndefined();
    watcher.socket.close();
  });

  it('an event without a building is ignored', async () => {
    const event = newEvent('announcement.deleted', null, { id: crypto.randomUUID() });
    await expect(deliver(event, bindings)).resolves.toBeUndefined();
  });
});

describe('negotiate and presence', () => {
  it('negotiate lists the websocket, then the SSE transport; non-members get 404', async () => {
    const { buildingId, resident, outsider } = await buildingFixture();
    const ok = await call(app, `/api/v2/realtime/negotiate?buildingId=${buildingId}`, {
      headers: resident.auth,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      transports: [
        { type: 'websocket', ticketUrl: '/api/v2/realtime/tickets' },
        { type: 'sse', url: `/api/v2/buildings/${buildingId}/events` },
      ],
      heartbeatIntervalMs: 30000,
    });
    const refused = await call(app, `/api/v2/realtime/negotiate?buildingId=${buildingId}`, {
      headers: outsider.auth,
    });
    expect(refused.status).toBe(404);
    const bad = await call(app, '/api/v2/realtime/negotiate?buildingId=x', { headers: resident.auth });
    expect(bad.status).toBe(422);
  });

  it('presence lists a user with several sockets once; bad rooms are 422; outsiders 404', async () => {
    const { buildingId, resident, outsider } = await buildingFixture();
    const a = await connect(app, buildingId, resident);
    const b = await connect(app, buildingId, resident);
    const response = await call(app, `/api/v2/buildings/${buildingId}/presence`, { headers: resident.auth });
    const body = (await response.json()) as { room: string; online: Array<Record<string, unknown>> };
    expect(body.room).toBe('building');
    expect(body.online).toEqual([
      {
        userId: resident.id,
        name: 'Resident',
        connections: 2,
        since: expect.any(String),
        lastSeenAt: expect.any(String),
      },
    ]);
    const bad = await call(app, `/api/v2/buildings/${buildingId}/presence?room=NO!`, {
      headers: resident.auth,
    });
    expect(bad.status).toBe(422);
    const outside = await call(app, `/api/v2/buildings/${buildingId}/presence`, { headers: outsider.auth });
    expect(outside.status).toBe(404);
    a.socket.close();
    b.socket.close();
  });
});
