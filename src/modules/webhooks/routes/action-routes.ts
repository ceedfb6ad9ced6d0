// Endpoint actions, for one scope: rotate the secret, send a test event, read the delivery log, retry a delivery.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { bearerAuth, defineRoute } from '../../../http/openapi';
import type { AppEnv } from '../../../platform/app-env';
import { nextPageLink, PAGE_HEADERS, PageQuerySchema } from '../../../platform/paging';
import { Problem } from '../../../platform/problems';
import { commit, newEvent, raise } from '../../events';
import { listDeliveries, retryDelivery } from '../deliveries';
import { findEndpoint, rotateSecret } from '../endpoints';
import type { AttemptQueue } from '../message';
import { AcceptedSchema, DeliveryPageSchema, RotatedSecretSchema, TestAcceptedSchema } from '../schema';
import type { WebhookContext } from './endpoint-routes';
import { dbOf, json, keysOf, param, type RouteScope, withDeliveryId, withWebhookId } from './scope';

export function registerActionRoutes(app: OpenAPIHono<AppEnv>, scope: RouteScope) {
  const item = `${scope.prefix}/{webhookId}`;
  const ItemParams = withWebhookId(scope);
  const common = { tags: [scope.tag], security: bearerAuth, middleware: scope.guard() };
  const on = (route: ReturnType<typeof defineRoute>, handler: (c: WebhookContext) => Promise<Response>) =>
    app.openapi(route, handler as never);

  on(
    defineRoute({
      ...common,
      method: 'post',
      path: `${item}/rotate-secret`,
      operationId: `${scope.operations}.rotateSecret`,
      summary: 'Rotate the signing secret',
      description:
        `${scope.who} Answers the new secret (shown this once). For 24 h the previous secret signs too: ` +
        '`webhook-signature` then carries both signatures, so receivers can switch without losing a delivery.',
      errors: ['forbidden', 'not_found', 'conflict'],
      request: { params: ItemParams },
      responses: { 200: { description: 'The new secret', content: json(RotatedSecretSchema) } },
    }),
    async (c) => {
      const rotated = await rotateSecret(dbOf(c), {
        scope: scope.scopeOf(c),
        id: param(c, 'webhookId'),
        keys: keysOf(c),
      });
      c.header('Cache-Control', 'no-store');
      return c.json(rotated, 200);
    },
  );

  on(
    defineRoute({
      ...common,
      method: 'post',
      path: `${item}/test`,
      operationId: `${scope.operations}.test`,
      summary: 'Send a test event',
      description:
        `${scope.who} Raises a \`webhook.test\` event for this endpoint only; it is delivered, signed and ` +
        'logged like any other. 409 when the endpoint is disabled.',
      errors: ['forbidden', 'not_found', 'conflict'],
      request: { params: ItemParams },
      responses: {
        202: { description: 'Accepted: the delivery follows', content: json(TestAcceptedSchema) },
      },
    }),
    async (c) => {
      const db = dbOf(c);
      const endpoint = await findEndpoint(db, scope.scopeOf(c), param(c, 'webhookId'));
      if (!endpoint.enabled) throw new Problem('conflict', { detail: 'The endpoint is disabled.' });
      const event = newEvent('webhook.test', endpoint.buildingId, {
        webhookId: endpoint.id,
        message: 'Hello from Doorman: this is a test delivery.',
      });
      await commit(db, [raise(event)]);
      return c.json({ eventId: event.id }, 202);
    },
  );

  on(
    defineRoute({
      ...common,
      method: 'get',
      path: `${item}/deliveries`,
      operationId: `${scope.operations}.listDeliveries`,
      summary: 'List deliveries',
      description:
        `${scope.who} The delivery log, newest first: status, attempts, the last response and the next retry. ` +
        'Cursor or offset paging, `Link: rel="next"`.',
      errors: ['forbidden', 'not_found', 'invalid_cursor'],
      request: { params: ItemParams, query: PageQuerySchema },
      responses: {
        200: {
          description: 'One page of deliveries',
          headers: PAGE_HEADERS,
          content: json(DeliveryPageSchema),
        },
      },
    }),
    async (c) => {
      const db = dbOf(c);
      const endpoint = await findEndpoint(db, scope.scopeOf(c), param(c, 'webhookId'));
      const page = await listDeliveries(
        db,
        endpoint.id,
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
      path: `${item}/deliveries/{deliveryId}/retry`,
      operationId: `${scope.operations}.retryDelivery`,
      summary: 'Retry a delivery',
      description:
        `${scope.who} Sends a finished (\`failed\` or \`succeeded\`) delivery again, with the same \`webhook-id\`, ` +
        'as a new round (one attempt, then up to 5 automatic retries). 409 while it is still pending or when the ' +
        'endpoint is disabled; of concurrent retries of one delivery exactly one is accepted.',
      errors: ['forbidden', 'not_found', 'conflict'],
      request: { params: withDeliveryId(scope) },
      responses: { 202: { description: 'Accepted: the attempt follows', content: json(AcceptedSchema) } },
    }),
    async (c) => {
      const db = dbOf(c);
      const endpoint = await findEndpoint(db, scope.scopeOf(c), param(c, 'webhookId'));
      const delivery = await retryDelivery(db, c.env.WEBHOOKS as AttemptQueue, {
        endpoint,
        deliveryId: param(c, 'deliveryId'),
      });
      return c.json({ deliveryId: delivery.id, status: 'pending' as const }, 202);
    },
  );
}
