// v1 ⇄ v2 translation: decimal money in, minor units to v2; money, list envelopes, paths and tags back to v1's shape.
import type { Context } from 'hono';
import type { AppEnv } from '../../platform/app-env';
import { entityTag } from '../../platform/entity-tag';
import { Problem } from '../../platform/problems';
import { forwardToV2 } from './forward';
import { moneyToDecimals, toMinorUnits } from './money';

const V1_PREFIX = '/api/v1';
const V2_PREFIX = '/api/v2';

const toV2Path = (path: string) => V2_PREFIX + path.slice(V1_PREFIX.length);
const toV1Path = (path: string) =>
  path.startsWith(V2_PREFIX) ? V1_PREFIX + path.slice(V2_PREFIX.length) : path;

async function readJson(c: Context<AppEnv>): Promise<unknown> {
  return c.req.json().catch(() => {
    throw new Problem('malformed_body');
  });
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** v1 took `monthlyDues` as a decimal in the building's currency; v2 takes minor units. */
async function buildingBodyToV2(c: Context<AppEnv>, v2Path: string): Promise<unknown> {
  const body = await readJson(c);
  // Anything but an object goes to v2 as it came, so v2's schema names the real mistake.
  if (!isPlainObject(body) || !('monthlyDues' in body)) return body;
  let currency = typeof body.currency === 'string' ? body.currency : undefined;
  if (currency === undefined && c.req.method === 'PATCH') {
    const current = await forwardToV2(c, { pathAndQuery: v2Path, method: 'GET' });
    if (!current.ok) return body; // v2 answers the PATCH with the same refusal
    currency = ((await current.json()) as { currency?: string }).currency;
  }
  return { ...body, monthlyDues: toMinorUnits(body.monthlyDues, currency ?? 'XXX', 'monthlyDues') };
}

/** v1 lists were offset-paged with a `pagination` envelope. */
function listQueryToV2(url: URL): string {
  const query = new URLSearchParams(url.search);
  query.delete('cursor');
  if (!query.has('offset')) query.set('offset', '0');
  return `?${query}`;
}

interface PageEnvelope {
  data: unknown[];
  page: { limit: number; offset?: number; total?: number };
}

const isPage = (body: unknown): body is PageEnvelope =>
  typeof body === 'object' && body !== null && Array.isArray((body as PageEnvelope).data) && 'page' in body;

function bodyToV1(body: unknown): unknown {
  const translated = moneyToDecimals(body);
  if (!isPage(translated)) return translated;
  const { data, page } = translated;
  return {
    data,
    pagination: { offset: page.offset ?? 0, limit: page.limit, total: page.total ?? data.length },
  };
}

async function responseToV1(response: Response): Promise<Response> {
  const headers = new Headers(response.headers);
  const location = headers.get('Location');
  if (location) headers.set('Location', toV1Path(location));
  headers.delete('Link'); // v2's cursor links mean nothing to v1 clients
  const type = headers.get('Content-Type') ?? '';
  if (!type.includes('json') || response.status === 204)
    return new Response(response.body, { status: response.status, headers });

  const body = (await response.json()) as Record<string, unknown>;
  let translated: unknown;
  if (type.startsWith('application/problem+json')) {
    translated = { ...body, instance: toV1Path(String(body.instance ?? '')) };
  } else {
    translated = bodyToV1(body);
    headers.delete('ETag');
    if (response.headers.has('ETag') && typeof body.version === 'number') {
      headers.set('ETag', await entityTag(body.version, translated));
    }
  }
  headers.delete('Content-Length');
  return new Response(JSON.stringify(translated), { status: response.status, headers });
}

export type BodyTranslation = 'building' | 'none';

/** The handler of every v1 route: translate the request, run v2, translate the answer. */
export const translateToV2 =
  (options: { body: BodyTranslation; list?: boolean }) =>
  async (c: Context<AppEnv>): Promise<Response> => {
    const url = new URL(c.req.url);
    const v2Path = toV2Path(url.pathname);
    const hasBody = c.req.method === 'POST' || c.req.method === 'PATCH';
    const isJson = (c.req.header('Content-Type') ?? '').includes('json');
    const body =
      options.body === 'building' && hasBody && isJson ? await buildingBodyToV2(c, v2Path) : undefined;
    const query = options.list && c.req.method === 'GET' ? listQueryToV2(url) : url.search;
    return responseToV1(await forwardToV2(c, { pathAndQuery: v2Path + query, body }));
  };
