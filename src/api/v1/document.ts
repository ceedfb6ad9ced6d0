// The v1 OpenAPI document, derived from v2's: the v1 paths only, decimal money, offset envelopes, deprecation headers.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { V1_ROUTES } from './routes';

type OpenAPIObject = ReturnType<OpenAPIHono['getOpenAPI31Document']>;
type Json = Record<string, unknown>;

const DEPRECATION_HEADERS = {
  Deprecation: {
    description: 'RFC 9745: `@<unix seconds>` when v1 was deprecated',
    schema: { type: 'string' },
  },
  Sunset: {
    description: 'RFC 8594: after this date every v1 route answers 410 `api_version_sunset`',
    schema: { type: 'string' },
  },
  Link: {
    description: '`</docs/migrations/v1-to-v2>; rel="deprecation"; type="text/html"`',
    schema: { type: 'string' },
  },
};

const PAGINATION = {
  type: 'object',
  properties: { offset: { type: 'integer' }, limit: { type: 'integer' }, total: { type: 'integer' } },
  required: ['offset', 'limit', 'total'],
};

function translateSchemas(schemas: Json): Json {
  const out: Json = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const copy = structuredClone(schema) as Json & { properties?: Json; required?: string[] };
    if (name === 'Money') {
      out[name] = {
        type: 'number',
        description: 'Decimal number of major units of the currency',
        example: 450,
      };
      continue;
    }
    if (copy.properties && 'data' in copy.properties && 'page' in copy.properties) {
      delete copy.properties.page;
      copy.properties.pagination = PAGINATION;
      copy.required = (copy.required ?? []).map((key) => (key === 'page' ? 'pagination' : key));
    }
    out[name] = copy;
  }
  return out;
}

export function v1Document(v2: OpenAPIObject): OpenAPIObject {
  const paths: Json = {};
  for (const route of V1_ROUTES) {
    const item = v2.paths?.[`/api/v2${route.path}`] as Record<string, Json> | undefined;
    if (!item) continue;
    const operations: Json = {};
    for (const method of route.methods.map((m) => m.toLowerCase())) {
      const operation = item[method] as
        | (Json & { responses?: Record<string, Json>; parameters?: Json[] })
        | undefined;
      if (!operation) continue;
      const copy = structuredClone(operation) as typeof operation;
      copy.deprecated = true;
      copy.operationId = `v1.${String(copy.operationId)}`;
      if (route.list) copy.parameters = copy.parameters?.filter((p) => p.name !== 'cursor');
      for (const response of Object.values(copy.responses ?? {})) {
        response.headers = { ...(response.headers as Json | undefined), ...DEPRECATION_HEADERS };
      }
      operations[method] = copy;
    }
    paths[`/api/v1${route.path}`] = operations;
  }
  return {
    ...v2,
    info: {
      ...v2.info,
      title: `${v2.info.title} v1 (deprecated)`,
      version: '1.9.0',
      description:
        'Deprecated: use /api/v2. Differences: money is a decimal number of major units beside `currency`; ' +
        'lists are offset-paged with a `pagination` envelope. See /docs/migrations/v1-to-v2.',
    },
    paths: paths as OpenAPIObject['paths'],
    components: {
      ...v2.components,
      schemas: translateSchemas((v2.components?.schemas ?? {}) as Json) as never,
    },
  };
}
