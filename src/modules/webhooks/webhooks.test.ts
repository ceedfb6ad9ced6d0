import { env } from 'cloudflare:workers';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, problemOf, testApp } from '../../../test/helpers/app';
import { eventually, sampleEvent } from '../../../test/helpers/events';
import { buildingFixture } from '../../../test/helpers/fixtures';
import { deliveryRow, pendingDelivery, scriptedReceiver } from '../../../test/helpers/webhooks';
import { EVENT_CATALOGUE, type EventType } from '../events';

const app = testApp();
const jsonInit = (method: string, auth: Record<string, string>, body?: unknown): RequestInit => ({
  method,
  headers: { ...auth, 'Content-Type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
  vi.restoreAllMocks();
});

async function register(path: string, auth: Record<string, string>, body: Record<string, unknown> = {}) {
  const response = await call(
    app,
    path,
    jsonInit('POST', auth, { url: 'https://hooks.example.com/doorman', events: ['*'], ...body }),
  );
  return { response, body: (await response.json()) as Record<string, unknown> };
}

describe('webhook endpoints (building managers)', () => {
  it('registers, shows the secret once, lists, reads, changes and deletes', async () => {
    const f = await buildingFixture();
    const base = `/api/v2/buildings/${f.buildingId}/webhooks`;
    const created = await register(base, f.manager.auth, {
      events: ['announcement.created'],
      description: 'Lobby screen',
    });
    expect(created.response.status).toBe(201);
    expect(created.body).toMatchObject({
      url: 'https://hooks.example.com/doorman',
      events: ['announcement.created'],
      enabled: true,
      disabledReason: null,
      buildingId: f.buildingId,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(created.response.headers.get('Cache-Control')).toBe('no-store');
    const id = created.body.id as string;
    // The secret is stored sealed: not in D1 in the clear.
    const stored = await env.DB.prepare('SELECT secret FROM webhook_endpoints WHERE id = ?')
      .bind(id)
      .first<{ secret: string }>();
    expect(stored?.secret).not.toContain((created.body.secret as string).slice(6));

    const list = await call(app, base, { headers: f.manager.auth });
    const page = (await list.json()) as { data: Record<string, unknown>[] };
    expect(page.data.map((w) => w.id)).toEqual([id]);
    expect(JSON.stringify(page)).not.toContain('whsec_');
    const one = await call(app, `${base}/${id}`, { headers: f.manager.auth });
    expect(await one.json()).not.toHaveProperty('secret');

    const patched = await call(
      app,
      `${base}/${id}`,
      jsonInit('PATCH', f.manager.auth, { enabled: false, events: ['*'] }),
    );
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ enabled: false, events: ['*'], version: 2 });
    const stale = await call(app, `${base}/${id}`, {
      ...jsonInit('PATCH', f.manager.auth, { enabled: true }),
      headers: { ...f.manager.auth, 'Content-Type': 'application/json', 'If-Match': '"1-x"' },
    });
    expect(stale.status).toBe(412);
    expect((await call(app, `${base}/${id}`, { method: 'DELETE', headers: f.manager.auth })).status).toBe(
      204,
    );
    expect((await call(app, `${base}/${id}`, { headers: f.manager.auth })).status).toBe(404);
  });

  it('refuses residents (403), outsiders (404) and other buildings’ endpoints (404)', async () => {
    const f = await buildingFixture();
    const g = await buildingFixture();
    const base = `/api/v2/buildings/${f.buildingId}/webhooks`;
    expect((await register(base, f.resident.auth)).response.status).toBe(403);
    expect((await register(base, f.outsider.auth)).response.status).toBe(404);
    const mine = await register(base, f.manager.auth);
    const theirs = `/api/v2/buildings/${g.buildingId}/webhooks/${mine.body.id}`;
    expect((await call(app, theirs, { headers: g.manager.auth })).status).toBe(404);
    expect((await register(base, f.admin.auth)).response.status).toBe(201);
  });

  it('answers every bad input with a problem, never a 500', async () => {
    const f = await buildingFixture();
    const base = `/api/v2/buildings/${f.buildingId}/webhooks`;
    for (const body of [
      { events: ['nope.happened'] },
      { events: [] },
      { events: ['*', 'member.left'] },
      { events: ['member.left', 'member.left'] },
      { url: 'not a url' },
      { url: `https://example.com/${'x'.repeat(3000)}` },
      { secret: 'mine' },
    ]) {
      const answer = await register(base, f.manager.auth, body);
      expect(answer.response.status, JSON.stringify(body)).toBe(422);
      expect(answer.response.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
      expect(answer.body.code).toBe('validation_failed');
    }
    const missing = await call(
      app,
      `${base}/not-an-id/deliveries/also-not/retry`,
      jsonInit('POST', f.manager.auth),
    );
    expect(missing.status).toBe(404);
  });

  it('refuses http and private targets when WEBHOOK_ALLOW_PRIVATE is false (422 unsafe_url)', async () => {
    const f = await buildingFixture();
    const strict = { ...env, WEBHOOK_ALLOW_PRIVATE: 'false' };
    for (const url of [
      'http://hooks.example.com/x',
      'https://127.0.0.1/x',
      'https://10.1.2.3/x',
      'https://[::1]/x',
      'https://[::ffff:192.168.0.1]/x',
      'https://[fe80::1]/x',
      'https://169.254.169.254/latest/meta-data',
      'https://localhost/x',
      'https://printer.local/x',
      'https://intranet/x',
    ]) {
      const response = await call(
        app,
        `/api/v2/buildings/${f.buildingId}/webhooks`,
        jsonInit('POST', f.manager.auth, { url, events: ['*'] }),
        strict,
      );
      expect(response.status, url).toBe(422);
      const problem = await problemOf(response);
      expect((problem.errors as { code: string }[])[0]?.code, url).toBe('unsafe_url');
    }
    const ok = await call(
      app,
      `/api/v2/buildings/${f.buildingId}/webhooks`,
      jsonInit('POST', f.manager.auth, { url: 'https://hooks.example.com/x', events: ['*'] }),
      strict,
    );
    expect(ok.status).toBe(201);
  });

  it('rotates the secret: the new one is shown once, and both sign for 24 h', async () => {
    const f = await buildingFixture();
    const base = `/api/v2/buildings/${f.buildingId}/webhooks`;
    const created = await register(base, f.manager.auth);
    const response = await call(
      app,
      `${base}/${created.body.id}/rotate-secret`,
      jsonInit('POST', f.manager.auth),
    );
    expect(response.status).toBe(200);
    const rotated = (await response.json()) as { secret: string; previousSecretExpiresAt: string };
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.body.secret);
    const overlap = Date.parse(rotated.previousSecretExpiresAt) - Date.now();
    expect(overlap).toBeGreaterThan(23.9 * 3600_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3600_000);
  });

  it('sends webhook.test to that endpoint only, signed, through the events spine', async () => {
    const f = await buildingFixture();
    const base = `/api/v2/buildings/${f.buildingId}/webhooks`;
    const target = await register(base, f.manager.auth, {
      url: 'https://hooks.example.com/target',
      events: ['member.left'],
    });
    await register(base, f.manager.auth, { url: 'https://hooks.example.com/bystander' });
    const r = scriptedReceiver([200]);
    restore = r.restore;
    const response = await call(app, `${base}/${target.body.id}/test`, jsonInit('POST', f.manager.auth));
    expect(response.status).toBe(202);
    const { eventId } = (await response.json()) as { eventId: string };
    const received = await eventually('the test delivery arrives', async () =>
      r.calls.find((c) => c.headers['webhook-id'] === eventId),
    );
    expect(received.url).toBe('https://hooks.example.com/target');
    const body = new Webhook(target.body.secret as string).verify(received.body, received.headers) as {
      type: string;
      data: { webhookId: string };
    };
    expect(body.type).toBe('webhook.test');
    expect(body.data.webhookId).toBe(target.body.id);
    expect(received.headers['x-request-id']).toBe(response.headers.get('X-Request-Id'));
    const log = await eventually('the delivery log shows it', async () => {
      const page = (await (
        await call(app, `${base}/${target.body.id}/deliveries`, { headers: f.manager.auth })
      ).json()) as { data: { eventId: string; status: string; attempts: number }[] };
      return page.data[0]?.status === 'succeeded' ? page.data : undefined;
    });
    expect(log).toMatchObject([
      { eventId, eventType: 'webhook.test', status: 'succeeded', attempts: 1, responseStatus: 200 },
    ]);
    expect(r.calls.filter((c) => c.url.endsWith('/bystander'))).toEqual([]);
  });

  it('of two concurrent manual retries of one delivery, one is accepted and one attempt is sent', async () => {
    const f = await buildingFixture();
    const base = `/api/v2/buildings/${f.buildingId}/webhooks`;
    const hook = await register(base, f.manager.auth, { url: 'https://hooks.example.com/retry' });
    const event = sampleEvent({ buildingId: f.buildingId });
    const deliveryId = await pendingDelivery(hook.body.id as string, event);
    await env.DB.prepare("UPDATE webhook_deliveries SET status = 'failed', attempts = 6 WHERE id = ?")
      .bind(deliveryId)
      .run();
    const r = scriptedReceiver([200]);
    restore = r.restore;
    const retry = () =>
      call(app, `${base}/${hook.body.id}/deliveries/${deliveryId}/retry`, jsonInit('POST', f.manager.auth));
    const answers = await Promise.all([retry(), retry()]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    await eventually('the retry is sent', async () =>
      (await deliveryRow(deliveryId))?.status === 'succeeded' ? true : undefined,
    );
    expect(r.calls.filter((c) => c.headers['webhook-id'] === event.id)).toHaveLength(1);
    expect(await deliveryRow(deliveryId)).toMatchObject({ attempts: 7, status: 'succeeded' });
    // A pending delivery is not retried again (409) until it is finished.
    await env.DB.prepare("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ? WHERE id = ?")
      .bind(Date.now() + 60_000, deliveryId)
      .run();
    expect((await retry()).status).toBe(409);
  });
});

describe('platform webhooks (admins)', () => {
  it('lets admins manage platform endpoints and refuses everyone else', async () => {
    const f = await buildingFixture();
    const created = await register('/api/v2/admin/webhooks', f.admin.auth);
    expect(created.response.status).toBe(201);
    expect(created.body.buildingId).toBeNull();
    expect((await register('/api/v2/admin/webhooks', f.manager.auth)).response.status).toBe(403);
    const page = (await (await call(app, '/api/v2/admin/webhooks', { headers: f.admin.auth })).json()) as {
      data: { id: string }[];
    };
    expect(page.data.map((w) => w.id)).toContain(created.body.id);
    // A building's endpoint is not reachable as a platform one.
    const local = await register(`/api/v2/buildings/${f.buildingId}/webhooks`, f.manager.auth);
    expect(
      (await call(app, `/api/v2/admin/webhooks/${local.body.id}`, { headers: f.admin.auth })).status,
    ).toBe(404);
  });
});

describe('GET /api/v2/webhooks/event-types', () => {
  it('lists every catalogue type with a JSON Schema and an example whose data the type’s schema accepts', async () => {
    const response = await call(app, '/api/v2/webhooks/event-types');
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as {
      data: { type: EventType; schema: { type?: string }; example: { type: string; data: unknown } }[];
    };
    expect(data.map((t) => t.type).sort()).toEqual(Object.keys(EVENT_CATALOGUE).sort());
    for (const entry of data) {
      expect(entry.schema.type, entry.type).toBe('object');
      expect(entry.example.type).toBe(entry.type);
      expect(EVENT_CATALOGUE[entry.type].data.safeParse(entry.example.data).success, entry.type).toBe(true);
    }
  });
});
