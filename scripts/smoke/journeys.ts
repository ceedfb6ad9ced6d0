// The smoke suite's critical journeys: health, readiness, register, login, a building, an announcement read back with
// its ETag, then removal of everything it made. Runs against any base URL, pinned to one version when asked.
import { randomUUID } from 'node:crypto';
import { type Client, type ClientOptions, createClient, type Reply, SmokeFailure } from './client.ts';

export interface SmokeOptions extends ClientOptions {
  log?: (line: string) => void;
}

export interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
  detail?: string;
}

export interface SmokeReport {
  ok: boolean;
  steps: StepResult[];
  /** What could not be removed (the report says so rather than hiding it). */
  leftovers: string[];
}

/** What the journeys made, in the order they must be removed. */
interface Made {
  password: string;
  accessToken?: string;
  refreshToken?: string;
  buildingId?: string;
  announcementId?: string;
}

export async function runSmoke(options: SmokeOptions): Promise<SmokeReport> {
  const client = createClient(options);
  const log = options.log ?? (() => {});
  const steps: StepResult[] = [];
  const leftovers: string[] = [];
  const step = async (name: string, body: () => Promise<string | undefined>): Promise<boolean> => {
    const started = performance.now();
    try {
      const detail = await body();
      steps.push({ name, ok: true, ms: Math.round(performance.now() - started), detail });
      log(`ok   ${name}${detail ? ` (${detail})` : ''}`);
      return true;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      steps.push({ name, ok: false, ms: Math.round(performance.now() - started), detail });
      log(`FAIL ${name}: ${detail}`);
      return false;
    }
  };

  const made: Made = { password: `Smoke-${randomUUID()}-Aa9!` };
  const email = `smoke-${randomUUID()}@smoke.doorman.invalid`;

  // Each journey needs the one before it; the first failure stops the chain, and cleanup still runs.
  const journeys: Array<[string, () => Promise<string | undefined>]> = [
    ['health', () => health(client, options.versionId)],
    ['readiness', () => readiness(client)],
    ['register', () => register(client, email, made)],
    ['login', () => login(client, email, made)],
    ['create building', () => createBuilding(client, made)],
    ['post announcement', () => postAnnouncement(client, made)],
    ['read announcement with ETag', () => readBack(client, made)],
  ];
  for (const [name, journey] of journeys) {
    if (!(await step(name, journey))) break;
  }

  if (made.announcementId) {
    const path = `/api/v2/buildings/${made.buildingId}/announcements/${made.announcementId}`;
    if (!(await step('delete announcement', () => remove(client, path, made)))) leftovers.push(path);
  }
  if (made.buildingId) {
    const path = `/api/v2/buildings/${made.buildingId}`;
    if (!(await step('delete building', () => remove(client, path, made)))) leftovers.push(path);
  }
  if (made.accessToken) {
    let kept = true;
    const deleted = await step('delete account', async () => {
      kept = !(await deleteAccount(client, made));
      return kept ? 'this deployment has no DELETE /api/v2/me yet: account kept' : undefined;
    });
    if (!deleted || kept) leftovers.push(`user ${email}`);
  }
  if (made.refreshToken) await step('logout', () => logout(client, made));

  return { ok: steps.every((s) => s.ok), steps, leftovers };
}

async function health(client: Client, versionId: string | undefined): Promise<string> {
  const reply = await client.call('GET', '/health');
  expectStatus(reply, 200);
  const body = reply.json as { status?: string; version?: { id?: string } };
  if (body.status !== 'ok') throw new SmokeFailure(`/health said ${JSON.stringify(body)}`);
  const answered = body.version?.id;
  // An override Cloudflare cannot apply is ignored without an error: only the answer tells which version ran.
  if (versionId && answered !== versionId) {
    throw new SmokeFailure(
      `version ${answered ?? '(not reported)'} answered, not ${versionId}: override not applied`,
    );
  }
  return answered ? `version ${answered}` : 'version not reported';
}

async function readiness(client: Client): Promise<string> {
  const reply = await client.call('GET', '/health/ready');
  expectStatus(reply, 200);
  const body = reply.json as { checks?: Record<string, { status: string }> };
  return Object.keys(body.checks ?? {}).join(', ');
}

async function register(client: Client, email: string, made: Made): Promise<string> {
  const reply = await client.call('POST', '/api/v2/auth/register', {
    body: { email, password: made.password, name: 'Doorman smoke test' },
  });
  expectStatus(reply, 201);
  keepTokens(reply, made);
  return email;
}

async function login(client: Client, email: string, made: Made): Promise<undefined> {
  const reply = await client.call('POST', '/api/v2/auth/login', { body: { email, password: made.password } });
  expectStatus(reply, 200);
  // The login's own refresh token: logging out revokes this login (the registration's is revoked with the account).
  const previous = made.refreshToken;
  keepTokens(reply, made);
  if (previous && previous !== made.refreshToken) await logout(client, { ...made, refreshToken: previous });
  return undefined;
}

async function createBuilding(client: Client, made: Made): Promise<string> {
  const reply = await client.call('POST', '/api/v2/buildings', {
    token: made.accessToken,
    body: {
      name: 'Smoke test building',
      address: { line1: '1 Smoke St', city: 'Tel Aviv', country: 'IL' },
      timeZone: 'Asia/Jerusalem',
      currency: 'ILS',
      monthlyDues: 0,
    },
  });
  expectStatus(reply, 201);
  made.buildingId = idOf(reply);
  if (!reply.headers.get('Location')) throw new SmokeFailure('201 without Location');
  return made.buildingId;
}

async function postAnnouncement(client: Client, made: Made): Promise<string> {
  const reply = await client.call('POST', `/api/v2/buildings/${made.buildingId}/announcements`, {
    token: made.accessToken,
    body: { title: 'Smoke test', body: 'Written and removed by the deploy smoke test.' },
  });
  expectStatus(reply, 201);
  made.announcementId = idOf(reply);
  return made.announcementId;
}

async function readBack(client: Client, made: Made): Promise<string> {
  const path = `/api/v2/buildings/${made.buildingId}/announcements/${made.announcementId}`;
  const first = await client.call('GET', path, { token: made.accessToken });
  expectStatus(first, 200);
  const title = (first.json as { title?: string }).title;
  if (title !== 'Smoke test') throw new SmokeFailure(`read back title ${JSON.stringify(title)}`);
  const etag = first.headers.get('ETag');
  if (!etag) throw new SmokeFailure('GET without ETag');
  const again = await client.call('GET', path, {
    token: made.accessToken,
    headers: { 'If-None-Match': etag },
  });
  expectStatus(again, 304);
  return `ETag ${etag}, 304 on If-None-Match`;
}

async function remove(client: Client, path: string, made: Made): Promise<undefined> {
  expectStatus(await client.call('DELETE', path, { token: made.accessToken }), 204);
  return undefined;
}

/**
 * DELETE /api/v2/me (contract-security.md). True when deleted; false when this deployment has no such route yet
 * (404/405), which keeps the account (reported as left behind) without failing the deploy.
 */
async function deleteAccount(client: Client, made: Made): Promise<boolean> {
  const reply = await client.call('DELETE', '/api/v2/me', {
    token: made.accessToken,
    body: { password: made.password },
  });
  if (reply.status === 404 || reply.status === 405) return false;
  if (reply.status !== 204) expectStatus(reply, 202);
  return true;
}

async function logout(client: Client, made: Made): Promise<undefined> {
  const reply = await client.call('POST', '/api/v2/auth/logout', {
    body: { refreshToken: made.refreshToken },
  });
  expectStatus(reply, 204);
  return undefined;
}

function keepTokens(reply: Reply, made: Made): void {
  const body = reply.json as { accessToken?: string; refreshToken?: string };
  if (!body.accessToken || !body.refreshToken) throw new SmokeFailure('no token pair in the answer');
  made.accessToken = body.accessToken;
  made.refreshToken = body.refreshToken;
}

function idOf(reply: Reply): string {
  const id = (reply.json as { id?: unknown }).id;
  if (typeof id !== 'string') throw new SmokeFailure('201 without an id');
  return id;
}

function expectStatus(reply: Reply, status: number): void {
  if (reply.status === status) return;
  const problem = reply.json as { code?: string; detail?: string } | undefined;
  const why = problem?.code ? ` ${problem.code}: ${problem.detail ?? ''}` : '';
  throw new SmokeFailure(
    `${reply.method} ${reply.path} answered ${reply.status}, expected ${status}${why} (X-Request-Id ${reply.headers.get('X-Request-Id') ?? '-'})`,
  );
}
