import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bindings } from '../../src/env';
import type { DomainEvent, Subscriber } from '../../src/modules/events';
import { newId } from '../../src/platform/ids';
import { eventually, sampleEvent } from '../../test/helpers/events';
import { captureLogs } from '../../test/helpers/logs';
import { queue } from '../index';
import { consumeDeadLetters, consumeEvents, consumeRetries } from './consumer';
import { registerSubscriber } from './subscribers';

const bindings = env as unknown as Bindings;

function batchOf(queueName: string, bodies: unknown[]) {
  return createMessageBatch(
    queueName,
    bodies.map((body) => ({ id: newId(), timestamp: new Date(), attempts: 1, body })),
  );
}

async function run(
  queueName: string,
  bodies: unknown[],
  consume: (batch: MessageBatch, env: Bindings) => Promise<void>,
) {
  const batch = batchOf(queueName, bodies);
  const ctx = createExecutionContext();
  await consume(batch, bindings);
  return { batch, result: await getQueueResult(batch, ctx) };
}

/** A subscriber that records what it receives and fails its first `failures` calls. */
function recorder(name: string, types: Subscriber['types'] = '*', failures = 0) {
  const seen: DomainEvent[] = [];
  const subscriber: Subscriber = {
    name,
    types,
    async handle(event) {
      seen.push(event);
      if (seen.length <= failures) throw new Error(`${name} failed on purpose`);
    },
  };
  return { subscriber, seen };
}

async function receipts(eventId: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    'SELECT subscriber FROM event_receipts WHERE event_id = ? ORDER BY 1',
  )
    .bind(eventId)
    .all<{ subscriber: string }>();
  return results.map((row) => row.subscriber);
}

async function failures(eventIdOrBody: string) {
  const { results } = await env.DB.prepare(
    'SELECT subscriber, queue, error, event_id FROM event_failures WHERE event_id = ?1 OR body LIKE ?2',
  )
    .bind(eventIdOrBody, `%${eventIdOrBody}%`)
    .all<{ subscriber: string; queue: string; error: string; event_id: string | null }>();
  return results;
}

const unregister: (() => void)[] = [];
afterEach(() => {
  for (const off of unregister.splice(0)) off();
});

describe('EVENTS consumer', () => {
  it('acks each valid event and hands it to every subscriber that wants its type', async () => {
    const all = recorder('all');
    const announcementsOnly = recorder('announcements-only', ['announcement.created']);
    const event = sampleEvent();
    const { batch, result } = await run('doorman-events', [event], (b, e) =>
      consumeEvents(b, e, [all.subscriber, announcementsOnly.subscriber]),
    );
    expect(result.explicitAcks).toEqual(batch.messages.map((m) => m.id));
    expect(result.retryMessages).toEqual([]);
    expect(all.seen).toEqual([event]);
    expect(announcementsOnly.seen).toEqual([]);
    expect(await receipts(event.id)).toEqual(['all']);
  });

  it('a subscriber that sees the same event twice acts once (receipts by event id)', async () => {
    const counter = recorder('counter');
    const event = sampleEvent();
    await run('doorman-events', [event], (b, e) => consumeEvents(b, e, [counter.subscriber]));
    const again = await run('doorman-events', [event, event], (b, e) =>
      consumeEvents(b, e, [counter.subscriber]),
    );
    expect(counter.seen).toHaveLength(1);
    expect(again.result.explicitAcks).toHaveLength(2);
  });

  it('acks, logs and records a malformed message, never retrying it', async () => {
    const logs = captureLogs();
    const marker = newId();
    const bodies = [
      `not an event ${marker}`,
      { ...sampleEvent(), type: 'no.such_type', requestId: `bad-type-${marker}` },
      { ...sampleEvent(), data: { id: 42 }, requestId: `bad-data-${marker}` },
    ];
    const counter = recorder('never-called');
    try {
      const { batch, result } = await run('doorman-events', bodies, (b, e) =>
        consumeEvents(b, e, [counter.subscriber]),
      );
      expect(result.explicitAcks).toEqual(batch.messages.map((m) => m.id));
      expect(result.retryMessages).toEqual([]);
      expect(result.retryBatch.retry).toBe(false);
    } finally {
      logs.restore();
    }
    expect(counter.seen).toEqual([]);
    const errors = logs.records().filter((r) => r.msg === 'events: malformed message acked');
    expect(errors).toHaveLength(3);
    const recorded = await failures(marker);
    expect(recorded).toHaveLength(3);
    for (const failure of recorded) expect(failure.error).toMatch(/^malformed: /);
  });

  it('retries a failing subscriber alone, through its own queue, until it succeeds', async () => {
    const steady = recorder('steady');
    const flaky = recorder('flaky', '*', 1);
    unregister.push(registerSubscriber(steady.subscriber), registerSubscriber(flaky.subscriber));
    const event = sampleEvent();
    const { result } = await run('doorman-events', [event], (b, e) =>
      consumeEvents(b, e, [steady.subscriber, flaky.subscriber]),
    );
    expect(result.explicitAcks).toHaveLength(1); // the event itself is done: only the subscriber is retried
    expect(await receipts(event.id)).toEqual(['steady']);
    // The real local retry queue delivers to this Worker's queue(), which runs `flaky` only.
    await eventually('flaky handled on retry', async () =>
      (await receipts(event.id)).includes('flaky') ? true : undefined,
    );
    expect(flaky.seen).toHaveLength(2);
    expect(steady.seen).toHaveLength(1);
  }, 60_000); // a real queue delivers after its batch timeout: sized for a busy machine

  it('retries the whole message, with a delay, when the fan-out itself fails', async () => {
    const flaky = recorder('flaky-2', '*', 1);
    const broken = {
      ...bindings,
      EVENT_RETRIES: { send: () => Promise.reject(new Error('queue unavailable')) },
    };
    const batch = batchOf('doorman-events', [sampleEvent()]);
    const ctx = createExecutionContext();
    const logs = captureLogs();
    try {
      await consumeEvents(batch, broken as unknown as Bindings, [flaky.subscriber]);
    } finally {
      logs.restore();
    }
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual([batch.messages[0]?.id]);
    expect(logs.records().some((r) => r.msg === 'events: fan-out failed; the event is retried')).toBe(true);
  });

  it('every log line of a message carries the request ID of the write that raised the event', async () => {
    const event = sampleEvent();
    const loud: Subscriber = {
      name: 'loud',
      types: '*',
      async handle() {
        throw new Error('always');
      },
    };
    const logs = captureLogs();
    try {
      await run('doorman-event-retries', [{ subscriber: 'loud', event }], (b, e) =>
        consumeRetries(b, e, [loud]),
      );
    } finally {
      logs.restore();
    }
    const lines = logs.records();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.requestId).toBe(event.requestId);
  });
});

describe('retry consumer', () => {
  it('retries with a growing delay while the subscriber fails', async () => {
    const failing = recorder('failing', '*', 99);
    const event = sampleEvent();
    const logs = captureLogs();
    let result: Awaited<ReturnType<typeof run>>['result'];
    try {
      ({ result } = await run('doorman-event-retries', [{ subscriber: 'failing', event }], (b, e) =>
        consumeRetries(b, e, [failing.subscriber]),
      ));
    } finally {
      logs.restore();
    }
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toHaveLength(1);
    expect(failing.seen).toHaveLength(1);
  });

  it('acks and records a retry for a subscriber that no longer exists', async () => {
    const event = sampleEvent();
    const logs = captureLogs();
    try {
      const { result } = await run('doorman-event-retries', [{ subscriber: 'gone', event }], (b, e) =>
        consumeRetries(b, e, []),
      );
      expect(result.explicitAcks).toHaveLength(1);
    } finally {
      logs.restore();
    }
    const recorded = await failures(event.id);
    expect(recorded).toMatchObject([{ subscriber: 'gone', error: 'malformed: unknown subscriber gone' }]);
  });
});

describe('dead-letter consumer', () => {
  it('records what exhausted its retries, with the subscriber, where an operator finds it', async () => {
    const event = sampleEvent();
    const plain = sampleEvent();
    const logs = captureLogs();
    try {
      const { result } = await run(
        'doorman-events-dlq',
        [{ subscriber: 'webhooks', event }, plain],
        consumeDeadLetters,
      );
      expect(result.explicitAcks).toHaveLength(2);
    } finally {
      logs.restore();
    }
    expect(await failures(event.id)).toMatchObject([
      { subscriber: 'webhooks', queue: 'doorman-events-dlq', error: 'retries exhausted', event_id: event.id },
    ]);
    expect(await failures(plain.id)).toMatchObject([{ subscriber: '*', event_id: plain.id }]);
  });
});

describe('queue(): dispatch by queue name', () => {
  it('finds the consumer whatever the environment suffix', async () => {
    const counter = recorder('suffix-check');
    unregister.push(registerSubscriber(counter.subscriber));
    const event = sampleEvent();
    const { result } = await run('doorman-events-production', [event], queue);
    expect(result.explicitAcks).toHaveLength(1);
    expect(counter.seen).toEqual([event]);
  });

  it('retries (never drops) a batch from a queue it has no consumer for', async () => {
    const logs = captureLogs();
    try {
      const { result } = await run('doorman-unknown', [sampleEvent()], queue);
      expect(result.retryBatch.retry).toBe(true);
      expect(result.explicitAcks).toEqual([]);
    } finally {
      logs.restore();
    }
  });
});
