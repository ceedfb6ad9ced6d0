// The SSE fallback through the Worker: retry, the same ids as the sockets, Last-Event-ID replay and reset, keepalive.
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { EventLog, KEEP_EVENTS, KEEP_MS } from '../../../durable-objects/building-room/event-log';
import { call, problemOf, testApp } from '../../../test/helpers/app';
import { buildingFixture } from '../../../test/helpers/fixtures';
import { SseReader } from '../../../test/helpers/sse';
import type { TestUser } from '../../../test/helpers/users';
import { connect, ofType } from '../../../test/helpers/ws';
import type { Bindings } from '../../env';
import { newEvent } from '../events';
import { deliver } from './subscriber';

const app = testApp();
const bindings = env as unknown as Bindings;
const roomOf = (buildingId: string) => env.BUILDING_ROOM.get(env.BUILDING_ROOM.idFromName(buildingId));

async function open(buildingId: string, user: TestUser, headers: Record<string, string> = {}) {
  const response = await call(app, `/api/v2/buildings/${buildingId}/events`, {
    headers: { ...user.auth, Accept: 'text/event-stream', ...headers },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toMatch(/^text\/event-stream/);
  return new SseReader(response);
}

const deleted = (buildingId: string) =>
  newEvent('announcement.deleted', buildingId, { id: crypto.randomUUID() });

describe('SSE', () => {
  it('starts with retry: 3000 and carries domain events with the same id the sockets see', async () => {
    const { buildingId, resident, manager } = await buildingFixture();
    const stream = await open(buildingId, resident);
    await stream.until((s) => s.text.includes('\n\n'));
    expect(stream.text.startsWith('retry: 3000\n\n')).toBe(true);
    const { socket } = await connect(app, buildingId, manager);
    const event = deleted(buildingId);
    await deliver(event, bindings);
    const frame = await socket.next(ofType('event', { eventId: event.id }));
    await stream.until((s) => s.events().length > 0);
    const [received] = stream.events();
    expect(received).toMatchObject({ id: String(frame.id), event: 'announcement.deleted' });
    expect(JSON.parse(received?.data ?? '')).toEqual(frame);
    // A client publish in another room is not for SSE; one in the building room is.
    socket.send({ type: 'join', room: 'side' });
    socket.send({ type: 'publish', room: 'side', event: 'typing', data: {} });
    socket.send({ type: 'publish', room: 'building', event: 'wave', data: {} });
    await stream.until((s) => s.events().length > 1);
    expect(stream.events().map((e) => e.event)).toEqual(['announcement.deleted', 'wave']);
    await stream.cancel();
    socket.close();
  });

  it('Last-Event-ID replays every later event, in order; events for another user are not replayed', async () => {
    const { buildingId, resident, manager } = await buildingFixture();
    const room = roomOf(buildingId);
    const first = await room.broadcast('building', 'note', { n: 1 });
    await room.broadcast('building', 'note', { n: 2 });
    await room.sendToUser(manager.id, 'private', { n: 'x' });
    await room.sendToUser(resident.id, 'mine', { n: 3 });
    await room.broadcast('building', 'note', { n: 4 });
    const stream = await open(buildingId, resident, { 'Last-Event-ID': String(first) });
    await stream.until((s) => s.events().length >= 3);
    const events = stream.events();
    expect(events.map((e) => JSON.parse(e.data ?? '').data.n)).toEqual([2, 3, 4]);
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBeGreaterThan(first);
    await stream.cancel();
  });

  it('an id older than the log, unknown or malformed gets one reset with the current id', async () => {
    const { buildingId, resident } = await buildingFixture();
    const room = roomOf(buildingId);
    await room.broadcast('building', 'note', {});
    const second = await room.broadcast('building', 'note', {});
    await runInDurableObject(room, (_, state) => {
      state.storage.sql.exec('DELETE FROM events WHERE id < ?', second);
    });
    for (const lastEventId of ['0', String(second + 50), 'garbage']) {
      const stream = await open(buildingId, resident, { 'Last-Event-ID': lastEventId });
      await stream.until((s) => s.events().length > 0);
      expect(stream.events(), lastEventId).toEqual([
        { id: String(second), event: 'reset', data: expect.any(String) },
      ]);
      await stream.cancel();
    }
    // The id right before the oldest kept one still resumes: nothing was lost.
    const resumed = await open(buildingId, resident, { 'Last-Event-ID': String(second - 1) });
    await resumed.until((s) => s.events().length > 0);
    expect(resumed.events()[0]).toMatchObject({ id: String(second), event: 'note' });
    await resumed.cancel();
  });

  it('sends a keepalive comment on the interval tick', async () => {
    const { buildingId, resident } = await buildingFixture();
    const stream = await open(buildingId, resident);
    await stream.until((s) => s.text.includes('\n\n'));
    await roomOf(buildingId).keepalive();
    await stream.until((s) => s.text.includes(': keepalive\n\n'));
    await stream.cancel();
  });

  it('member.left ends that member’s streams', async () => {
    const { buildingId, resident } = await buildingFixture();
    const stream = await open(buildingId, resident);
    await stream.until((s) => s.text.includes('\n\n'));
    await deliver(newEvent('member.left', buildingId, { buildingId, userId: resident.id }), bindings);
    await stream.toEnd();
    expect(stream.events().map((e) => e.event)).toEqual(['member.left']);
  });

  it('needs a bearer token (401), membership (404) and an Accept that allows event streams (406)', async () => {
    const { buildingId, resident, outsider } = await buildingFixture();
    const path = `/api/v2/buildings/${buildingId}/events`;
    expect((await call(app, path, { headers: { Accept: 'text/event-stream' } })).status).toBe(401);
    const outside = await call(app, path, { headers: { ...outsider.auth, Accept: 'text/event-stream' } });
    expect(outside.status).toBe(404);
    const json = await call(app, path, { headers: { ...resident.auth, Accept: 'application/json' } });
    expect(json.status).toBe(406);
    expect(await problemOf(json)).toMatchObject({ code: 'not_acceptable' });
  });
});

describe('the event log', () => {
  it('keeps the last 1,000 events or those of the last 10 minutes, whichever is more', async () => {
    const { buildingId } = await buildingFixture();
    await runInDurableObject(roomOf(buildingId), (_, state) => {
      const log = new EventLog(state.storage.sql);
      const now = Date.now();
      // 1,005 old events: the 5 oldest go, the last 1,000 stay although they are old too.
      for (let i = 0; i < KEEP_EVENTS + 5; i += 1)
        log.append({ room: 'building', event: 'old', data: {} }, now - KEEP_MS - 1);
      log.trim(now);
      const count = () =>
        state.storage.sql
          .exec<{ n: number; min: number }>('SELECT COUNT(*) AS n, MIN(id) AS min FROM events')
          .one();
      expect(count().n).toBe(KEEP_EVENTS);
      // Recent events are all kept, beyond 1,000; the old ones beyond the last 1,000 go.
      for (let i = 0; i < 20; i += 1) log.append({ room: 'building', event: 'new', data: {} }, now);
      expect(count().n).toBe(KEEP_EVENTS);
      const last = log.lastId();
      expect(count().min).toBe(last - KEEP_EVENTS + 1);
      expect(log.since(last - KEEP_EVENTS, 'nobody')).toMatchObject({ reset: false });
      expect(log.since(last - KEEP_EVENTS - 1, 'nobody')).toEqual({ reset: true });
    });
  });
});
