// Webhooks module (contract-webhooks.md): endpoints of a building (managers) and of the platform (admins), their
// delivery logs, and the event-type catalogue; the events-spine subscriber and the WEBHOOKS queue's work.
import { createRouter } from '../../http/openapi';
import { registerActionRoutes } from './routes/action-routes';
import { registerEndpointRoutes } from './routes/endpoint-routes';
import { registerListEventTypes } from './routes/event-types';
import { buildingScope, platformScope } from './routes/scope';

export { abandonDelivery, attemptDelivery, DEAD_LETTER_SUBSCRIBER } from './attempt';
export { type AttemptMessage, AttemptMessageSchema, type AttemptQueue } from './message';
export { webhooksSubscriber } from './subscriber';

export function webhookRoutes() {
  const app = createRouter();
  registerListEventTypes(app);
  for (const scope of [buildingScope, platformScope]) {
    registerEndpointRoutes(app, scope);
    registerActionRoutes(app, scope);
  }
  return app;
}
