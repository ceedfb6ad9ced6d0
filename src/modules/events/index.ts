// The domain-events spine (contract-events.md): the catalogue, raising events in a write's batch, dispatching.
export { EVENT_CATALOGUE, EVENT_TYPES, type EventData, type EventType, isEventType } from './catalogue';
export { dispatch, purgeEvents, SWEEP_AFTER_MS, sweepUndispatched } from './dispatch';
export { type DomainEvent, parseEvent } from './envelope';
export { commit, newEvent, type Prepared, prepareEvents, raise } from './outbox';
export { handledBy, recordFailure, recordHandled } from './receipts';
export { type Subscriber, wants } from './subscriber';
