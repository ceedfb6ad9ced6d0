// The events spine end to end under `wrangler dev`: a write's event goes through the real local queue to the
// consumer, which hands it to its subscribers (the `trace` subscriber logs it with the write's request ID).

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

const base = inject('baseUrl');
const devLog = () => readFileSync(inject('devLogPath'), 'utf8');

async function json(path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  headers.set(
    'CF-Connecting-IP',
    `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  );
  if (init.body) headers.set('Content-Type', 'application/json');
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  const res = await fetch(`${base}${path}`, { ...init, headers });
  return { res, body: (await res.json()) as Record<string, unknown> };
}

describe('domain events under wrangler dev', () => {
  it('an announcement write reaches the subscribers through the EVENTS queue, carrying its request ID', async () => {
    const { body: user } = await json('/api/v2/auth/register', {
      method: 'POST',
      body: JSON.stringify({
        email: `events-${randomUUID()}@example.test`,
        password: 'Correct-Horse-9-Battery',
        name: 'Eve',
      }),
    });
    const token = user.accessToken as string;
    const { body: building } = await json('/api/v2/buildings', {
      method: 'POST',
      token,
      body: JSON.stringify({
        name: 'Events Tower',
        address: { line1: '1 Queue St', city: 'Haifa', country: 'IL' },
        timeZone: 'Asia/Jerusalem',
        currency: 'ILS',
        monthlyDues: 1000,
      }),
    });
    const requestId = `e2e-events-${randomUUID()}`;
    const { res } = await json(`/api/v2/buildings/${building.id as string}/announcements`, {
      method: 'POST',
      token,
      headers: { 'X-Request-Id': requestId },
      body: JSON.stringify({ title: 'Through the queue', body: 'Hello, subscribers.' }),
    });
    expect(res.status).toBe(201);
    // The queue delivers within its batch timeout; poll the dev server's output a bounded number of times.
    let line: string | undefined;
    for (let i = 0; i < 300 && !line; i += 1) {
      line = devLog()
        .split('\n')
        .find((l) => l.includes(requestId) && l.includes('announcement.created'));
      if (!line) await new Promise((r) => setTimeout(r, 100));
    }
    expect(line, 'the trace subscriber logged the event').toBeDefined();
  }, 60_000);
});
