// Property 36 (webhook event delivery): each event becomes exactly one delivery per enabled endpoint that wants it.
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { sampleEvent } from '../../../test/helpers/events';
import { insertBuilding } from '../../../test/helpers/fixtures';
import { createUser } from '../../../test/helpers/users';
import { scriptedReceiver } from '../../../test/helpers/webhooks';
import { database } from '../../platform/database';
import { newId } from '../../platform/ids';
import { type DomainEvent, EVENT_TYPES, type EventType } from '../events';
import { createDeliveries } from './deliveries';
import { createEndpoint } from './endpoints';
import type { AttemptQueue } from './message';

const TYPES = EVENT_TYPES.filter((type) => type !== 'webhook.test');
const keys = { sealKey: 'k'.repeat(40), allowPrivate: true };

const endpointArb = fc.record({
  where: fc.constantFrom('this' as const, 'other' as const, 'platform' as const),
  enabled: fc.boolean(),
  events: fc
    .oneof(fc.constant(['*']), fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 4 }))
    .map((types): string[] => [...types]),
});

describe('Property 36: webhook event delivery', () => {
  it('an event makes one delivery per enabled endpoint of its building (or the platform) subscribed to its type, even when handled twice', async () => {
    const owner = await createUser();
    // The consumer attempts the real messages in the background: answer them here, not on the network.
    const receiver = scriptedReceiver([200]);
    const db = database(env.DB);
    await fc.assert(
      fc.asyncProperty(
        fc.array(endpointArb, { maxLength: 6 }),
        fc.constantFrom(...TYPES),
        fc.boolean(),
        async (specs, type: EventType, platformEvent) => {
          const [here, there] = [await insertBuilding(owner.id), await insertBuilding(owner.id)];
          // Platform endpoints of earlier runs see this event too: start each run with none.
          await env.DB.prepare('DELETE FROM webhook_endpoints WHERE building_id IS NULL').run();
          const made = [];
          for (const spec of specs) {
            const buildingId = spec.where === 'this' ? here : spec.where === 'other' ? there : null;
            const created = await createEndpoint(db, {
              scope: { buildingId },
              input: { url: `https://r.example.com/${newId()}`, events: spec.events as ['*'] },
              createdBy: owner.id,
              keys,
            });
            if (!spec.enabled) {
              await env.DB.prepare('UPDATE webhook_endpoints SET enabled = 0 WHERE id = ?')
                .bind(created.id)
                .run();
            }
            made.push({ ...spec, id: created.id });
          }
          const event = sampleEvent({
            type,
            buildingId: platformEvent ? null : here,
          } as Partial<DomainEvent>);
          const expected = made
            .filter(
              (e) =>
                e.enabled &&
                (e.where === 'platform' || (!platformEvent && e.where === 'this')) &&
                (e.events.includes('*') || e.events.includes(type)),
            )
            .map((e) => e.id)
            .sort();
          // The real queue, watched; what its consumer then does is that consumer's tests' business.
          const sendBatch = vi.spyOn(env.WEBHOOKS, 'sendBatch');
          const queue = env.WEBHOOKS as AttemptQueue;
          await createDeliveries(db, queue, event);
          await createDeliveries(db, queue, event); // the event delivered again (at least once)
          const sent = sendBatch.mock.calls.flatMap(([messages]) =>
            [...messages].map((m) => (m.body as { deliveryId: string }).deliveryId),
          );
          sendBatch.mockRestore();
          const { results } = await env.DB.prepare(
            'SELECT id, endpoint_id FROM webhook_deliveries WHERE event_id = ? ORDER BY endpoint_id',
          )
            .bind(event.id)
            .all<{ id: string; endpoint_id: string }>();
          expect(results.map((r) => r.endpoint_id)).toEqual(expected);
          // Every delivery has a message; a second handling re-sends only unattempted ones (harmless: claimed).
          expect(new Set(sent)).toEqual(new Set(results.map((r) => r.id)));
        },
      ),
      { numRuns: 100 },
    );
    receiver.restore();
  }, 300_000);
});
