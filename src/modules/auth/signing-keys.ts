// The configured access-token key ring; a broken JWT_SIGNING_KEYS is a 500 `misconfigured`, logged with its reason.
import type { Config } from '../../env';
import { Problem } from '../../platform/problems';
import { type KeyRing, KeyRingError, parseKeyRing } from './tokens';

export function signingKeys(config: Config): Promise<KeyRing> {
  return parseKeyRing(config.JWT_SIGNING_KEYS).catch((error: unknown) => {
    throw error instanceof KeyRingError ? new Problem('misconfigured', { cause: error }) : error;
  });
}
