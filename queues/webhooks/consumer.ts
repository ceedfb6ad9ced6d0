// The WEBHOOKS consumer: one delivery attempt per message; its dead-letter consumer ends what the queue gave up on.
import type { Bindings } from '../../src/env';
import { loadConfig } from '../../src/env';
import { recordFailure } from '../../src/modules/events';
import {
  type AttemptMessage,
  AttemptMessageSchema,
  type AttemptQueue,
  abandonDelivery,
  attemptDelivery,
  DEAD_LETTER_SUBSCRIBER,
} from '../../src/modules/webhooks';
import { runInBackground } from '../../src/platform/background-context';
import { database } from '../../src/platform/database';
import { logger } from '../../src/platform/logger';

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A malformed message is acked and recorded, never retried (it would fail the same way forever). */
async function refuse(env: Bindings, queue: string, message: Message, reason: string) {
  logger.error('webhooks: malformed message acked', { queue, messageId: message.id, reason });
  await recordFailure(database(env.DB), {
    subscriber: DEAD_LETTER_SUBSCRIBER,
    queue,
    error: `malformed: ${reason}`,
    body: message.body,
  });
  message.ack();
}

function each(
  batch: MessageBatch,
  env: Bindings,
  work: (message: AttemptMessage, raw: Message) => Promise<void>,
): Promise<void> {
  // Attempts run side by side (a slow receiver must not hold up the batch); each message settles on its own.
  return Promise.all(
    batch.messages.map(async (raw) => {
      const parsed = AttemptMessageSchema.safeParse(raw.body);
      if (!parsed.success) {
        await refuse(env, batch.queue, raw, parsed.error.issues.map((issue) => issue.message).join('; '));
        return;
      }
      await runInBackground(parsed.data.requestId, batch.queue, () => work(parsed.data, raw));
    }),
  ).then(() => undefined);
}

export function consumeWebhooks(batch: MessageBatch, env: Bindings): Promise<void> {
  const config = loadConfig(env);
  const deps = {
    db: database(env.DB),
    queue: env.WEBHOOKS as AttemptQueue,
    keys: { sealKey: config.WEBHOOK_SECRET_KEY, allowPrivate: config.WEBHOOK_ALLOW_PRIVATE },
    retryBaseSeconds: config.WEBHOOK_RETRY_BASE_SECONDS,
    queueName: batch.queue,
  };
  return each(batch, env, async (message, raw) => {
    try {
      await attemptDelivery(deps, message);
      raw.ack();
    } catch (error) {
      // D1 or the queue failed (a receiver's failure never throws): the same attempt again, after a while.
      logger.error('webhooks: attempt failed; the message is retried', {
        deliveryId: message.deliveryId,
        error: errorText(error),
      });
      raw.retry({ delaySeconds: Math.min(300, 10 * 2 ** Math.max(0, raw.attempts - 1)) });
    }
  });
}

export function consumeWebhookDeadLetters(batch: MessageBatch, env: Bindings): Promise<void> {
  const deps = { db: database(env.DB), queueName: batch.queue };
  return each(batch, env, async (message, raw) => {
    logger.error('webhooks: attempt message dead-lettered', {
      deliveryId: message.deliveryId,
      attempts: raw.attempts,
    });
    await abandonDelivery(deps, message);
    raw.ack();
  });
}
