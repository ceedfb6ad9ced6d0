// Test support for the cache: a request context with fresh metrics, a clock the test moves, unique names.
import { runWithContext } from '../context';
import { RequestMetrics } from '../metrics';

/** Runs `work` as one request and returns what it did to that request's metrics. */
export async function inRequest<T>(work: () => Promise<T>): Promise<{ result: T; metrics: RequestMetrics }> {
  const metrics = new RequestMetrics();
  const result = await runWithContext(
    { requestId: 'cache-test-0001', method: 'GET', path: '/', startedAt: 0, metrics, language: 'en' },
    work,
  );
  return { result, metrics };
}

/** Epoch ms that only moves when the test says so. */
export class FakeClock {
  private current: number;

  constructor(start = Date.now()) {
    this.current = start;
  }

  readonly now = (): number => this.current;

  advance(ms: number): void {
    this.current += ms;
  }
}

/** Storage is shared by the tests of one file, so every test uses namespaces of its own. */
export const uniqueNamespace = (prefix = 'test'): string => `${prefix}:${crypto.randomUUID()}`;

/** Collects the cache's background work so a test can wait for it instead of sleeping. */
export class DeferredWork {
  private readonly pending: Promise<unknown>[] = [];

  readonly defer = (work: Promise<unknown>): void => {
    this.pending.push(work);
  };

  get count(): number {
    return this.pending.length;
  }

  async settle(): Promise<void> {
    await Promise.all(this.pending.splice(0));
  }
}

/** A promise the test resolves or rejects when it chooses. */
export function gate<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}
