// The registry of domain-event subscribers: realtime, webhooks and notifications register here.
import type { Subscriber } from '../../src/modules/events';
import { realtimeSubscriber } from '../../src/modules/realtime';
import { webhooksSubscriber } from '../../src/modules/webhooks';
import { logger } from '../../src/platform/logger';

/** Logs each event it receives: the end-to-end proof under `npm run dev`, and a trace in Workers Logs. */
export const traceSubscriber: Subscriber = {
  name: 'trace',
  types: '*',
  async handle(event) {
    logger.info('event', {
      eventId: event.id,
      type: event.type,
      buildingId: event.buildingId,
      actorId: event.actorId,
    });
  },
};

const registered: Subscriber[] = [traceSubscriber, realtimeSubscriber, webhooksSubscriber];

/** Every registered subscriber, in registration order. */
export const subscribers = (): readonly Subscriber[] => registered;

/** Adds a subscriber (names are unique); returns the function that removes it again (tests use that). */
export function registerSubscriber(subscriber: Subscriber): () => void {
  if (registered.some((existing) => existing.name === subscriber.name)) {
    throw new Error(`event subscriber "${subscriber.name}" is registered twice`);
  }
  registered.push(subscriber);
  return () => {
    const index = registered.indexOf(subscriber);
    if (index >= 0) registered.splice(index, 1);
  };
}
