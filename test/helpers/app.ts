// Drives the app inside workerd with the real local bindings.
import { env } from 'cloudflare:workers';
import { createApp } from '../../src/app';
import type { Bindings } from '../../src/env';

export const BASE = 'http://localhost';

/** A fresh app (so a test may add routes of its own) bound to the test's real bindings. */
export function testApp() {
  return createApp();
}

export function call(
  app: ReturnType<typeof createApp>,
  path: string,
  init?: RequestInit,
  bindings: Bindings = env,
): Promise<Response> {
  return Promise.resolve(app.request(`${BASE}${path}`, init, bindings));
}

export async function problemOf(response: Response): Promise<Record<string, unknown>> {
  if (!response.headers.get('Content-Type')?.startsWith('application/problem+json')) {
    throw new Error(
      `expected problem+json, got ${response.headers.get('Content-Type')} (${response.status})`,
    );
  }
  return (await response.json()) as Record<string, unknown>;
}
