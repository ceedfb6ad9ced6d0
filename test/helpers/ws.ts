// WebSocket helpers for realtime tests: tickets, the upgrade through the Worker, and frames awaited by predicate.
import { expect } from 'vitest';
import type { createApp } from '../../src/app';
import { call } from './app';
import { jsonBody } from './json';
import type { TestUser } from './users';

type App = ReturnType<typeof createApp>;
export type Frame = Record<string, unknown> & { type: string };

export async function ticketFor(app: App, buildingId: string, user: TestUser): Promise<string> {
  const response = await call(app, '/api/v2/realtime/tickets', jsonBody('POST', { buildingId }, user.auth));
  expect(response.status).toBe(201);
  return ((await response.json()) as { url: string }).url;
}

/** A client socket that records every frame, and waits for the next one matching a predicate. */
export class TestSocket {
  readonly frames: Frame[] = [];
  closed: { code: number; reason: string } | undefined;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly ws: WebSocket) {
    ws.addEventListener('message', (event) => {
      this.frames.push(
        typeof event.data === 'string' && event.data !== 'pong'
          ? (JSON.parse(event.data) as Frame)
          : { type: String(event.data) },
      );
      this.wake();
    });
    ws.addEventListener('close', (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.wake();
    });
    ws.accept();
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (from `from` on) that matches; waits for it, bounded by the test's timeout. */
  async next(match: (frame: Frame) => boolean, from = 0): Promise<Frame> {
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) before the frame came`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Resolves with the close event. */
  async whenClosed(): Promise<{ code: number; reason: string }> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.closed;
  }

  close(code = 1000): void {
    this.ws.close(code, 'bye');
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

export const ofType =
  (type: string, extra: Record<string, unknown> = {}) =>
  (frame: Frame) =>
    frame.type === type && Object.entries(extra).every(([key, value]) => frame[key] === value);

/** Opens a socket through the Worker with a fresh ticket and waits for its `welcome`. */
export async function connect(
  app: App,
  buildingId: string,
  user: TestUser,
  headers: Record<string, string> = {},
): Promise<{ socket: TestSocket; welcome: Frame; response: Response }> {
  const url = await ticketFor(app, buildingId, user);
  const response = await call(app, url, { headers: { Upgrade: 'websocket', ...headers } });
  expect(response.status).toBe(101);
  const socket = new TestSocket(response.webSocket as WebSocket);
  const welcome = await socket.next(ofType('welcome'));
  return { socket, welcome, response };
}
