// Property 45 (presence tracking): after any sequence of connects, joins, leaves, closes and hibernations, each
// room's presence lists exactly the users with an open socket in it, once each, with their socket count.
import { evictDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, testApp } from '../../test/helpers/app';
import { insertBuilding } from '../../test/helpers/fixtures';
import { addMember, createUser, type TestUser } from '../../test/helpers/users';
import { ofType, TestSocket } from '../../test/helpers/ws';
import { presenceOf, type SocketView } from './presence';

const app = testApp();
const ROOMS = ['a', 'b'] as const;

type Command =
  | { kind: 'connect'; user: number }
  | { kind: 'join' | 'leave'; socket: number; room: (typeof ROOMS)[number] }
  | { kind: 'close'; socket: number }
  | { kind: 'hibernate' };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('connect' as const), user: fc.nat(2) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('join' as const, 'leave' as const),
      socket: fc.nat(7),
      room: fc.constantFrom(...ROOMS),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), socket: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'hibernate' as const }) },
);

interface Modelled {
  user: TestUser;
  rooms: Set<string>;
  open: boolean;
  client: TestSocket;
}

const expected = (sockets: Modelled[], room: string) =>
  [...new Set(sockets.filter((s) => s.open && s.rooms.has(room)).map((s) => s.user.id))]
    .sort()
    .map((userId) => ({
      userId,
      connections: sockets.filter((s) => s.open && s.rooms.has(room) && s.user.id === userId).length,
    }));

let users: TestUser[] = [];
beforeAll(async () => {
  users = await Promise.all([0, 1, 2].map((i) => createUser({ name: `User ${i}` })));
});

describe('Property 45: presence tracking', () => {
  it('the pure computation lists each user of a room once, with their socket count', () => {
    const socket = fc.record({
      connectionId: fc.uuid(),
      userId: fc.constantFrom('u1', 'u2', 'u3'),
      name: fc.string(),
      rooms: fc.subarray(['building', 'a', 'b']),
      connectedAt: fc.integer({ min: 0, max: 2_000_000_000_000 }),
      lastSeenAt: fc.integer({ min: 0, max: 2_000_000_000_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(socket, { maxLength: 12 }),
        fc.constantFrom('building', 'a', 'b'),
        (sockets, room) => {
          const online = presenceOf(sockets as SocketView[], room);
          const inRoom = sockets.filter((s) => s.rooms.includes(room));
          expect(online.map((u) => u.userId)).toEqual([...new Set(inRoom.map((s) => s.userId))].sort());
          for (const user of online) {
            const mine = inRoom.filter((s) => s.userId === user.userId);
            expect(user.connections).toBe(mine.length);
            expect(Date.parse(user.since)).toBe(Math.min(...mine.map((s) => s.connectedAt)));
            expect(Date.parse(user.lastSeenAt)).toBe(Math.max(...mine.map((s) => s.lastSeenAt)));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('holds for the real object over any sequence of socket operations', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 10 }), async (commands) => {
        const buildingId = await insertBuilding(users[0]?.id ?? '');
        for (const user of users) await addMember(buildingId, user.id, 'resident');
        const stub = env.BUILDING_ROOM.get(env.BUILDING_ROOM.idFromName(buildingId));
        const sockets: Modelled[] = [];
        try {
          for (const step of commands) {
            if (step.kind === 'connect') {
              const user = users[step.user] as TestUser;
              const { ticket } = await stub.issueTicket({ userId: user.id, name: `User ${step.user}` });
              const response = await call(app, `/api/v2/buildings/${buildingId}/ws?ticket=${ticket}`, {
                headers: { Upgrade: 'websocket' },
              });
              expect(response.status).toBe(101);
              const client = new TestSocket(response.webSocket as WebSocket);
              await client.next(ofType('welcome'));
              sockets.push({ user, rooms: new Set(['building']), open: true, client });
              continue;
            }
            if (step.kind === 'hibernate') {
              // An object that is not running (never woken, or already hibernated) has nothing to evict.
              await evictDurableObject(stub, { webSockets: 'hibernate' }).catch((error: Error) => {
                if (!/not currently running/.test(error.message)) throw error;
              });
              continue;
            }
            const target = sockets[step.socket % Math.max(sockets.length, 1)];
            if (!target?.open) continue;
            if (step.kind === 'close') {
              target.client.close();
              target.open = false;
            } else if (step.kind === 'join') {
              const from = target.client.frames.length;
              target.client.send({ type: 'join', room: step.room });
              await target.client.next(ofType('joined', { room: step.room }), from);
              target.rooms.add(step.room);
            } else if (target.rooms.has(step.room)) {
              const from = target.client.frames.length;
              target.client.send({ type: 'leave', room: step.room });
              await target.client.next(ofType('left', { room: step.room }), from);
              target.rooms.delete(step.room);
            }
          }
          // A close reaches the object asynchronously: poll (bounded) until it has, then compare exactly.
          for (const room of ['building', ...ROOMS]) {
            const want = expected(sockets, room);
            let got: Array<{ userId: string; connections: number }> = [];
            for (let attempt = 0; attempt < 200; attempt += 1) {
              got = (await stub.presence(room)).map(({ userId, connections }) => ({ userId, connections }));
              if (JSON.stringify(got) === JSON.stringify(want)) break;
              await new Promise((resolve) => setTimeout(resolve, 20));
            }
            expect(got, room).toEqual(want);
          }
        } finally {
          for (const socket of sockets) if (socket.open) socket.client.close();
        }
      }),
      { numRuns: 100 },
    );
  });
});
