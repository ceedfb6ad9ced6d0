// Per-account login throttling: many IPs against one account are stopped, delays grow and stay bounded, races are exact.
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, problemOf, testApp } from '../../../test/helpers/app';
import { jsonBody } from '../../../test/helpers/json';
import { database } from '../../platform/database';
import { newId } from '../../platform/ids';
import {
  accountKey,
  admitAttempt,
  clearAttempts,
  delayAfter,
  FREE_ATTEMPTS,
  MAX_DELAY_SECONDS,
  QUIET_RESET_MS,
} from './login-throttle';

const app = testApp();
const db = database(env.DB);
const PASSWORD = 'Quartz-Meadow-Lantern-42';
const T = Date.parse('2026-11-25T10:00:00Z');
let ipCounter = 0;
const freshIp = () => `198.51.100.${(ipCounter++ % 250) + 1}`;

const login = (email: string, password: string, ip = freshIp()) =>
  call(app, '/api/v2/auth/login', jsonBody('POST', { email, password }, { 'CF-Connecting-IP': ip }));

/** Whether `admitAttempt` lets an attempt at `now` through. */
const admitted = (key: string, now: number) =>
  admitAttempt(db, key, now).then(
    () => true,
    (error: unknown) => {
      if ((error as { code?: string }).code !== 'rate_limited') throw error;
      return false;
    },
  );

describe('per-account login throttling', () => {
  it('wrong passwords from many IPs against one account are stopped after the free attempts; the right one too, until the wait ends', async () => {
    const email = `victim-${newId()}@example.com`;
    const registered = await call(
      app,
      '/api/v2/auth/register',
      jsonBody('POST', { email, password: PASSWORD, name: 'Victim' }),
    );
    expect(registered.status).toBe(201);
    for (let i = 0; i < FREE_ATTEMPTS; i++)
      expect((await login(email, `Wrong-Guess-${i}!x`)).status).toBe(401);
    for (const password of ['Another-Guess-1!x', PASSWORD]) {
      const refused = await login(email, password);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
      expect(await problemOf(refused)).toMatchObject({ code: 'rate_limited', reason: 'account_throttled' });
    }
    // Another account is not affected.
    expect((await login(`other-${newId()}@example.com`, 'Whatever-1!x')).status).toBe(401);
  }, 60_000);

  it('an unknown email is throttled exactly like a known one (no existence leak)', async () => {
    const email = `nobody-${newId()}@example.com`;
    for (let i = 0; i < FREE_ATTEMPTS; i++) expect((await login(email, `Guess-${i}-xx!A`)).status).toBe(401);
    expect((await login(email, 'Guess-last-xx!A')).status).toBe(429);
  }, 60_000);

  it('the email is normalised: case and spaces do not give an attacker fresh counters', async () => {
    const key = await accountKey('k'.repeat(32), 'Dana@Example.com ');
    expect(key).toBe(await accountKey('k'.repeat(32), 'dana@example.com'));
    expect(key).not.toContain('dana');
  });

  it('delays grow 1, 2, 4 … seconds and never exceed the bound, and a refused attempt does not lengthen them', async () => {
    const key = newId();
    let now = T;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= FREE_ATTEMPTS + 12; attempt++) {
      expect(await admitted(key, now)).toBe(true);
      const wait = delayAfter(attempt) * 1000;
      if (wait > 0) {
        expect(await admitted(key, now + wait - 1)).toBe(false);
        expect(await admitted(key, now + wait - 1)).toBe(false);
      }
      waits.push(wait / 1000);
      now += wait;
    }
    expect(waits.slice(0, FREE_ATTEMPTS - 1)).toEqual([0, 0, 0, 0]);
    expect(waits.slice(FREE_ATTEMPTS - 1, FREE_ATTEMPTS + 4)).toEqual([1, 2, 4, 8, 16]);
    expect(Math.max(...waits)).toBe(MAX_DELAY_SECONDS);
  });

  it('a success resets the count, and so does a quiet hour', async () => {
    const key = newId();
    for (let i = 0; i < FREE_ATTEMPTS; i++) expect(await admitted(key, T)).toBe(true);
    expect(await admitted(key, T)).toBe(false);
    await clearAttempts(db, key);
    for (let i = 0; i < FREE_ATTEMPTS; i++) expect(await admitted(key, T)).toBe(true);
    expect(await admitted(key, T)).toBe(false);
    const later = T + QUIET_RESET_MS + 1;
    for (let i = 0; i < FREE_ATTEMPTS; i++) expect(await admitted(key, later)).toBe(true);
    expect(await admitted(key, later)).toBe(false);
  });

  it('property: of k concurrent attempts on one account, exactly min(k, free) are admitted (100 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), async (k) => {
        const key = newId();
        const results = await Promise.all(Array.from({ length: k }, () => admitted(key, T)));
        expect(results.filter(Boolean)).toHaveLength(Math.min(k, FREE_ATTEMPTS));
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
