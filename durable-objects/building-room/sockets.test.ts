// The building's WebSocket through the Worker: tickets, welcome, rooms, presence frames, publishes, bad frames.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../test/helpers/app';
import { buildingFixture } from '../../test/helpers/fixtures';
import { connect, ofType, ticketFor } from '../../test/helpers/ws';

const app = testApp();

describe('connecting', () => {
  it('a member gets a ticket and a socket; the first frame is welcome in the building room', async () => {
    const { buildingId, resident } = await buildingFixture();
    const { socket, welcome, response } = await connect(app, buildingId, resident, {
      'Sec-WebSocket-Protocol': 'chat, doorman.v1',
    });
    expect(socket.frames[0]).toEqual(welcome);
    expect(welcome).toMatchObject({ userId: resident.id, rooms: ['building'], heartbeatIntervalMs: 30000 });
    expect(welcome.connectionId).toEqual(expect.any(String));
    expect(response.headers.get('Sec-WebSocket-Protocol')).toBe('doorman.v1');
    socket.close();
  });

  it('a ticket works once, even when two upgrades race with it', async () => {
    const { buildingId, resident } = await buildingFixture();
    const url = await ticketFor(app, buildingId, resident);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => call(app, url, { headers: { Upgrade: 'websocket' } })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([101, 401, 401, 401, 401]);
    for (const response of responses.filter((r) => r.status === 401)) {
      expect(await problemOf(response)).toMatchObject({ code: 'invalid_ticket' });
    }
    const opened = responses.find((r) => r.status === 101)?.webSocket;
    opened?.accept();
    opened?.close(1000);
  });

  it('missing, forged and foreign tickets are 401 before any upgrade; no Upgrade header is 426', async () => {
    const one = await buildingFixture();
    const other = await buildingFixture();
    const foreign = (await ticketFor(app, other.buildingId, other.resident)).split('ticket=')[1];
    const ws = { headers: { Upgrade: 'websocket' } };
    for (const query of [
      '',
      '?ticket=',
      '?ticket=forged',
      `?ticket=${foreign}`,
      `?ticket=${'x'.repeat(500)}`,
    ]) {
      const response = await call(app, `/api/v2/buildings/${one.buildingId}/ws${query}`, ws);
      expect(response.status, query).toBe(401);
      expect(await problemOf(response)).toMatchObject({ code: 'invalid_ticket' });
    }
    const url = await ticketFor(app, one.buildingId, one.resident);
    const plain = await call(app, url);
    expect(plain.status).toBe(426);
    expect(await problemOf(plain)).toMatchObject({ code: 'upgrade_required' });
    // The refused plain request did not spend the ticket.
    const upgraded = await call(app, url, ws);
    expect(upgraded.status).toBe(101);
    upgraded.webSocket?.accept();
    upgraded.webSocket?.close(1000);
  });

  it('a non-member gets no ticket (404); a member removed after getting one cannot connect (404)', async () => {
    const { buildingId, resident, outsider } = await buildingFixture();
    const refused = await call(app, '/api/v2/realtime/tickets', {
      method: 'POST',
      headers: { ...outsider.auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ buildingId }),
    });
    expect(refused.status).toBe(404);
    const url = await ticketFor(app, buildingId, resident);
    await env.DB.prepare('DELETE FROM memberships WHERE building_id = ? AND user_id = ?')
      .bind(buildingId, resident.id)
      .run();
    const response = await call(app, url, { headers: { Upgrade: 'websocket' } });
    expect(response.status).toBe(404);
  });

  it('a ticket request with a bad body is a 422 problem; without a token 401', async () => {
    const { resident } = await buildingFixture();
    const bad = await call(app, '/api/v2/realtime/tickets', {
      method: 'POST',
      headers: { ...resident.auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ buildingId: 'nope' }),
    });
    expect(bad.status).toBe(422);
    const anonymous = await call(app, '/api/v2/realtime/tickets', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
  });
});

describe('rooms and messages', () => {
  it('join answers joined with presence; others in the room hear presence join and leave once per user', async () => {
    const { buildingId, resident, manager } = await buildingFixture();
    const a = await connect(app, buildingId, resident);
    const b = await connect(app, buildingId, manager);
    a.socket.send({ type: 'join', room: 'lobby' });
    const joined = await a.socket.next(ofType('joined', { room: 'lobby' }));
    expect(joined.presence).toEqual([{ userId: resident.id, name: 'Resident' }]);
    b.socket.send({ type: 'join', room: 'lobby' });
    await b.socket.next(ofType('joined', { room: 'lobby' }));
    const heard = await a.socket.next(ofType('presence', { room: 'lobby', event: 'join' }));
    expect(heard.user).toEqual({ userId: manager.id, name: 'Manager' });
    // A second socket of the manager joining the room is not news; its leaving neither.
    const b2 = await connect(app, buildingId, manager);
    b2.socket.send({ type: 'join', room: 'lobby' });
    await b2.socket.next(ofType('joined', { room: 'lobby' }));
    b2.socket.send({ type: 'leave', room: 'lobby' });
    await b2.socket.next(ofType('left', { room: 'lobby' }));
    b.socket.send({ type: 'leave', room: 'lobby' });
    await b.socket.next(ofType('left', { room: 'lobby' }));
    const left = await a.socket.next(ofType('presence', { room: 'lobby', event: 'leave' }));
    expect(left.user).toEqual({ userId: manager.id, name: 'Manager' });
    const news = a.socket.frames.filter((f) => f.type === 'presence' && f.room === 'lobby');
    expect(news.map((f) => f.event)).toEqual(['join', 'leave']);
    for (const s of [a, b, b2]) s.socket.close();
  });

  it('a publish reaches the room’s sockets with an increasing id and its sender', async () => {
    const { buildingId, resident, manager } = await buildingFixture();
    const a = await connect(app, buildingId, resident);
    const b = await connect(app, buildingId, manager);
    for (const s of [a, b]) {
      s.socket.send({ type: 'join', room: 'thread:1' });
      await s.socket.next(ofType('joined', { room: 'thread:1' }));
    }
    a.socket.send({ type: 'publish', room: 'thread:1', event: 'typing', data: { on: true } });
    a.socket.send({ type: 'publish', room: 'thread:1', event: 'typing', data: { on: false } });
    const first = await b.socket.next(ofType('event', { event: 'typing' }));
    const second = await b.socket.next((f) => f.type === 'event' && f.id !== first.id);
    expect(first).toMatchObject({ room: 'thread:1', data: { on: true }, from: { userId: resident.id } });
    expect(second.id as number).toBeGreaterThan(first.id as number);
    for (const s of [a, b]) s.socket.close();
  });

  it('bad frames get error frames and the socket stays open', async () => {
    const { buildingId, resident } = await buildingFixture();
    const { socket } = await connect(app, buildingId, resident);
    const cases: Array<[unknown, string]> = [
      ['not json', 'invalid_json'],
      [{ type: 'dance' }, 'invalid_message'],
      [{ type: 'join', room: 'Bad Room' }, 'invalid_message'],
      [{ type: 'join', room: 'user:someone' }, 'invalid_message'],
      [{ type: 'publish', room: 'building', event: 'announcement.created', data: {} }, 'invalid_message'],
      [{ type: 'publish', room: 'elsewhere', event: 'typing', data: {} }, 'not_joined'],
      [{ type: 'leave', room: 'building' }, 'cannot_leave'],
      [{ type: 'leave', room: 'never' }, 'not_joined'],
      [{ type: 'publish', room: 'building', event: 'typing', data: { x: 'y'.repeat(5000) } }, 'too_large'],
    ];
    let seen = 0;
    for (const [frame, code] of cases) {
      socket.send(frame);
      const error = await socket.next(ofType('error'), seen + 1);
      seen = socket.frames.indexOf(error);
      expect(error.code, JSON.stringify(frame).slice(0, 60)).toBe(code);
      expect(error.message).toEqual(expect.any(String));
    }
    for (let i = 1; i < 10; i += 1) socket.send({ type: 'join', room: `room-${i}` });
    await socket.next(ofType('joined', { room: 'room-9' }));
    socket.send({ type: 'join', room: 'room-10' });
    expect((await socket.next(ofType('error', { code: 'too_many_rooms' }))).type).toBe('error');
    expect(socket.closed).toBeUndefined();
    socket.close();
  });

  it('publishes are rate limited per socket', async () => {
    const { buildingId, resident } = await buildingFixture();
    const { socket } = await connect(app, buildingId, resident);
    for (let i = 0; i < 21; i += 1)
      socket.send({ type: 'publish', room: 'building', event: 'typing', data: { i } });
    const limited = await socket.next(ofType('error', { code: 'rate_limited' }));
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    expect(socket.frames.filter((f) => f.type === 'event')).toHaveLength(20);
    socket.close();
  });
});
