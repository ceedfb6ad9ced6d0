import { env } from 'cloudflare:workers';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { eventRow } from '../../../test/helpers/events';
import { insertBuilding } from '../../../test/helpers/fixtures';
import { createUser } from '../../../test/helpers/users';
import { database } from '../../platform/database';
import { buildings } from '../buildings/tables';
import { commit, newEvent, raise } from './outbox';

const db = () => database(env.DB);

async function building() {
  const user = await createUser({ name: 'Owner' });
  return insertBuilding(user.id);
}

describe('outbox: commit()', () => {
  it('writes the event in the same batch as the write, with the envelope of the contract', async () => {
    const id = await building();
    const event = newEvent('building.deleted', id, { id });
    const { raised } = await commit(db(), [
      db().update(buildings).set({ name: 'Renamed' }).where(eq(buildings.id, id)),
      raise(event),
    ]);
    expect(raised.map((e) => e.id)).toEqual([event.id]);
    const row = await eventRow(event.id);
    expect(row).toMatchObject({ type: 'building.deleted', building_id: id, data: JSON.stringify({ id }) });
    expect(new Date(row?.occurred_at ?? 0).toISOString()).toBe(event.occurredAt);
  });

  it('leaves no event when the batch fails, and no write either', async () => {
    const id = await building();
    const event = newEvent('building.deleted', id, { id });
    const failing = commit(db(), [
      db().update(buildings).set({ name: 'Never' }).where(eq(buildings.id, id)),
      raise(event),
      db().run(sql`INSERT INTO buildings (id) VALUES (NULL)`), // violates NOT NULL: the transaction rolls back
    ]);
    await expect(failing).rejects.toThrow(/NOT NULL/);
    expect(await eventRow(event.id)).toBeNull();
    const [row] = await db().select({ name: buildings.name }).from(buildings).where(eq(buildings.id, id));
    expect(row?.name).not.toBe('Never');
  });

  it('raises an `ifChanged` event only when the statement before it changed a row', async () => {
    const id = await building();
    const missed = newEvent('building.deleted', id, { id });
    const hit = newEvent('building.deleted', id, { id });
    const { raised } = await commit(db(), [
      db().update(buildings).set({ name: 'x' }).where(eq(buildings.id, 'no-such-building')),
      raise(missed, { ifChanged: true }),
      db().update(buildings).set({ name: 'y' }).where(eq(buildings.id, id)),
      raise(hit, { ifChanged: true }),
    ]);
    expect(raised.map((e) => e.id)).toEqual([hit.id]);
    expect(await eventRow(missed.id)).toBeNull();
    expect(await eventRow(hit.id)).not.toBeNull();
  });
});
