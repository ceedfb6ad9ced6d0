// The test-only Rate Limiting binding (vitest.config.ts) and a guard against its wall-clock window rolling over.

/** The limit of `env.TINY_RATE_LIMIT`, per 60 s. */
export const TINY_LIMIT = 3;

/**
 * Local Rate Limiting bindings count in fixed windows aligned to the clock (every minute on the minute), so a
 * burst that straddles a minute boundary starts again from zero. Waits out the last 3 s of the minute so a
 * short burst of requests lands in one window. Give the test a timeout above 5 s.
 */
export async function awayFromWindowEdge(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 57_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 200));
}
