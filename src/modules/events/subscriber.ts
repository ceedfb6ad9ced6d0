// What a subscriber is: a name, the event types it wants, and an idempotent handler.
import type { Bindings } from '../../env';
import type { EventType } from './catalogue';
import type { DomainEvent } from './envelope';

export interface Subscriber {
  /** Stable and unique: receipts, retries and recorded failures are keyed by it. Kebab-case. */
  readonly name: string;
  /** The types it receives; `*` for every type. */
  readonly types: readonly EventType[] | '*';
  /**
   * Acts on one event. Throwing retries this subscriber alone, with backoff, and finally records a failure.
   * Delivery is at least once: the consumer skips events this subscriber already handled (receipts), but a
   * crash between handling and the receipt can still repeat one, so act idempotently by `event.id`.
   */
  handle(event: DomainEvent, env: Bindings): Promise<void>;
}

export const wants = (subscriber: Subscriber, event: DomainEvent): boolean =>
  subscriber.types === '*' || subscriber.types.includes(event.type);
