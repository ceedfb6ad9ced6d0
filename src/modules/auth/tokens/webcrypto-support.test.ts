// Pins the runtime facts the token module relies on, so a workerd or jose upgrade that breaks them fails here.
import { base64url, CompactSign, compactVerify, generateKeyPair, importJWK, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEV_JWT_SIGNING_KEYS } from '../../../development-keys';
import { segments } from './test-keys';

describe('workerd WebCrypto with jose', () => {
  it('generates, signs and verifies Ed25519 with plain WebCrypto', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
    if (!('privateKey' in pair)) throw new Error('expected a key pair');
    const data = new TextEncoder().encode('hello');
    const signature = await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, data);
    expect(signature.byteLength).toBe(64);
    expect(await crypto.subtle.verify({ name: 'Ed25519' }, pair.publicKey, signature, data)).toBe(true);
  });

  it('imports an Ed25519 private JWK and signs an EdDSA JWT that jose verifies', async () => {
    const [jwk] = JSON.parse(DEV_JWT_SIGNING_KEYS) as [Record<string, string>];
    const privateKey = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, 'EdDSA');
    const publicKey = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }, 'EdDSA');
    const token = await new SignJWT({ hello: 'world' }).setProtectedHeader({ alg: 'EdDSA' }).sign(privateKey);
    const { payload, protectedHeader } = await jwtVerify(token, publicKey, { algorithms: ['EdDSA'] });
    expect(payload).toEqual({ hello: 'world' });
    expect(protectedHeader.alg).toBe('EdDSA');
  });

  it('supports the fully specified "Ed25519" JWS alg as well as "EdDSA"', async () => {
    const { privateKey, publicKey } = await generateKeyPair('Ed25519');
    const jws = await new CompactSign(new TextEncoder().encode('x'))
      .setProtectedHeader({ alg: 'Ed25519' })
      .sign(privateKey);
    expect((await compactVerify(jws, publicKey)).protectedHeader.alg).toBe('Ed25519');
  });

  it('signs and verifies ES256 (P-256)', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    expect((await jwtVerify(token, publicKey)).protectedHeader.alg).toBe('ES256');
  });

  // The reason verifyAccessToken insists on canonical base64url: jose alone accepts respelled signatures.
  it('jose alone accepts a signature whose last base64url character is respelled', async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA');
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'EdDSA' }).sign(privateKey);
    const [header, payload, signature] = segments(token);
    const bytes = base64url.decode(signature);
    // 64 bytes leave 4 unused bits in the last character; setting one keeps the same bytes.
    const last = signature.at(-1) ?? '';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = `${signature.slice(0, -1)}${alphabet[alphabet.indexOf(last) + 1]}`;
    expect(base64url.decode(respelled)).toEqual(bytes);
    await expect(jwtVerify(`${header}.${payload}.${respelled}`, publicKey)).resolves.toBeDefined();
  });
});
