// A small node:http client for seeding and sampling: lets the bench set Host (which bench Worker answers), sends
// JSON, parses JSON answers, and gives up after a timeout.
import http from 'node:http';

/** One request to `origin` (http://127.0.0.1:port); resolves to { status, headers, json, text }. */
export function call(origin, { method = 'GET', path, host, token, body, timeoutMs = 15_000 }) {
  const url = new URL(path, origin);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers = { Accept: 'application/json' };
  if (host) headers.Host = host;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (payload)
    Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': payload.length });
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json, text });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** D1 queries and KV hits/misses of one response, from its `Server-Timing` header (src/platform/metrics.ts). */
export function serverTiming(headers) {
  const value = String(headers['server-timing'] ?? '');
  const queries = /db;[^,]*desc="(\d+) quer/.exec(value);
  const cache = /cache;[^,]*desc="(\d+) hit (\d+) miss/.exec(value);
  return {
    present: value !== '',
    queries: queries ? Number(queries[1]) : 0,
    hits: cache ? Number(cache[1]) : 0,
    misses: cache ? Number(cache[2]) : 0,
  };
}
