// Queue dispatch: one consumer per queue, chosen by the queue's name without its environment suffix.
import type { Bindings } from '../src/env';
import { logger } from '../src/platform/logger';
import { consumeDeadLetters, consumeEvents, consumeRetries } from './events/consumer';
import { subscribers } from './events/subscribers';
import { consumeWebhookDeadLetters, consumeWebhooks } from './webhooks/consumer';

type Consumer = (batch: MessageBatch, env: Bindings) => Promise<void>;

/** wrangler.toml names each queue `doorman-<name>` plus `-staging`/`-production` outside development. */
export const queueKind = (queue: string): string => queue.replace(/-(staging|production)$/, '');

const CONSUMERS: Record<string, Consumer> = {
  'doorman-events': (batch, env) => consumeEvents(batch, env, subscribers()),
  'doorman-event-retries': (batch, env) => consumeRetries(batch, env, subscribers()),
  'doorman-events-dlq': consumeDeadLetters,
  'doorman-webhooks': consumeWebhooks,
  'doorman-webhooks-dlq': consumeWebhookDeadLetters,
};

export async function queue(batch: MessageBatch, env: Bindings): Promise<void> {
  const consumer = CONSUMERS[queueKind(batch.queue)];
  if (!consumer) {
    // A queue bound here by mistake: retrying cannot help, and acking would lose the messages silently.
    logger.error('queue: no consumer for this queue; messages retried', { queue: batch.queue });
    batch.retryAll({ delaySeconds: 300 });
    return;
  }
  await consumer(batch, env);
}
