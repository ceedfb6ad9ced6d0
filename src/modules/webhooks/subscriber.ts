// The webhooks subscriber of the events spine: each event becomes one delivery (and one queue message) per endpoint.
import { database } from '../../platform/database';
import type { Subscriber } from '../events';
import { createDeliveries } from './deliveries';
import type { AttemptQueue } from './message';

export const webhooksSubscriber: Subscriber = {
  name: 'webhooks',
  types: '*',
  async handle(event, env) {
    await createDeliveries(database(env.DB), env.WEBHOOKS as AttemptQueue, event);
  },
};
