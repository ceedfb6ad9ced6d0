// Realtime module: WebSocket tickets, the upgrade, negotiation, presence and SSE (mounted under /api/v2), and
// the domain-event subscriber that feeds the building's object (registered in queues/events/subscribers.ts).
import { createRouter } from '../../http/openapi';
import { registerGetEvents } from './routes/get-events';
import { registerGetNegotiate } from './routes/get-negotiate';
import { registerGetPresence } from './routes/get-presence';
import { registerGetSocket } from './routes/get-socket';
import { registerPostTicket } from './routes/post-ticket';

export { buildingRoom } from './service';
export { REALTIME_EVENT_TYPES, realtimeSubscriber } from './subscriber';

export function realtimeRoutes() {
  const app = createRouter();
  registerPostTicket(app);
  registerGetNegotiate(app);
  registerGetSocket(app);
  registerGetPresence(app);
  registerGetEvents(app);
  return app;
}
