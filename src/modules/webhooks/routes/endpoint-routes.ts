// Endpoint CRUD routes, for one scope: list, register (the secret shown once), read, change, delete.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { entityTag } from '../../../platform/entity-tag';
import { nextPageLink, PAGE_HEADERS, type PageQuery, PageQuerySchema } from '../../../platform/paging';
import { acceptedVersions, IfMatchHeaderSchema } from '../../../platform/preconditions';
import {
  createEndpoint,
  deleteEndpoint,
  findEndpoint,
  listEndpoints,
  toWebhook,
  updateEndpoint,
} from '../endpoints';
import {
  CreatedWebhookSchema,
  type CreateWebhookInput,
  CreateWebhookSchema,
  type UpdateWebhookInput,
  UpdateWebhookSchema,
  WebhookPageSchema,
  WebhookSchema,
} from '../schema';
import { dbOf, json, keysOf, param, type RouteScope, withWebhookId } from './scope';

// Route types are built from the scope at run time, so handlers read what the route validated through this.
type Validated = {
  in: object;
  out: { query: PageQuery; json: unknown; header: { 'if-match'?: string } };
};
export type WebhookContext = Context<AppEnv, string, Validated>;

const ETAG_HEADER = {
  ETag: { description: 'Entity tag of this representation', schema: { type: 'string' as const } },
};

export function registerEndpointRoutes(app: OpenAPIHono<AppEnv>, scope: RouteScope) {
  const item = `${scope.prefix}/{webhookId}`;
  const ItemParams = withWebhookId(scope);
  const common = { tags: [scope.tag], security: bearerAuth, middleware: scope.guard() };
  const on = (route: ReturnType<typeof defineRoute>, handler: (c: WebhookContext) => Promise<Response>) =>
    app.openapi(route, handler as never);

  on(
    defineRoute({
      ...common,
      method: 'get',
      path: scope.prefix,
      operationId: `${scope.operations}.list`,
      summary: 'List webhook endpoints',
      description: `${scope.who} Newest first; cursor or offset paging, \`Link: rel="next"\`. Secrets are never listed.`,
      errors: ['forbidden', 'not_found', 'invalid_cursor'],
      request: { params: scope.params, query: PageQuerySchema },
      responses: {
        200: {
          description: 'One page of endpoints',
          headers: PAGE_HEADERS,
          content: json(WebhookPageSchema),
        },
      },
    }),
    async (c) => {
      const page = await listEndpoints(
        dbOf(c),
        scope.scopeOf(c),
        c.req.valid('query'),
        c.var.config.CURSOR_SIGNING_KEY,
      );
      const link = nextPageLink(c.req.url, page.page);
      if (link) c.header('Link', link);
      return c.json(page, 200);
    },
  );

  on(
    defineRoute({
      ...common,
      method: 'post',
      path: scope.prefix,
      operationId: `${scope.operations}.create`,
      summary: 'Register a webhook endpoint',
      description:
        `${scope.who} The answer holds the signing secret (\`whsec_…\`): it is shown here and on rotation ` +
        'only. The URL must be https and public (422 `unsafe_url` otherwise, unless `WEBHOOK_ALLOW_PRIVATE`).',
      errors: ['forbidden', 'not_found'],
      request: { params: scope.params, body: { required: true, content: json(CreateWebhookSchema) } },
      responses: {
        201: {
          description: 'The new endpoint, with its secret',
          headers: {
            Location: { description: 'URL of the endpoint', schema: { type: 'string' } },
            ...ETAG_HEADER,
          },
          content: json(CreatedWebhookSchema),
        },
      },
    }),
    async (c) => {
      const created = await createEndpoint(dbOf(c), {
        scope: scope.scopeOf(c),
        input: c.req.valid('json') as CreateWebhookInput,
        createdBy: c.var.user.id,
        keys: keysOf(c),
      });
      c.header('Location', `${c.req.path}/${created.id}`);
      c.header('ETag', await entityTag(created.version, created));
      // The secret is in this body: no shared cache may keep it.
      c.header('Cache-Control', 'no-store');
      return c.json(created, 201);
    },
  );

  on(
    defineRoute({
      ...common,
      method: 'get',
      path: item,
      operationId: `${scope.operations}.get`,
      summary: 'Get a webhook endpoint',
      description: `${scope.who} Without its secret.`,
      errors: ['forbidden', 'not_found'],
      request: { params: ItemParams },
      responses: { 200: { description: 'The endpoint', headers: ETAG_HEADER, content: json(WebhookSchema) } },
    }),
    async (c) => {
      const webhook = toWebhook(await findEndpoint(dbOf(c), scope.scopeOf(c), param(c, 'webhookId')));
      c.header('ETag', await entityTag(webhook.version, webhook));
      return c.json(webhook, 200);
    },
  );

  on(
    defineRoute({
      ...common,
      method: 'patch',
      path: item,
      operationId: `${scope.operations}.update`,
      summary: 'Change a webhook endpoint',
      description:
        `${scope.who} url, events, description, enabled. \`enabled: true\` re-enables an endpoint that was ` +
        'disabled automatically and clears `disabledReason`. With `If-Match`, a stale tag gives 412.',
      errors: ['forbidden', 'not_found', 'precondition_failed'],
      request: {
        params: ItemParams,
        headers: IfMatchHeaderSchema,
        body: { required: true, content: json(UpdateWebhookSchema) },
      },
      responses: { 200: { description: 'The endpoint', headers: ETAG_HEADER, content: json(WebhookSchema) } },
    }),
    async (c) => {
      const webhook = await updateEndpoint(dbOf(c), {
        scope: scope.scopeOf(c),
        id: param(c, 'webhookId'),
        changes: c.req.valid('json') as UpdateWebhookInput,
        ifMatch: acceptedVersions(c.req.valid('header')['if-match']),
        keys: keysOf(c),
      });
      c.header('ETag', await entityTag(webhook.version, webhook));
      return c.json(webhook, 200);
    },
  );

  on(
    defineRoute({
      ...common,
      method: 'delete',
      path: item,
      operationId: `${scope.operations}.delete`,
      summary: 'Delete a webhook endpoint',
      description: `${scope.who} Its delivery log goes with it, and nothing more is sent to it.`,
      errors: ['forbidden', 'not_found', 'precondition_failed'],
      request: { params: ItemParams, headers: IfMatchHeaderSchema },
      responses: { 204: { description: 'Deleted' } },
    }),
    async (c) => {
      await deleteEndpoint(dbOf(c), {
        scope: scope.scopeOf(c),
        id: param(c, 'webhookId'),
        ifMatch: acceptedVersions(c.req.valid('header')['if-match']),
      });
      return c.body(null, 204);
    },
  );
}
