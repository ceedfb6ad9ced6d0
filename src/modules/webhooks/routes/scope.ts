// The two places endpoints live: a building's (managers, /buildings/{id}/webhooks) and the platform's (admins).
import { z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../../platform/app-env';
import { database } from '../../../platform/database';
import { authenticate } from '../../auth';
import { requireAdmin, requireManager } from '../../buildings';
import type { EndpointScope, WebhookKeys } from '../endpoints';

export interface RouteScope {
  /** Path of the collection, e.g. `/buildings/{id}/webhooks`. */
  prefix: string;
  tag: string;
  /** operationId prefix: `webhooks`, `adminWebhooks`. */
  operations: string;
  /** Who may call, in prose, for descriptions. */
  who: string;
  guard: () => MiddlewareHandler<AppEnv>[];
  scopeOf: (c: Context<AppEnv>) => EndpointScope;
  /** Path parameters before `{webhookId}`. */
  params: z.ZodObject;
}

const pathId = (name: string, example: string, description: string) =>
  z
    .string()
    .max(64)
    .openapi({ param: { name, in: 'path' }, example, description });

export const buildingScope: RouteScope = {
  prefix: '/buildings/{id}/webhooks',
  tag: 'webhooks',
  operations: 'webhooks',
  who: 'Managers of the building (and platform admins); residents get 403.',
  guard: () => [authenticate(), requireManager()],
  scopeOf: (c) => ({ buildingId: c.var.building.buildingId }),
  params: z.object({ id: pathId('id', '0193a1b2-0000-7e5f-8a9b-0c1d2e3f4a5b', 'The building') }),
};

export const platformScope: RouteScope = {
  prefix: '/admin/webhooks',
  tag: 'admin',
  operations: 'adminWebhooks',
  who: 'Platform admins only (403 otherwise). A platform endpoint receives the events of every building.',
  guard: () => [authenticate(), requireAdmin()],
  scopeOf: () => ({ buildingId: null }),
  params: z.object({}),
};

export const withWebhookId = (scope: RouteScope) =>
  scope.params.extend({
    webhookId: pathId('webhookId', '0193a1b2-3333-7e5f-8a9b-0c1d2e3f4a5b', 'The endpoint'),
  });

export const withDeliveryId = (scope: RouteScope) =>
  withWebhookId(scope).extend({
    deliveryId: pathId('deliveryId', '0193a1b2-4444-7e5f-8a9b-0c1d2e3f4a5b', 'The delivery'),
  });

export const keysOf = (c: Context<AppEnv>): WebhookKeys => ({
  sealKey: c.var.config.WEBHOOK_SECRET_KEY,
  allowPrivate: c.var.config.WEBHOOK_ALLOW_PRIVATE,
});

export const dbOf = (c: Context<AppEnv>) => database(c.env.DB);

export const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

/** The validated path parameter (the route's schema guarantees it is a string). */
export const param = (c: Context<AppEnv>, name: string): string => c.req.param(name) ?? '';
