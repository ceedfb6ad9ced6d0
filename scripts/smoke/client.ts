// The smoke suite's HTTP client: JSON in and out, a timeout per request, and the version-override header when pinned.

/** A step's expectation that did not hold; its message is the whole report line. */
export class SmokeFailure extends Error {
  override name = 'SmokeFailure';
}

export interface Reply {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  json: unknown;
}

export interface CallOptions {
  body?: unknown;
  token?: string | undefined;
  headers?: Record<string, string>;
}

export interface Client {
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
}

export interface ClientOptions {
  baseUrl: string;
  /** Pins every request to this Worker version (Cloudflare-Workers-Version-Overrides). */
  versionId?: string;
  /** The Worker's name, the override header's key; required with versionId. */
  workerName?: string;
  /** Extra headers on every request (tests use a client IP of their own). */
  headers?: Record<string, string>;
  /** Per request; a slow answer fails the step rather than hanging the pipeline. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

// RFC 8941 dictionary key (lower-case) and the version ID as Cloudflare issues it (a UUID).
const WORKER_NAME = /^[a-z*][a-z0-9_.*-]*$/;
const VERSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `Cloudflare-Workers-Version-Overrides: <worker>="<version>"`, a structured-field dictionary whose key is the
 * Worker's name and whose value is a string. Refuses what would make an invalid dictionary, since Cloudflare
 * ignores an invalid header silently and the request would reach whatever version the percentages pick.
 */
export function versionOverride(workerName: string, versionId: string): string {
  if (!WORKER_NAME.test(workerName)) {
    throw new Error(`worker name ${JSON.stringify(workerName)} is not a valid header dictionary key`);
  }
  if (!VERSION_ID.test(versionId)) throw new Error(`version ID ${JSON.stringify(versionId)} is not a UUID`);
  return `${workerName}="${versionId}"`;
}

export function createClient(options: ClientOptions): Client {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(`base URL must be http(s): ${options.baseUrl}`);
  }
  const fixed: Record<string, string> = { 'User-Agent': 'doorman-smoke', ...options.headers };
  if (options.versionId) {
    if (!options.workerName) throw new Error('--version-id needs the Worker name (--worker-name or --env)');
    fixed['Cloudflare-Workers-Version-Overrides'] = versionOverride(options.workerName, options.versionId);
  }
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  return {
    async call(method, path, { body, token, headers } = {}) {
      const request: Record<string, string> = { ...fixed, ...headers };
      if (body !== undefined) request['Content-Type'] = 'application/json';
      if (token) request.Authorization = `Bearer ${token}`;
      let res: Response;
      try {
        res = await doFetch(new URL(path, base), {
          method,
          headers: request,
          body: body === undefined ? undefined : JSON.stringify(body),
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new SmokeFailure(`${method} ${path}: no answer (${why})`);
      }
      const text = await res.text();
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { method, path, status: res.status, headers: res.headers, json };
    },
  };
}
