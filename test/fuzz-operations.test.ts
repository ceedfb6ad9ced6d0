// Fuzzes every operation of the OpenAPI document (routes added later join by themselves) as four kinds of caller.
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids';
import { type ProblemCode, problemStatus } from '../src/platform/problems';
import { call, testApp } from './helpers/app';
import { insertBuilding } from './helpers/fixtures';
import {
  anyJson,
  type Components,
  type JsonSchema,
  nearMissFor,
  parameterFor,
  valueFor,
} from './helpers/schema-arbitrary';
import { addMember, createUser, type TestUser } from './helpers/users';

interface Parameter {
  in: string;
  name: string;
  schema?: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: JsonSchema | undefined;
  /** Statuses the operation documents: a documented 503 (readiness) is an answer, a 500 never is. */
  documented: Set<number>;
}

const RUNS = 100;
const ROLES = ['stranger', 'resident', 'manager', 'admin'] as const;
type Role = (typeof ROLES)[number];

const app = testApp();
const documentResponse = await call(app, '/openapi.json');
const document = (await documentResponse.json()) as {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: unknown; responses: object }>
  >;
  components: { schemas: Components };
};
const components = document.components.schemas;
const operations: Operation[] = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({
    method: method.toUpperCase(),
    path,
    parameters: operation.parameters ?? [],
    body: (operation.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)
      ?.content?.['application/json']?.schema,
    documented: new Set(Object.keys(operation.responses).map(Number)),
  })),
);
const TOTAL = operations.length * RUNS;

/** The callers, created once: signing tokens and inserting users per run would dominate the cost. */
let callers: Record<Role, TestUser>;

/** A fresh building per operation (earlier operations may have deleted or emptied theirs). */
async function world(): Promise<Record<string, string>> {
  const buildingId = await insertBuilding(callers.manager.id);
  await addMember(buildingId, callers.manager.id, 'manager');
  await addMember(buildingId, callers.resident.id, 'resident');
  const [announcementId, requestId] = [newId(), newId()];
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO announcements (id, building_id, author_id, title, body, created_at, updated_at, version)
       VALUES (?1, ?2, ?3, 'Fuzz', 'Body', ?4, ?4, 1)`,
    ).bind(announcementId, buildingId, callers.manager.id, now),
    env.DB.prepare(
      `INSERT INTO maintenance_requests (id, building_id, opened_by, title, description, status, created_at, updated_at, version)
       VALUES (?1, ?2, ?3, 'Fuzz', 'Body', 'open', ?4, ?4, 1)`,
    ).bind(requestId, buildingId, callers.resident.id, now),
  ]);
  return { id: buildingId, userId: callers.resident.id, announcementId, requestId };
}

type ParamChoice = { kind: 'real' } | { kind: 'random' } | { kind: 'any'; value: string };
type BodyChoice =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; value: string }
  | { kind: 'wrong-type'; value: unknown };

function requestArbitrary(operation: Operation) {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const param = (p: Parameter): fc.Arbitrary<ParamChoice> =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant({ kind: 'real' as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'random' as const }) },
      {
        weight: 1,
        arbitrary: parameterFor(p.schema ?? {}, components).map((value) => ({ kind: 'any' as const, value })),
      },
    );
  const { body } = operation;
  const bodies: fc.Arbitrary<BodyChoice>[] = [
    fc.constant({ kind: 'none' }),
    anyJson.map((value) => ({ kind: 'json' as const, value })),
    fc.string({ maxLength: 30 }).map((value) => ({ kind: 'text' as const, value })),
  ];
  if (body) {
    bodies.push(
      valueFor(body, components).map((value) => ({ kind: 'json' as const, value })),
      valueFor(body, components).map((value) => ({ kind: 'json' as const, value })),
      nearMissFor(body, components).map((value) => ({ kind: 'json' as const, value })),
      valueFor(body, components).map((value) => ({ kind: 'wrong-type' as const, value })),
    );
  }
  return fc.record({
    role: fc.constantFrom(...ROLES),
    path: fc.tuple(...pathParams.map(param)),
    query: fc.tuple(
      ...queryParams.map((p) => fc.option(parameterFor(p.schema ?? {}, components), { nil: undefined })),
    ),
    body: body
      ? fc.oneof(
          { weight: 4, arbitrary: fc.oneof(...bodies.slice(3)) },
          { weight: 2, arbitrary: fc.oneof(...bodies.slice(0, 3)) },
        )
      : fc.oneof(...bodies),
    idempotencyKey: fc.option(fc.uuid(), { nil: undefined }),
  });
}

type Sample = ReturnType<typeof requestArbitrary> extends fc.Arbitrary<infer T> ? T : never;

/** The URL and init of one sample; `hideReal` swaps every real ID for a random one (what a stranger could guess). */
function build(operation: Operation, sample: Sample, ids: Record<string, string>, hideReal = false) {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  let path = operation.path;
  pathParams.forEach((p, i) => {
    const choice = sample.path[i] as ParamChoice;
    const value =
      choice.kind === 'any'
        ? choice.value
        : choice.kind === 'real' && !hideReal
          ? (ids[p.name] ?? newId())
          : newId();
    path = path.replace(`{${p.name}}`, encodeURIComponent(value));
  });
  const query = new URLSearchParams();
  operation.parameters
    .filter((p) => p.in === 'query')
    .forEach((p, i) => {
      const value = sample.query[i];
      if (value !== undefined) query.set(p.name, value);
    });
  const headers: Record<string, string> = { ...callers[sample.role].auth };
  if (sample.idempotencyKey !== undefined)
    headers['Idempotency-Key'] = hideReal ? newId() : sample.idempotencyKey;
  const init: RequestInit = { method: operation.method, headers };
  const body = sample.body as BodyChoice;
  if (body.kind !== 'none' && operation.method !== 'GET') {
    headers['Content-Type'] = body.kind === 'wrong-type' ? 'text/plain' : 'application/json';
    init.body = body.kind === 'text' ? body.value : JSON.stringify(body.value);
  }
  const search = query.toString();
  return { url: search === '' ? path : `${path}?${search}`, init };
}

const KNOWN_CODES = new Set(Object.keys(problemStatus));
/** Answers any route may give before it is reached (no route, wrong method, body too large): not per operation. */
const UNDOCUMENTED_ANYWHERE = new Set([404, 405, 413]);

/** Never a 500 or an undocumented 5xx; every 4xx (and 5xx) is problem+json with a known code for its status. */
async function verdict(
  operation: Operation,
  res: Response,
  what: string,
): Promise<{ status: number; code?: string }> {
  if (res.status >= 500) expect(operation.documented.has(res.status) && res.status !== 500, what).toBe(true);
  if (res.status < 400) {
    await res.body?.cancel();
    return { status: res.status };
  }
  expect(
    operation.documented.has(res.status) || UNDOCUMENTED_ANYWHERE.has(res.status),
    `${what}: ${res.status} is not in the document`,
  ).toBe(true);
  expect(res.headers.get('Content-Type') ?? '', what).toMatch(/^application\/problem\+json/);
  const problem = (await res.json()) as { code?: string; status?: number };
  expect(KNOWN_CODES.has(problem.code ?? ''), `${what}: code ${problem.code}`).toBe(true);
  expect(problemStatus[problem.code as ProblemCode], `${what}: ${problem.code}`).toBe(res.status);
  return { status: res.status, code: problem.code as string };
}

describe(`fuzzing every OpenAPI operation as stranger, resident, manager and admin: ${operations.length} operations × ${RUNS} runs = ${TOTAL} requests (strangers' requests naming real IDs sent twice)`, () => {
  beforeAll(async () => {
    const [stranger, resident, manager, admin] = await Promise.all([
      createUser({ name: 'Stranger' }),
      createUser({ name: 'Resident' }),
      createUser({ name: 'Manager' }),
      createUser({ name: 'Admin', isAdmin: true }),
    ]);
    callers = { stranger, resident, manager, admin };
  });

  it('the document has operations to walk', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30);
  });

  for (const operation of operations) {
    it(`${operation.method} ${operation.path}: ${RUNS} runs`, async () => {
      const ids = await world();
      await fc.assert(
        fc.asyncProperty(requestArbitrary(operation), async (sample) => {
          const { url, init } = build(operation, sample, ids);
          const what = `${sample.role} ${operation.method} ${url}`;
          const answer = await verdict(operation, await call(app, url, init), what);
          const namesReal = (sample.path as ParamChoice[]).some((choice) => choice.kind === 'real');
          if (sample.role === 'stranger' && namesReal) {
            // A stranger must not tell an existing resource from a made-up one.
            const twin = build(operation, sample, ids, true);
            const guessed = await verdict(
              operation,
              await call(app, twin.url, twin.init),
              `${what} (random IDs)`,
            );
            expect(answer, `${what}: existence leaks`).toEqual(guessed);
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }, 120_000);
  }
});
