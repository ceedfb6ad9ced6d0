// Idempotency module: the Idempotency-Key middleware defineRoute() puts on POST and PATCH, and the key store.
export { IDEMPOTENCY_KEY_HEADER, idempotency, withholdFromReplay } from './middleware';
export { purgeExpiredKeys } from './service';
