// Compression benchmark: workerd encoding a plain body itself (Content-Encoding set) vs CompressionStream in JS.
// Run: WRANGLER_SEND_METRICS=false npx node bench/compression.mjs [requests per case and round, default 1000]
// Serves a tiny Worker with Miniflare on 127.0.0.1 only, reads raw bytes with node:http (no auto-decoding),
// checks every answer decodes to the original body, and reports wire size, throughput and workerd CPU time.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';

const REQUESTS = Math.min(Math.max(Number(process.argv[2] ?? 1000), 20), 5000);
const ROUNDS = 3;
const CONCURRENCY = 4;
const SIZES = [4 * 1024, 32 * 1024, 256 * 1024];

// The Worker: a JSON list of building-like items of roughly the asked size, encoded as the path says.
const script = `
const bodies = new Map();
function body(size) {
  let text = bodies.get(size);
  if (text) return text;
  const items = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const item = { id: '0193' + String(i).padStart(4, '0') + '-7c1e-7000-8000-00000000' + String(i % 10000).padStart(4, '0'),
      name: 'Building ' + i + ' on Herzl street', address: { line1: String(i) + ' Herzl St', city: ['Tel Aviv', 'Haifa', 'Jerusalem'][i % 3], country: 'IL' },
      timeZone: 'Asia/Jerusalem', monthlyDues: { amount: 45000 + i, currency: 'ILS', formatted: (450 + i) + '.00 ₪' }, role: i % 2 ? 'manager' : 'member',
      createdAt: new Date(1767225600000 + i * 60000).toISOString() };
    length += JSON.stringify(item).length + 1;
    items.push(item);
  }
  text = JSON.stringify({ data: items, page: { limit: items.length, nextCursor: null } });
  bodies.set(size, text);
  return text;
}
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const [, mode, size] = url.pathname.split('/');
    const text = body(Number(size));
    const headers = { 'Content-Type': 'application/json', 'X-Body-Length': String(new TextEncoder().encode(text).byteLength) };
    switch (mode) {
      case 'identity':
        return new Response(text, { headers });
      case 'runtime-gzip':
        return new Response(text, { headers: { ...headers, 'Content-Encoding': 'gzip' } });
      case 'runtime-br':
        return new Response(text, { headers: { ...headers, 'Content-Encoding': 'br' } });
      case 'stream-gzip':
        return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip')), {
          headers: { ...headers, 'Content-Encoding': 'gzip' }, encodeBody: 'manual' });
      case 'stream-brotli':
        try {
          return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('brotli')), {
            headers: { ...headers, 'Content-Encoding': 'br' }, encodeBody: 'manual' });
        } catch (error) {
          return new Response(String(error), { status: 501, headers: { 'Content-Type': 'text/plain' } });
        }
      default:
        return new Response('unknown mode', { status: 404 });
    }
  },
};`;

// Each case: the client's Accept-Encoding matches the coding asked for, so Miniflare's edge imitation
// (which re-encodes compressible types to the client's preferred coding) passes the answer through unchanged.
const CASES = [
  { mode: 'identity', acceptEncoding: 'identity' },
  { mode: 'runtime-gzip', acceptEncoding: 'gzip' },
  { mode: 'stream-gzip', acceptEncoding: 'gzip' },
  { mode: 'runtime-br', acceptEncoding: 'br' },
];

/** User + system CPU seconds of every workerd process that this process started. */
function workerdCpuSeconds() {
  let pids;
  try {
    pids = execFileSync('pgrep', ['-P', String(process.pid), '-x', 'workerd'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return Number.NaN;
  }
  const ticks = 100; // USER_HZ on Linux
  return pids.reduce((sum, pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) / ticks;
  }, 0);
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function fetchRaw(url, acceptEncoding) {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    }).on('error', reject);
  });
}

function decode(response) {
  const coding = response.headers['content-encoding'];
  if (coding === 'gzip') return gunzipSync(response.body);
  if (coding === 'br') return brotliDecompressSync(response.body);
  return response.body;
}

async function run(url, acceptEncoding, count) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const res = await fetchRaw(url, acceptEncoding);
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.body}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

const mf = new Miniflare({
  host: '127.0.0.1',
  port: 0,
  workers: [
    {
      config: {
        name: 'compression-bench',
        compatibilityDate: '2026-11-01',
        compatibilityFlags: ['nodejs_compat'],
        manifest: { mainModule: 'index.js', modules: { 'index.js': { type: 'esm', contents: script } } },
      },
    },
  ],
});

try {
  const base = await mf.ready;
  const brotliStream = await fetchRaw(new URL('/stream-brotli/4096', base), 'br');
  console.log(
    `CompressionStream('brotli') in workerd: ${brotliStream.status === 501 ? `unsupported (${decode(brotliStream)})` : 'supported'}`,
  );
  console.log(
    `${REQUESTS} requests per case and round, ${CONCURRENCY} at a time, median of ${ROUNDS} interleaved rounds\n`,
  );
  const results = new Map();
  for (const size of SIZES) {
    for (const { mode, acceptEncoding } of CASES) {
      const url = new URL(`/${mode}/${size}`, base);
      const sample = await fetchRaw(url, acceptEncoding);
      const expected = Number(sample.headers['x-body-length']);
      const decoded = decode(sample);
      const coding = sample.headers['content-encoding'] ?? 'identity';
      if (decoded.length !== expected || !decoded.toString('utf8').startsWith('{"data":[')) {
        throw new Error(`${mode}/${size}: decoded ${decoded.length} bytes, expected ${expected}`);
      }
      if (mode !== 'identity' && coding !== acceptEncoding) throw new Error(`${mode}: got ${coding}`);
      await run(url, acceptEncoding, Math.min(100, REQUESTS)); // warm-up
      results.set(`${size}/${mode}`, { expected, coding, wire: sample.body.length, rates: [], cpus: [] });
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const size of SIZES) {
      for (const { mode, acceptEncoding } of CASES) {
        const result = results.get(`${size}/${mode}`);
        const cpuBefore = workerdCpuSeconds();
        const started = performance.now();
        await run(new URL(`/${mode}/${size}`, base), acceptEncoding, REQUESTS);
        const seconds = (performance.now() - started) / 1000;
        result.rates.push(REQUESTS / seconds);
        result.cpus.push(((workerdCpuSeconds() - cpuBefore) * 1000) / REQUESTS);
      }
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log('| body | mode | wire bytes | requests/s | workerd CPU ms/request |');
  console.log('| ---: | --- | ---: | ---: | ---: |');
  for (const size of SIZES) {
    for (const { mode } of CASES) {
      const r = results.get(`${size}/${mode}`);
      const cpu = median(r.cpus);
      console.log(
        `| ${(r.expected / 1024).toFixed(1)} KiB | ${mode} (${r.coding}) | ${r.wire} | ${median(r.rates).toFixed(0)} | ${Number.isNaN(cpu) ? 'n/a' : cpu.toFixed(3)} |`,
      );
    }
  }
} finally {
  agent.destroy();
  await mf.dispose();
}
