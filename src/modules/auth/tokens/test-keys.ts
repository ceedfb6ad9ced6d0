// Test helpers: fresh private JWKs and hand-made JWS parts, so tests never depend on one fixed key.
import { base64url, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { SigningAlgorithm } from './key-ring';

export interface PrivateJwk extends JWK {
  kid: string;
  alg: SigningAlgorithm;
}

export async function privateJwk(alg: SigningAlgorithm, kid: string): Promise<PrivateJwk> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg };
}

export const ringJson = (...keys: object[]): string => JSON.stringify(keys);

/** The public half of a private JWK, as someone might wrongly paste it from the JWKS. */
export const withoutPrivatePart = ({ d: _d, ...rest }: PrivateJwk): JWK => rest;

export const encodeJson = (value: unknown): string => base64url.encode(JSON.stringify(value));

export const decodeJson = (segment: string): Record<string, unknown> =>
  JSON.parse(new TextDecoder().decode(base64url.decode(segment))) as Record<string, unknown>;

/** Splits a compact JWS into its three segments, failing loudly on anything else. */
export function segments(token: string): [string, string, string] {
  const [header, payload, signature, ...rest] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined || rest.length > 0) {
    throw new Error(`not a compact JWS: ${token}`);
  }
  return [header, payload, signature];
}
