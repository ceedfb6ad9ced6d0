// The deploy smoke suite (scripts/smoke) against a real `wrangler dev`: it passes, pins a version, and removes
// what it made even when a journey fails.
import { randomInt } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { runSmoke, type SmokeOptions } from '../../scripts/smoke/journeys.ts';

const base = inject('baseUrl');

/** Each run counts its auth requests in a bucket of its own (wrangler dev keeps the CF-Connecting-IP sent). */
const clientIp = () => `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

interface Seen {
  method: string;
  url: string;
  status: number;
  override: string | null;
  json: unknown;
}

/** The real fetch, recording each exchange; `fault` may answer instead of the server. */
function recording(fault?: (method: string, url: string) => Response | undefined) {
  const seen: Seen[] = [];
  const fetcher = (async (input: URL | RequestInfo, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const res = fault?.(method, url) ?? (await fetch(input, init));
    const text = await res.clone().text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const override = new Headers(init?.headers).get('Cloudflare-Workers-Version-Overrides');
    seen.push({ method, url, status: res.status, override, json });
    return res;
  }) as typeof fetch;
  return { seen, fetcher };
}

const options = (fetcher: typeof fetch, extra: Partial<SmokeOptions> = {}): SmokeOptions => ({
  baseUrl: base,
  headers: { 'CF-Connecting-IP': clientIp() },
  timeoutMs: 20_000,
  fetch: fetcher,
  ...extra,
});

/** The access token the smoke user got, to look afterwards at what the suite made. */
function tokenOf(seen: Seen[]): string {
  const login = seen.find((s) => s.url.endsWith('/api/v2/auth/login'));
  const token = (login?.json as { accessToken?: string } | undefined)?.accessToken;
  if (!token) throw new Error('the smoke run logged in with no access token');
  return token;
}
const createdPaths = (seen: Seen[]) =>
  seen
    .filter((s) => s.method === 'POST' && s.status === 201 && !s.url.includes('/auth/'))
    .map((s) => {
      const url = new URL(s.url);
      return `${url.pathname}/${(s.json as { id: string }).id}`;
    });

async function statusOf(path: string, token: string): Promise<number> {
  const res = await fetch(`${base}${path}`, {
    headers: { Authorization: `Bearer ${token}`, 'CF-Connecting-IP': clientIp() },
  });
  await res.body?.cancel();
  return res.status;
}

describe('npm run smoke against wrangler dev', () => {
  it('passes every critical journey and leaves no building or announcement behind', async () => {
    const { seen, fetcher } = recording();
    const report = await runSmoke(options(fetcher));
    expect(report.steps.filter((s) => !s.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => s.name)).toEqual([
      'health',
      'readiness',
      'register',
      'login',
      'create building',
      'post announcement',
      'read announcement with ETag',
      'delete announcement',
      'delete building',
      'delete account',
      'logout',
    ]);
    const made = createdPaths(seen);
    expect(made).toHaveLength(2);
    const token = tokenOf(seen);
    for (const path of made) expect(await statusOf(path, token), path).toBe(404);
    // No request was pinned: there was no --version-id.
    expect(seen.every((s) => s.override === null)).toBe(true);
  });

  it('with --version-id every request carries the override header, and the answering version must match', async () => {
    const health = (await (await fetch(`${base}/health`)).json()) as { version: { id: string } };
    const { seen, fetcher } = recording();
    const report = await runSmoke(options(fetcher, { versionId: health.version.id, workerName: 'doorman' }));
    expect(report.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(8);
    for (const exchange of seen) expect(exchange.override).toBe(`doorman="${health.version.id}"`);
  });

  it('fails at once, creating nothing, when another version answers (an override Cloudflare did not apply)', async () => {
    const { seen, fetcher } = recording();
    const report = await runSmoke(
      options(fetcher, { versionId: '00000000-0000-4000-8000-000000000000', workerName: 'doorman' }),
    );
    expect(report.ok).toBe(false);
    expect(report.steps).toHaveLength(1);
    expect(report.steps[0]?.detail).toMatch(/override not applied/);
    expect(seen.map((s) => `${s.method} ${new URL(s.url).pathname}`)).toEqual(['GET /health']);
  });

  it('a failing journey fails the run and still removes what was made', async () => {
    // The read-back answers 503 as a broken version would; everything else reaches the server.
    const { seen, fetcher } = recording((method, url) =>
      method === 'GET' && /\/announcements\/[^/]+$/.test(new URL(url).pathname)
        ? new Response('{"code":"internal"}', { status: 503 })
        : undefined,
    );
    const report = await runSmoke(options(fetcher));
    expect(report.ok).toBe(false);
    const failed = report.steps.filter((s) => !s.ok);
    expect(failed.map((s) => s.name)).toEqual(['read announcement with ETag']);
    expect(failed[0]?.detail).toMatch(/answered 503, expected 200/);
    const made = createdPaths(seen);
    expect(made).toHaveLength(2);
    const token = tokenOf(seen);
    for (const path of made) expect(await statusOf(path, token), path).toBe(404);
  });
});
