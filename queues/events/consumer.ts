// The EVENTS consumer: validate each event, hand it to every subscriber that wants it, retry a failing one alone.
import type { Bindings } from '../../src/env';
import type { DomainEvent } from '../../src/modules/events';
import {
  handledBy,
  parseEvent,
  recordFailure,
  recordHandled,
  type Subscriber,
  wants,
} from '../../src/modules/events';
import { runInBackground } from '../../src/platform/background-context';
import { database } from '../../src/platform/database';
import { logger } from '../../src/platform/logger';
import { type RetryMessage, RetryMessageSchema, retryBaseSeconds, retryDelaySeconds } from './message';

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A malformed message is acked and recorded, never retried (it would fail the same way forever). */
async function refuse(env: Bindings, queue: string, message: Message, reason: string, subscriber = '*') {
  logger.error('events: malformed message acked', { queue, messageId: message.id, reason });
  await recordFailure(database(env.DB), {
    subscriber,
    queue,
    error: `malformed: ${reason}`,
    body: message.body,
  });
  message.ack();
}

/** Runs the subscribers that want the event and have not handled it yet; returns the ones that failed. */
async function fanOut(env: Bindings, event: DomainEvent, subscribers: readonly Subscriber[]) {
  const db = database(env.DB);
  const done = await handledBy(db, event.id);
  const due = subscribers.filter((subscriber) => wants(subscriber, event) && !done.has(subscriber.name));
  const outcomes = await Promise.allSettled(due.map((subscriber) => subscriber.handle(event, env)));
  const handled: string[] = [];
  const failed: { subscriber: Subscriber; error: string }[] = [];
  outcomes.forEach((outcome, index) => {
    const subscriber = due[index] as Subscriber;
    if (outcome.status === 'fulfilled') handled.push(subscriber.name);
    else failed.push({ subscriber, error: errorText(outcome.reason) });
  });
  await recordHandled(db, event.id, handled);
  return failed;
}

export async function consumeEvents(batch: MessageBatch, env: Bindings, subscribers: readonly Subscriber[]) {
  for (const message of batch.messages) {
    const parsed = parseEvent(message.body);
    if (!parsed.ok) {
      await refuse(env, batch.queue, message, parsed.reason);
      continue;
    }
    const event = parsed.event;
    await runInBackground(event.requestId, batch.queue, async () => {
      try {
        const failed = await fanOut(env, event, subscribers);
        for (const { subscriber, error } of failed) {
          logger.warn('events: subscriber failed; retrying it alone', {
            eventId: event.id,
            type: event.type,
            subscriber: subscriber.name,
            error,
          });
          await env.EVENT_RETRIES.send({ subscriber: subscriber.name, event } satisfies RetryMessage, {
            contentType: 'json',
            delaySeconds: retryDelaySeconds(1, retryBaseSeconds(env)),
          });
        }
        logger.debug('events: fanned out', { eventId: event.id, type: event.type, failed: failed.length });
        message.ack();
      } catch (error) {
        // D1 or the retry queue failed: the whole event again later (receipts skip who already handled it).
        logger.error('events: fan-out failed; the event is retried', {
          eventId: event.id,
          error: errorText(error),
        });
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts, retryBaseSeconds(env)) });
      }
    });
  }
}

export async function consumeRetries(batch: MessageBatch, env: Bindings, subscribers: readonly Subscriber[]) {
  for (const message of batch.messages) {
    const retry = RetryMessageSchema.safeParse(message.body);
    const parsed = retry.success ? parseEvent(retry.data.event) : undefined;
    if (!retry.success || !parsed?.ok) {
      await refuse(env, batch.queue, message, parsed && !parsed.ok ? parsed.reason : 'not a retry message');
      continue;
    }
    const subscriber = subscribers.find((candidate) => candidate.name === retry.data.subscriber);
    if (!subscriber) {
      await refuse(
        env,
        batch.queue,
        message,
        `unknown subscriber ${retry.data.subscriber}`,
        retry.data.subscriber,
      );
      continue;
    }
    const event = parsed.event;
    await runInBackground(event.requestId, batch.queue, async () => {
      try {
        const failed = await fanOut(env, event, [subscriber]);
        if (failed.length === 0) {
          message.ack();
          return;
        }
        logger.warn('events: subscriber failed again', {
          eventId: event.id,
          subscriber: subscriber.name,
          attempt: message.attempts,
          error: failed[0]?.error,
        });
      } catch (error) {
        logger.error('events: retry failed', {
          eventId: event.id,
          subscriber: subscriber.name,
          error: errorText(error),
        });
      }
      // After max_retries the queue moves the message to the dead-letter queue, whose consumer records it.
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts + 1, retryBaseSeconds(env)) });
    });
  }
}

/** Dead letters of both event queues: recorded in `event_failures`, where an operator finds and replays them. */
export async function consumeDeadLetters(batch: MessageBatch, env: Bindings) {
  const db = database(env.DB);
  for (const message of batch.messages) {
    const retry = RetryMessageSchema.safeParse(message.body);
    const parsed = parseEvent(retry.success ? retry.data.event : message.body);
    const event = parsed.ok ? parsed.event : undefined;
    const subscriber = retry.success ? retry.data.subscriber : '*';
    await runInBackground(event?.requestId ?? message.id, batch.queue, async () => {
      logger.error('events: delivery failed after every retry', {
        eventId: event?.id,
        type: event?.type,
        subscriber,
        attempts: message.attempts,
      });
      await recordFailure(db, {
        eventId: event?.id,
        eventType: event?.type,
        subscriber,
        queue: batch.queue,
        requestId: event?.requestId,
        error: 'retries exhausted',
        body: message.body,
      });
      message.ack();
    });
  }
}
