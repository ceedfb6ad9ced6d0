// The object's state across hibernation and alarms: presence from surviving sockets, heartbeat closes (4408),
// the event log and tickets in its SQLite.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, testApp } from '../../test/helpers/app';
import { buildingFixture } from '../../test/helpers/fixtures';
import { connect, ofType } from '../../test/helpers/ws';
import type { SocketAttachment } from './presence';
import { HEARTBEAT_TIMEOUT_MS } from './protocol';

const app = testApp();
const roomOf = (buildingId: string) => env.BUILDING_ROOM.get(env.BUILDING_ROOM.idFromName(buildingId));

async function presenceOf(buildingId: string, auth: Record<string, string>, room = 'building') {
  const response = await call(app, `/api/v2/buildings/${buildingId}/presence?room=${room}`, {
    headers: auth,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { room: string; online: Array<Record<string, unknown>> };
}

describe('hibernation', () => {
  it('sockets, rooms and presence survive the object hibernating; the event ids keep increasing', async () => {
    const { buildingId, resident, manager } = await buildingFixture();
    const a = await connect(app, buildingId, resident);
    const b = await connect(app, buildingId, manager);
    const b2 = await connect(app, buildingId, manager);
    b.socket.send({ type: 'join', room: 'lobby' });
    await b.socket.next(ofType('joined', { room: 'lobby' }));
    a.socket.send({ type: 'publish', room: 'building', event: 'hello', data: {} });
    const before = await b.socket.next(ofType('event', { event: 'hello' }));

    await evictDurableObject(roomOf(buildingId), { webSockets: 'hibernate' });
    // The object is gone from memory: what it knows now comes from the sockets' attachments and its storage.
    const building = await presenceOf(buildingId, resident.auth);
    expect(building.online.map((u) => [u.userId, u.connections]).sort()).toEqual(
      [
        [manager.id, 2],
        [resident.id, 1],
      ].sort(),
    );
    expect((await presenceOf(buildingId, resident.auth, 'lobby')).online).toEqual([
      expect.objectContaining({ userId: manager.id, name: 'Manager', connections: 1 }),
    ]);

    a.socket.send({ type: 'publish', room: 'building', event: 'again', data: {} });
    const after = await b.socket.next(ofType('event', { event: 'again' }));
    expect(after.id as number).toBeGreaterThan(before.id as number);
    // Rooms joined before hibernating still route after it.
    a.socket.send({ type: 'join', room: 'lobby' });
    await b.socket.next(ofType('presence', { room: 'lobby', event: 'join' }));

    a.socket.close();
    const left = await b.socket.next(ofType('presence', { room: 'building', event: 'leave' }));
    expect(left.user).toEqual({ userId: resident.id, name: 'Resident' });
    expect((await presenceOf(buildingId, manager.auth)).online.map((u) => u.userId)).toEqual([manager.id]);
    b.socket.close();
    b2.socket.close();
  });

  it('ping is answered pong by the runtime, and that answer is the heartbeat presence reports', async () => {
    const { buildingId, resident } = await buildingFixture();
    const { socket } = await connect(app, buildingId, resident);
    await evictDurableObject(roomOf(buildingId), { webSockets: 'hibernate' });
    socket.send('ping');
    await socket.next(ofType('pong'));
    const seen = await runInDurableObject(roomOf(buildingId), (_, state) =>
      state.getWebSockets().map((ws) => state.getWebSocketAutoResponseTimestamp(ws)),
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(Date);
    socket.close();
  });
});

describe('heartbeat alarm', () => {
  it('closes sockets with no ping for 2 × 30 s with 4408 and they leave presence; pinging sockets stay', async () => {
    const { buildingId, resident, manager } = await buildingFixture();
    const quiet = await connect(app, buildingId, resident);
    const alive = await connect(app, buildingId, manager);
    const stub = roomOf(buildingId);
    // Both connected "long ago"; only `alive` has pinged since (its auto-response timestamp is now).
    await runInDurableObject(stub, (_, state) => {
      for (const ws of state.getWebSockets()) {
        const attachment = ws.deserializeAttachment() as SocketAttachment;
        ws.serializeAttachment({ ...attachment, connectedAt: Date.now() - HEARTBEAT_TIMEOUT_MS - 1000 });
      }
    });
    alive.socket.send('ping');
    await alive.socket.next(ofType('pong'));
    // A fresh instance reads the aged attachments (the running one caches them).
    await evictDurableObject(stub, { webSockets: 'hibernate' });

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await quiet.socket.whenClosed()).toMatchObject({ code: 4408 });
    const left = await alive.socket.next(ofType('presence', { event: 'leave' }));
    expect(left.user).toEqual({ userId: resident.id, name: 'Resident' });
    expect(alive.socket.closed).toBeUndefined();
    expect((await presenceOf(buildingId, manager.auth)).online.map((u) => u.userId)).toEqual([manager.id]);
    // The alarm keeps itself going while sockets are open.
    expect(await runInDurableObject(stub, (_, state) => state.storage.getAlarm())).not.toBeNull();
    alive.socket.close();
  });

  it('forgets expired tickets and stops when nothing is left', async () => {
    const { buildingId, resident } = await buildingFixture();
    const stub = roomOf(buildingId);
    await stub.issueTicket({ userId: resident.id, name: 'Resident' });
    await runInDurableObject(stub, (_, state) => {
      state.storage.sql.exec('UPDATE tickets SET expires_at = ?', Date.now() - 1);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const left = await runInDurableObject(stub, (_, state) => ({
      tickets: state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM tickets').one().n,
      alarm: state.storage.getAlarm(),
    }));
    expect(left.tickets).toBe(0);
    expect(await left.alarm).toBeNull();
  });
});

describe('tickets at rest', () => {
  it('the object stores only a ticket’s hash, bound to its user', async () => {
    const { buildingId, resident } = await buildingFixture();
    const stub = roomOf(buildingId);
    const { ticket } = await stub.issueTicket({ userId: resident.id, name: 'Resident' });
    const rows = await runInDurableObject(stub, (_, state) =>
      state.storage.sql
        .exec<{ hash: string; user_id: string }>('SELECT hash, user_id FROM tickets')
        .toArray(),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.user_id).toBe(resident.id);
    expect(rows[0]?.hash).not.toContain(ticket);
    expect(await stub.redeemTicket(ticket)).toEqual({ userId: resident.id, name: 'Resident' });
    expect(await stub.redeemTicket(ticket)).toBeNull();
  });

  it('an expired ticket is refused', async () => {
    const { buildingId, resident } = await buildingFixture();
    const stub = roomOf(buildingId);
    const { ticket } = await stub.issueTicket({ userId: resident.id, name: 'Resident' });
    await runInDurableObject(stub, (_, state) => {
      state.storage.sql.exec('UPDATE tickets SET expires_at = ?', Date.now());
    });
    expect(await stub.redeemTicket(ticket)).toBeNull();
  });
});
