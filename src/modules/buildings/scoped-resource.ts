// One shape for a building's resources (announcements, maintenance requests, …): a paged list, and create, get,
// update and delete of one item with an ETag of its version and If-Match on writes. A resource says what differs.
import { type OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bearerAuth, defineRoute } from '../../http/openapi';
import type { AppEnv, AuthUser } from '../../platform/app-env';
import { type Database, database } from '../../platform/database';
import { entityTag } from '../../platform/entity-tag';
import { nextPageLink, PAGE_HEADERS, type Page } from '../../platform/paging';
import { acceptedVersions, IfMatchHeaderSchema } from '../../platform/preconditions';
import type { ProblemCode } from '../../platform/problems';
import { authenticate } from '../auth';
import { type BuildingAccess, requireManager, requireMember } from './roles';

/** What every resource of a building is: an id, and a version that grows with every change (its ETag names it). */
type Item = { id: string; version: number };

export interface ScopedResourceNames<I extends Item> {
  /** The collection's path segment under `/buildings/{id}/`, e.g. `announcements`. */
  collection: string;
  /** The item's path parameter, e.g. `announcementId`, and an example value for the docs. */
  itemParam: string;
  itemExample: string;
  /** The OpenAPI tag, and the operationId prefix (`<operations>.list`, `.get`, `.create`, `.update`, `.delete`). */
  tag: string;
  operations: string;
  /** The item in prose, for response descriptions: `announcement`, `maintenance request`. */
  noun: string;
  plural: string;
  item: z.ZodType<I>;
}

/** Who the route admits: any member (residents included) or managers only (residents get 403). */
type Access = 'member' | 'manager';

interface VerbSpec {
  summary: string;
  description: string;
  access: Access;
  /** The route's own problems; each verb has a default (see below). */
  errors?: ProblemCode[];
}

/** What a use case gets: the database, the building as access was checked, the caller. */
export interface Scope {
  db: Database;
  building: BuildingAccess;
  user: AuthUser;
}

interface Versioned {
  id: string;
  /** The versions `If-Match` accepts; undefined when the write is unconditional. */
  ifMatch: number[] | undefined;
}

// The handlers read what the route validated; the route's own schemas (built below) guarantee these shapes.
type Validated = {
  in: object;
  out: { param: Record<string, string>; query: unknown; json: unknown; header: { 'if-match'?: string } };
};
type ScopedContext = Context<AppEnv, string, Validated>;

const ETAG_HEADER = {
  ETag: { description: 'Entity tag of this representation', schema: { type: 'string' as const } },
};
const json = (schema: z.ZodType) => ({ 'application/json': { schema } });
const EXAMPLE_BUILDING_ID = '0193a1b2-0000-7e5f-8a9b-0c1d2e3f4a5b';

const BuildingParams = z.object({
  id: z
    .string()
    .max(64)
    .openapi({
      param: { name: 'id', in: 'path' },
      description: 'The building',
      example: EXAMPLE_BUILDING_ID,
    }),
});

export function buildingScopedResource<I extends Item>(names: ScopedResourceNames<I>) {
  const collectionPath = `/buildings/{id}/${names.collection}`;
  const itemPath = `${collectionPath}/{${names.itemParam}}`;
  const ItemParams = BuildingParams.extend({
    [names.itemParam]: z
      .string()
      .max(64)
      .openapi({ param: { name: names.itemParam, in: 'path' }, example: names.itemExample }),
  });
  const guard = (access: Access) => [
    authenticate(),
    access === 'manager' ? requireManager() : requireMember(),
  ];

  function register(
    app: OpenAPIHono<AppEnv>,
    verb: { method: RouteConfig['method']; path: string; action: string; errors: ProblemCode[] },
    spec: VerbSpec,
    config: Pick<RouteConfig, 'request' | 'responses'>,
    handler: (c: ScopedContext, scope: Scope) => Promise<Response>,
  ): void {
    const route = defineRoute({
      method: verb.method,
      path: verb.path,
      operationId: `${names.operations}.${verb.action}`,
      tags: [names.tag],
      summary: spec.summary,
      description: spec.description,
      security: bearerAuth,
      middleware: guard(spec.access),
      errors: spec.errors ?? verb.errors,
      ...config,
    });
    // The route's type is built from the names above, so the handler is typed by Validated, not inferred.
    app.openapi(route, ((c: ScopedContext) =>
      handler(c, { db: database(c.env.DB), building: c.var.building, user: c.var.user })) as never);
  }

  const itemId = (c: ScopedContext): string => c.req.valid('param')[names.itemParam] ?? '';
  const ifMatch = (c: ScopedContext) => acceptedVersions(c.req.valid('header')['if-match']);
  const tagged = async (c: ScopedContext, item: I): Promise<void> => {
    // The versioned tag, so If-Match can name the version; the conditional-get middleware answers 304.
    c.header('ETag', await entityTag(item.version, item));
  };
  const writeErrors: ProblemCode[] = ['forbidden', 'not_found', 'precondition_failed'];

  return {
    /** GET the collection: one page (cursor or offset), `Link: rel="next"` while there is a next page. */
    list<Q extends z.ZodType>(
      app: OpenAPIHono<AppEnv>,
      spec: VerbSpec & {
        query: Q;
        page: z.ZodType;
        load: (scope: Scope & { query: z.infer<Q>; cursorSecret: string }) => Promise<Page<I>>;
      },
    ) {
      register(
        app,
        { method: 'get', path: collectionPath, action: 'list', errors: ['invalid_cursor', 'not_found'] },
        spec,
        {
          request: { params: BuildingParams, query: spec.query as unknown as z.ZodObject },
          responses: {
            200: {
              description: `One page of ${names.plural}`,
              headers: PAGE_HEADERS,
              content: json(spec.page),
            },
          },
        },
        async (c, scope) => {
          const query = c.req.valid('query') as z.infer<Q>;
          const page = await spec.load({ ...scope, query, cursorSecret: c.var.config.CURSOR_SIGNING_KEY });
          const link = nextPageLink(c.req.url, page.page);
          if (link) c.header('Link', link);
          return c.json(page, 200);
        },
      );
    },

    /** GET one item, with its ETag (304 on a matching If-None-Match). */
    get(app: OpenAPIHono<AppEnv>, spec: VerbSpec & { load: (scope: Scope & { id: string }) => Promise<I> }) {
      register(
        app,
        { method: 'get', path: itemPath, action: 'get', errors: ['not_found'] },
        spec,
        {
          request: { params: ItemParams },
          responses: {
            200: { description: `The ${names.noun}`, headers: ETAG_HEADER, content: json(names.item) },
            304: { description: 'Not modified: the `If-None-Match` tag is current (no body)' },
          },
        },
        async (c, scope) => {
          const item = await spec.load({ ...scope, id: itemId(c) });
          await tagged(c, item);
          return c.json(item, 200);
        },
      );
    },

    /** POST to the collection: 201 with `Location` and `ETag`. */
    create<B extends z.ZodType>(
      app: OpenAPIHono<AppEnv>,
      spec: VerbSpec & { body: B; create: (scope: Scope & { body: z.infer<B> }) => Promise<I> },
    ) {
      const errors: ProblemCode[] = spec.access === 'manager' ? ['forbidden', 'not_found'] : ['not_found'];
      register(
        app,
        { method: 'post', path: collectionPath, action: 'create', errors },
        spec,
        {
          request: { params: BuildingParams, body: { required: true, content: json(spec.body) } },
          responses: {
            201: {
              description: `The new ${names.noun}`,
              headers: {
                Location: { description: `URL of the new ${names.noun}`, schema: { type: 'string' } },
                ...ETAG_HEADER,
              },
              content: json(names.item),
            },
          },
        },
        async (c, scope) => {
          const item = await spec.create({ ...scope, body: c.req.valid('json') as z.infer<B> });
          c.header('Location', `${c.req.path}/${item.id}`);
          await tagged(c, item);
          return c.json(item, 201);
        },
      );
    },

    /** PATCH one item: `If-Match` with a stale tag is 412; the answer carries the new ETag. */
    update<B extends z.ZodType>(
      app: OpenAPIHono<AppEnv>,
      spec: VerbSpec & { body: B; update: (scope: Scope & Versioned & { body: z.infer<B> }) => Promise<I> },
    ) {
      register(
        app,
        { method: 'patch', path: itemPath, action: 'update', errors: writeErrors },
        spec,
        {
          request: {
            params: ItemParams,
            headers: IfMatchHeaderSchema,
            body: { required: true, content: json(spec.body) },
          },
          responses: {
            200: {
              description: `The updated ${names.noun}`,
              headers: ETAG_HEADER,
              content: json(names.item),
            },
          },
        },
        async (c, scope) => {
          const body = c.req.valid('json') as z.infer<B>;
          const item = await spec.update({ ...scope, id: itemId(c), ifMatch: ifMatch(c), body });
          await tagged(c, item);
          return c.json(item, 200);
        },
      );
    },

    /** DELETE one item (204); `If-Match` with a stale tag is 412. */
    remove(
      app: OpenAPIHono<AppEnv>,
      spec: VerbSpec & { remove: (scope: Scope & Versioned) => Promise<void> },
    ) {
      register(
        app,
        { method: 'delete', path: itemPath, action: 'delete', errors: writeErrors },
        spec,
        {
          request: { params: ItemParams, headers: IfMatchHeaderSchema },
          responses: { 204: { description: 'Deleted' } },
        },
        async (c, scope) => {
          await spec.remove({ ...scope, id: itemId(c), ifMatch: ifMatch(c) });
          return c.body(null, 204);
        },
      );
    },
  };
}
