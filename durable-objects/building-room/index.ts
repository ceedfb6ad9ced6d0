// BuildingRoom: one Durable Object per building holding its hibernatable sockets, rooms, presence, event log and SSE.
import { DurableObject } from 'cloudflare:workers';
import { logger } from '../../src/platform/logger';
import { EventLog, type NewEvent } from './event-log';
import {
  isPresent,
  type OnlineUser,
  presenceOf,
  presenceUser,
  type SocketAttachment,
  type SocketView,
} from './presence';
import {
  BUILDING_ROOM,
  CLOSE,
  type ClientFrame,
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_TIMEOUT_MS,
  MAX_ROOMS,
  parseClientFrame,
  type ServerFrame,
  SUBPROTOCOL,
} from './protocol';
import { PublishLimiter } from './rate-limit';
import { SSE_RETRY_MS, SseHub, sseFrame, sseReset } from './sse';
import { type TicketHolder, TicketStore } from './tickets';

export type { OnlineUser } from './presence';
export { CLOSE, HEARTBEAT_INTERVAL_MS, SUBPROTOCOL } from './protocol';
export type { TicketHolder } from './tickets';

/** Headers the Worker sets on its internal requests to the object, once it has authenticated the caller. */
export const ROOM_USER_HEADER = 'X-Room-User-Id';
export const ROOM_NAME_HEADER = 'X-Room-User-Name';

/** Where a domain event came from: its id (de-duplication) and the request that raised it. */
export interface EventMeta {
  eventId?: string;
  requestId?: string;
}

const OPEN = 1;

export class BuildingRoom extends DurableObject<Cloudflare.Env> {
  private readonly log: EventLog;
  private readonly tickets: TicketStore;
  private readonly limiter = new PublishLimiter();
  private readonly sse = new SseHub();
  // Attachments read once per wake: deserializing 1,000 of them on every broadcast would dominate its cost.
  private readonly attachments = new WeakMap<WebSocket, SocketAttachment>();

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.log = new EventLog(ctx.storage.sql);
    this.tickets = new TicketStore(ctx.storage.sql);
    // Answered by the runtime without waking the object; the alarm reads when each socket last did.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'));
  }

  // ---- RPC: the Worker's routes and the realtime event subscriber ----

  async issueTicket(holder: TicketHolder): Promise<{ ticket: string; expiresAt: number }> {
    const issued = await this.tickets.issue(holder, Date.now());
    await this.ensureAlarm();
    return issued;
  }

  redeemTicket(ticket: string): Promise<TicketHolder | null> {
    return this.tickets.redeem(ticket, Date.now());
  }

  /** Sends an event to every socket in `room` (and, for the building room, every SSE stream); returns its id. */
  broadcast(room: string, event: string, data: unknown, meta: EventMeta = {}): number {
    return this.emit({ room, event, data, ...meta });
  }

  /** Sends an event to every socket and stream of one user; returns its id. */
  sendToUser(userId: string, event: string, data: unknown, meta: EventMeta = {}): number {
    return this.emit({ room: `user:${userId}`, target: userId, event, data, ...meta });
  }

  presence(room: string): OnlineUser[] {
    return presenceOf(this.views(), room);
  }

  /** Closes every socket and stream of `userId` (4403 when removed from the building). */
  disconnectUser(userId: string, code: number = CLOSE.removed, reason = 'removed from the building'): number {
    const sockets = this.ctx.getWebSockets(`user:${userId}`).filter((ws) => ws.readyState === OPEN);
    for (const ws of sockets) this.closeSocket(ws, code, reason);
    this.sse.end(userId);
    return sockets.length;
  }

  // ---- HTTP from the Worker: the WebSocket upgrade and the SSE stream ----

  override async fetch(request: Request): Promise<Response> {
    const userId = request.headers.get(ROOM_USER_HEADER);
    const name = decodeURIComponent(request.headers.get(ROOM_NAME_HEADER) ?? '');
    if (!userId) return new Response('no user', { status: 400 });
    const path = new URL(request.url).pathname;
    if (path.endsWith('/ws')) return this.accept(request, { userId, name });
    if (path.endsWith('/events')) return this.stream(userId, request.headers.get('Last-Event-ID'));
    return new Response('not found', { status: 404 });
  }

  private async accept(request: Request, holder: TicketHolder): Promise<Response> {
    const { 0: client, 1: server } = new WebSocketPair();
    const attachment: SocketAttachment = {
      connectionId: crypto.randomUUID(),
      userId: holder.userId,
      name: holder.name,
      rooms: [BUILDING_ROOM],
      connectedAt: Date.now(),
    };
    const first = !isPresent(this.live(), holder.userId, BUILDING_ROOM);
    // The user tag finds a user's sockets without reading every attachment (sendToUser, removal).
    this.ctx.acceptWebSocket(server, [`user:${holder.userId}`]);
    this.attach(server, attachment);
    this.send(server, {
      type: 'welcome',
      connectionId: attachment.connectionId,
      userId: holder.userId,
      rooms: [BUILDING_ROOM],
      heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    });
    if (first) this.announce(BUILDING_ROOM, 'join', attachment, server);
    await this.ensureAlarm();
    const offered = (request.headers.get('Sec-WebSocket-Protocol') ?? '').split(',').map((p) => p.trim());
    const headers = offered.includes(SUBPROTOCOL) ? { 'Sec-WebSocket-Protocol': SUBPROTOCOL } : undefined;
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  private stream(userId: string, lastEventId: string | null): Response {
    let head = `retry: ${SSE_RETRY_MS}\n\n`;
    if (lastEventId !== null && lastEventId.trim() !== '') {
      const replay = /^\d{1,15}$/.test(lastEventId.trim())
        ? this.log.since(Number(lastEventId.trim()), userId)
        : ({ reset: true } as const);
      head += replay.reset ? sseReset(this.log.lastId()) : replay.events.map(sseFrame).join('');
    } else {
      // A first connection starts now; a comment flushes the headers to the client at once.
      head += ': connected\n\n';
    }
    return new Response(this.sse.open(userId, head), {
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        // nginx and similar proxies otherwise buffer the stream.
        'X-Accel-Buffering': 'no',
      },
    });
  }

  /** Sends a keepalive comment to every SSE stream now (the interval does this every 15 s). */
  keepalive(): void {
    this.sse.keepalive();
  }

  // ---- Hibernation handlers ----

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const socket = this.attachmentOf(ws);
    if (!socket || socket.gone) return;
    const parsed = parseClientFrame(message);
    if (!parsed.ok) {
      this.send(ws, { type: 'error', code: parsed.code, message: parsed.message });
      return;
    }
    try {
      this.handle(ws, socket, parsed.frame);
    } catch (error) {
      // A bug, not the client's fault: say so with 1011 rather than leave the socket in an unknown state.
      logger.error('realtime: frame handling failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      this.closeSocket(ws, CLOSE.internal, 'internal error');
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.departed(ws);
    // Without the echo the client's close handshake never completes (it waits, then reports 1006).
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed by the runtime.
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.departed(ws);
  }

  /** Every 30 s while sockets or tickets exist: closes sockets that missed two heartbeats, forgets old tickets. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    for (const ws of this.ctx.getWebSockets()) {
      const socket = this.attachmentOf(ws);
      if (!socket || socket.gone || ws.readyState !== OPEN) continue;
      if (now - this.lastSeen(ws, socket) > HEARTBEAT_TIMEOUT_MS) {
        this.closeSocket(ws, CLOSE.heartbeatMissed, 'heartbeat missed');
      }
    }
    const pending = this.tickets.purge(now);
    this.log.trim(now);
    if (this.live().length > 0 || pending > 0) await this.ctx.storage.setAlarm(now + HEARTBEAT_INTERVAL_MS);
  }

  // ---- Frames ----

  private handle(ws: WebSocket, socket: SocketAttachment, frame: ClientFrame): void {
    switch (frame.type) {
      case 'join': {
        if (!socket.rooms.includes(frame.room)) {
          if (socket.rooms.length >= MAX_ROOMS) {
            this.send(ws, { type: 'error', code: 'too_many_rooms', message: `at most ${MAX_ROOMS} rooms` });
            return;
          }
          const first = !isPresent(this.live(), socket.userId, frame.room);
          this.attach(ws, { ...socket, rooms: [...socket.rooms, frame.room] });
          if (first) this.announce(frame.room, 'join', socket, ws);
        }
        const presence = this.presence(frame.room).map(({ userId, name }) => ({ userId, name }));
        this.send(ws, { type: 'joined', room: frame.room, presence });
        return;
      }
      case 'leave': {
        if (frame.room === BUILDING_ROOM) {
          this.send(ws, { type: 'error', code: 'cannot_leave', message: 'every socket stays in "building"' });
          return;
        }
        if (!socket.rooms.includes(frame.room)) {
          this.send(ws, { type: 'error', code: 'not_joined', message: `not in room "${frame.room}"` });
          return;
        }
        this.attach(ws, { ...socket, rooms: socket.rooms.filter((room) => room !== frame.room) });
        if (!isPresent(this.live(), socket.userId, frame.room)) this.announce(frame.room, 'leave', socket);
        this.send(ws, { type: 'left', room: frame.room });
        return;
      }
      case 'publish': {
        if (!socket.rooms.includes(frame.room)) {
          this.send(ws, { type: 'error', code: 'not_joined', message: `join "${frame.room}" first` });
          return;
        }
        const wait = this.limiter.hit(socket.connectionId, Date.now());
        if (wait > 0) {
          this.send(ws, {
            type: 'error',
            code: 'rate_limited',
            message: 'too many publishes; wait before sending more',
            retryAfterMs: wait,
          });
          return;
        }
        this.emit({ room: frame.room, event: frame.event, data: frame.data, from: presenceUser(socket) });
        return;
      }
    }
  }

  /** Logs an event and sends it to the sockets (and streams) it is for; a repeated domain event is sent once. */
  private emit(input: NewEvent): number {
    if (input.eventId !== undefined) {
      const earlier = this.log.idOf(input.eventId);
      if (earlier !== undefined) return earlier;
    }
    const frame = this.log.append(input, Date.now());
    const text = JSON.stringify(frame);
    if (input.target !== undefined) {
      for (const ws of this.ctx.getWebSockets(`user:${input.target}`)) this.sendText(ws, text);
      this.sse.send(sseFrame(frame), input.target);
      return frame.id;
    }
    for (const ws of this.ctx.getWebSockets()) {
      const socket = this.attachmentOf(ws);
      if (socket && !socket.gone && socket.rooms.includes(input.room)) this.sendText(ws, text);
    }
    if (input.room === BUILDING_ROOM) this.sse.send(sseFrame(frame));
    return frame.id;
  }

  /** Tells the room's other sockets that a user's first socket joined or last one left. */
  private announce(room: string, event: 'join' | 'leave', who: SocketAttachment, except?: WebSocket): void {
    const text = JSON.stringify({
      type: 'presence',
      room,
      event,
      user: presenceUser(who),
    } satisfies ServerFrame);
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === except) continue;
      const socket = this.attachmentOf(ws);
      if (socket && !socket.gone && socket.rooms.includes(room)) this.sendText(ws, text);
    }
  }

  // ---- Sockets ----

  /** A socket went away (closed by its client, by an error, or by us): it leaves presence at once. */
  private departed(ws: WebSocket): void {
    const socket = this.attachmentOf(ws);
    if (!socket || socket.gone) return;
    this.attach(ws, { ...socket, gone: true });
    this.limiter.forget(socket.connectionId);
    const remaining = this.live();
    for (const room of socket.rooms) {
      if (!isPresent(remaining, socket.userId, room)) this.announce(room, 'leave', socket);
    }
  }

  private closeSocket(ws: WebSocket, code: number, reason: string): void {
    this.departed(ws);
    try {
      ws.close(code, reason);
    } catch {
      // Already closing.
    }
  }

  /** The attachments of the open sockets that have not left. */
  private live(): SocketAttachment[] {
    return this.views();
  }

  private views(): SocketView[] {
    const views: SocketView[] = [];
    for (const ws of this.ctx.getWebSockets()) {
      const socket = this.attachmentOf(ws);
      if (!socket || socket.gone || ws.readyState !== OPEN) continue;
      views.push({ ...socket, lastSeenAt: this.lastSeen(ws, socket) });
    }
    return views;
  }

  private lastSeen(ws: WebSocket, socket: SocketAttachment): number {
    const pinged = this.ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime();
    return Math.max(socket.connectedAt, pinged ?? 0);
  }

  private attachmentOf(ws: WebSocket): SocketAttachment | undefined {
    let socket = this.attachments.get(ws);
    if (!socket) {
      socket = (ws.deserializeAttachment() as SocketAttachment | null) ?? undefined;
      if (socket) this.attachments.set(ws, socket);
    }
    return socket;
  }

  private attach(ws: WebSocket, socket: SocketAttachment): void {
    ws.serializeAttachment(socket);
    this.attachments.set(ws, socket);
  }

  private send(ws: WebSocket, frame: ServerFrame): void {
    this.sendText(ws, JSON.stringify(frame));
  }

  private sendText(ws: WebSocket, text: string): void {
    try {
      ws.send(text);
    } catch {
      // The socket closed meanwhile; its close event cleans up.
    }
  }

  private async ensureAlarm(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + HEARTBEAT_INTERVAL_MS);
    }
  }
}
