// The realtime subscriber of the domain-events spine: building events reach the building's sockets and streams.

import { CLOSE } from '../../../durable-objects/building-room/protocol';
import type { Bindings } from '../../env';
import type { DomainEvent, EventType, Subscriber } from '../events';
import { buildingRoom } from './service';

/** What members see live: every announcement, maintenance and membership change of their building. */
export const REALTIME_EVENT_TYPES = [
  'announcement.created',
  'announcement.updated',
  'announcement.deleted',
  'maintenance_request.created',
  'maintenance_request.updated',
  'maintenance_request.status_changed',
  'maintenance_request.deleted',
  'member.joined',
  'member.left',
  'member.role_changed',
] as const satisfies readonly EventType[];

/**
 * Broadcasts to the building room with the event's id (the object sends a re-delivered event once, and clients
 * de-duplicate by it) and its request id. `member.left` then closes that user's sockets with 4403: they no longer
 * belong. Throwing retries this subscriber alone; the write that raised the event has long been answered.
 */
export async function deliver(event: DomainEvent, env: Bindings): Promise<void> {
  if (event.buildingId === null) return;
  const room = buildingRoom(env, event.buildingId);
  await room.broadcast('building', event.type, event.data, { eventId: event.id, requestId: event.requestId });
  if (event.type === 'member.left') {
    const { userId } = event.data as DomainEvent<'member.left'>['data'];
    await room.disconnectUser(userId, CLOSE.removed, 'removed from the building');
  }
}

export const realtimeSubscriber: Subscriber = {
  name: 'realtime',
  types: REALTIME_EVENT_TYPES,
  handle: deliver,
};
