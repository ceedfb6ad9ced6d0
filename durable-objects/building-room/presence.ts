// Presence computed from the live sockets' attachments alone, so it is the same before and after hibernation.
import type { PresenceUser } from './protocol';

/** What each socket carries in its attachment (≤ 16 KiB): it survives hibernation with the socket. */
export interface SocketAttachment {
  connectionId: string;
  userId: string;
  name: string;
  rooms: string[];
  /** Epoch ms of the upgrade: the heartbeat clock until the first `ping`. */
  connectedAt: number;
  /** Set when the server closed the socket itself, so its close event does not announce the leave twice. */
  gone?: boolean;
}

/** One socket as presence sees it: its attachment and when it last answered (its last auto-response). */
export interface SocketView extends SocketAttachment {
  /** Epoch ms of the last `ping` answered, or of the connection before any. */
  lastSeenAt: number;
}

export interface OnlineUser {
  userId: string;
  name: string;
  connections: number;
  /** RFC 3339: the user's oldest socket in the room connected then. */
  since: string;
  /** RFC 3339: the last sign of life of any of the user's sockets in the room. */
  lastSeenAt: string;
}

/** Who is online in `room`: each user once, with their socket count, ordered by user id. */
export function presenceOf(sockets: readonly SocketView[], room: string): OnlineUser[] {
  const users = new Map<string, { name: string; connections: number; since: number; lastSeenAt: number }>();
  for (const socket of sockets) {
    if (!socket.rooms.includes(room)) continue;
    const seen = users.get(socket.userId);
    if (!seen) {
      users.set(socket.userId, {
        name: socket.name,
        connections: 1,
        since: socket.connectedAt,
        lastSeenAt: socket.lastSeenAt,
      });
      continue;
    }
    seen.connections += 1;
    seen.since = Math.min(seen.since, socket.connectedAt);
    seen.lastSeenAt = Math.max(seen.lastSeenAt, socket.lastSeenAt);
  }
  return [...users]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([userId, user]) => ({
      userId,
      name: user.name,
      connections: user.connections,
      since: new Date(user.since).toISOString(),
      lastSeenAt: new Date(user.lastSeenAt).toISOString(),
    }));
}

/** Whether `userId` has a socket in `room` among `sockets`. */
export const isPresent = (sockets: readonly SocketAttachment[], userId: string, room: string): boolean =>
  sockets.some((socket) => socket.userId === userId && socket.rooms.includes(room));

export const presenceUser = (socket: SocketAttachment): PresenceUser => ({
  userId: socket.userId,
  name: socket.name,
});
