// Realtime against a real `wrangler dev`: Node's WebSocket client and an EventSource-style reader of the fetch
// stream, on the same building, see the same events with the same ids; ping/pong; resume; single-use tickets.
import { randomInt, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const base = inject('baseUrl');
const ip = `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

async function api(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      'CF-Connecting-IP': ip,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** An EventSource-style reader: fetch with the headers EventSource sends, events parsed as they stream in. */
class EventStream {
  text = '';
  private readonly controller = new AbortController();
  private reader?: ReadableStreamDefaultReader<Uint8Array>;

  async open(path: string, token: string, lastEventId?: string): Promise<Response> {
    const response = await fetch(`${base}${path}`, {
      headers: {
        Accept: 'text/event-stream',
        Authorization: `Bearer ${token}`,
        'CF-Connecting-IP': ip,
        ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
      },
      signal: this.controller.signal,
    });
    this.reader = response.body?.getReader();
    return response;
  }

  events(): Array<Record<string, string>> {
    return this.text
      .split('\n\n')
      .slice(0, -1)
      .map((block) =>
        Object.fromEntries(
          block
            .split('\n')
            .map((line) => /^(id|event|data|retry): ?(.*)$/.exec(line))
            .filter((m): m is RegExpExecArray => m !== null)
            .map((m) => [m[1], m[2]]),
        ),
      )
      .filter((event) => event.event !== undefined);
  }

  async until(done: () => boolean): Promise<void> {
    const decoder = new TextDecoder();
    while (!done()) {
      const chunk = await this.reader?.read();
      if (!chunk || chunk.done) throw new Error(`stream ended early:\n${this.text}`);
      this.text += decoder.decode(chunk.value, { stream: true });
    }
  }

  close(): void {
    this.controller.abort();
  }
}

/** A Node WebSocket with its frames recorded. */
function openSocket(url: string) {
  const socket = new WebSocket(url, ['doorman.v1']);
  const frames: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  socket.addEventListener('message', (event) => {
    const data = String(event.data);
    frames.push(data === 'pong' ? { type: 'pong' } : (JSON.parse(data) as Record<string, unknown>));
    for (const wake of waiters.splice(0)) wake();
  });
  const next = async (match: (f: Record<string, unknown>) => boolean) => {
    for (;;) {
      const found = frames.find(match);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error('socket failed to open')));
  });
  return { socket, frames, next, opened };
}

/** The status of an upgrade request, read with node:http (fetch cannot send Upgrade). */
function upgradeStatus(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from(randomUUID().slice(0, 16)).toString('base64'),
        'CF-Connecting-IP': ip,
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

let token = '';
let buildingId = '';
const cleanup: Array<() => void> = [];

beforeAll(async () => {
  const registered = await api('POST', '/api/v2/auth/register', undefined, {
    email: `realtime-${randomUUID()}@example.test`,
    password: 'Correct-Horse-Battery-9-staple',
    name: 'Realtime E2E',
  });
  expect(registered.status).toBe(201);
  token = String(registered.json.accessToken);
  const building = await api('POST', '/api/v2/buildings', token, {
    name: 'Realtime Tower',
    address: { line1: '1 Herzl St', city: 'Tel Aviv', country: 'IL' },
    timeZone: 'Asia/Jerusalem',
    currency: 'ILS',
    monthlyDues: 0,
  });
  expect(building.status).toBe(201);
  buildingId = String(building.json.id);
});

afterAll(() => {
  for (const close of cleanup) close();
});

describe('realtime against wrangler dev', () => {
  it('negotiates, connects with a ticket and doorman.v1, pongs, and shares event ids with SSE', async () => {
    const negotiated = await api('GET', `/api/v2/realtime/negotiate?buildingId=${buildingId}`, token);
    expect(negotiated.json).toMatchObject({ heartbeatIntervalMs: 30000 });

    const ticket = await api('POST', '/api/v2/realtime/tickets', token, { buildingId });
    expect(ticket.status).toBe(201);
    const client = openSocket(`${base.replace(/^http/, 'ws')}${ticket.json.url}`);
    cleanup.push(() => client.socket.close());
    await client.opened;
    expect(client.socket.protocol).toBe('doorman.v1');
    expect(await client.next((f) => f.type === 'welcome')).toMatchObject({ rooms: ['building'] });
    client.socket.send('ping');
    await client.next((f) => f.type === 'pong');

    // The ticket is spent: the same URL is refused before any upgrade.
    expect(await upgradeStatus(String(ticket.json.url))).toBe(401);

    const stream = new EventStream();
    cleanup.push(() => stream.close());
    const opened = await stream.open(`/api/v2/buildings/${buildingId}/events`, token);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await stream.until(() => stream.text.includes('retry: 3000\n\n'));

    client.socket.send(JSON.stringify({ type: 'publish', room: 'building', event: 'wave', data: { n: 1 } }));
    const first = await client.next((f) => f.type === 'event' && f.event === 'wave');
    await stream.until(() => stream.events().length >= 1);
    expect(stream.events()[0]).toMatchObject({ id: String(first.id), event: 'wave' });
    expect(JSON.parse(stream.events()[0]?.data ?? '')).toEqual(first);

    const presence = await api('GET', `/api/v2/buildings/${buildingId}/presence`, token);
    expect(presence.json).toMatchObject({
      room: 'building',
      online: [{ connections: 1, name: 'Realtime E2E' }],
    });

    // Resume: a new stream from the first id gets what came after it.
    stream.close();
    client.socket.send(JSON.stringify({ type: 'publish', room: 'building', event: 'wave', data: { n: 2 } }));
    const second = await client.next((f) => f.type === 'event' && (f.data as { n: number }).n === 2);
    const resumed = new EventStream();
    cleanup.push(() => resumed.close());
    await resumed.open(`/api/v2/buildings/${buildingId}/events`, token, String(first.id));
    await resumed.until(() => resumed.events().length >= 1);
    expect(resumed.events()[0]).toMatchObject({ id: String(second.id), event: 'wave' });
  });

  it('refuses an upgrade without a ticket (401) and a building the caller is not in (401 for its ticket)', async () => {
    expect(await upgradeStatus(`/api/v2/buildings/${buildingId}/ws`)).toBe(401);
    expect(await upgradeStatus(`/api/v2/buildings/${randomUUID()}/ws?ticket=nope`)).toBe(401);
  });
});
