// Server-Sent Events streams held by the building's object: the wire format, keepalives, and who gets what.
import type { EventFrame } from './protocol';

export const SSE_RETRY_MS = 3000;
/** A keepalive comment goes out at least this often, so proxies and mobile networks keep the stream open. */
export const SSE_KEEPALIVE_MS = 15_000;

const encoder = new TextEncoder();

/** One event on the wire; `data` is one JSON line (JSON.stringify never writes a raw newline). */
export const sseEvent = (name: string, id: number, data: unknown): string =>
  `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

export const sseFrame = (frame: EventFrame): string => sseEvent(frame.event, frame.id, frame);

/** Told instead of a replay when the log no longer holds everything after Last-Event-ID: refetch, then go on. */
export const sseReset = (lastId: number): string =>
  sseEvent('reset', lastId, { type: 'reset', reason: 'events since Last-Event-ID are no longer available' });

interface Client {
  userId: string;
  writer: WritableStreamDefaultWriter<Uint8Array>;
}

/**
 * The open streams. They live in memory only: an open SSE response keeps the object awake (it cannot hibernate
 * with a request in flight), so there is nothing to rebuild. A write that fails means the client went away.
 */
export class SseHub {
  private readonly clients = new Map<number, Client>();
  private nextId = 1;
  private timer: ReturnType<typeof setInterval> | undefined;

  get size(): number {
    return this.clients.size;
  }

  /** Opens a stream for `userId` that starts with `head` (retry, then the replay or a reset). */
  open(userId: string, head: string): ReadableStream<Uint8Array> {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const id = this.nextId++;
    this.clients.set(id, { userId, writer: writable.getWriter() });
    this.write(id, head);
    this.timer ??= setInterval(() => this.keepalive(), SSE_KEEPALIVE_MS);
    return readable;
  }

  /** Sends `text` to every stream, or only to `userId`'s. */
  send(text: string, userId?: string): void {
    for (const [id, client] of this.clients) {
      if (userId === undefined || client.userId === userId) this.write(id, text);
    }
  }

  keepalive(): void {
    this.send(': keepalive\n\n');
  }

  /** Ends every stream of `userId` (removed from the building). */
  end(userId: string): void {
    for (const [id, client] of this.clients) {
      if (client.userId !== userId) continue;
      this.drop(id);
      client.writer.close().catch(() => {});
    }
  }

  private write(id: number, text: string): void {
    const client = this.clients.get(id);
    if (!client) return;
    // Not awaited: a slow reader must not hold up the other clients; a failed write drops the stream.
    client.writer.write(encoder.encode(text)).catch(() => this.drop(id));
  }

  private drop(id: number): void {
    this.clients.delete(id);
    if (this.clients.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
