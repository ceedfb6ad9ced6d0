import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { eventRow, sampleEvent } from '../test/helpers/events';
import { captureLogs } from '../test/helpers/logs';
import type { Bindings } from './env';
import worker from './index';
import { RETENTION_MS, SWEEP_AFTER_MS } from './modules/events/dispatch';
import { eventInsert } from './modules/events/outbox';
import { database } from './platform/database';
import { EVERY_MINUTE } from './scheduled';

const bindings = env as unknown as Bindings;

async function undispatched(ageMs: number) {
  const event = sampleEvent({ occurredAt: new Date(Date.now() - ageMs).toISOString() });
  await database(env.DB).batch([eventInsert(database(env.DB), event)]);
  return event;
}

describe('scheduled()', () => {
  it('every minute: sweeps undispatched events into the queue', async () => {
    const lost = await undispatched(SWEEP_AFTER_MS + 5_000);
    const logs = captureLogs();
    try {
      await worker.scheduled(createScheduledController({ cron: EVERY_MINUTE }), bindings);
    } finally {
      logs.restore();
    }
    expect((await eventRow(lost.id))?.dispatched_at).not.toBeNull();
    expect(logs.records().some((r) => r.msg === 'events: undispatched events re-sent')).toBe(true);
  });

  it('hourly: purges events past their retention, and does not sweep', async () => {
    const expired = await undispatched(RETENTION_MS + 60_000);
    const pending = await undispatched(SWEEP_AFTER_MS + 5_000);
    const logs = captureLogs();
    try {
      await worker.scheduled(createScheduledController({ cron: '17 * * * *' }), bindings);
    } finally {
      logs.restore();
    }
    expect(await eventRow(expired.id)).toBeNull();
    expect((await eventRow(pending.id))?.dispatched_at).toBeNull();
  });
});
