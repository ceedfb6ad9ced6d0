// The realtime fan-out row: N sockets in one building, one broadcast at a time; how long until the LAST socket has
// it (p50/p99 over the broadcasts) and the workerd CPU per broadcast (the object serialising once, sending N).
import { call } from './lib/http.mjs';
import { cpuMs } from './lib/server.mjs';

const SIZES = [100, 1000];
/** Broadcasts measured per size; each comes from another socket (publishes are limited per socket). */
const BROADCASTS = { 100: 40, 1000: 20 };
const PARALLEL = 50;

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function inBatches(count, make) {
  const out = [];
  for (let start = 0; start < count; start += PARALLEL) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + PARALLEL); i++) batch.push(make(i));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

/** Opens one socket with a fresh ticket and resolves once its `welcome` came. */
async function openSocket(origin, token, buildingId) {
  const ticket = await call(origin, {
    method: 'POST',
    path: '/api/v2/realtime/tickets',
    token,
    body: { buildingId },
  });
  if (ticket.status !== 201) throw new Error(`POST /api/v2/realtime/tickets → ${ticket.status}`);
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}${ticket.json.url}`, ['doorman.v1']);
  const socket = { ws, onEvent: undefined };
  await new Promise((resolve, reject) => {
    ws.addEventListener('error', () => reject(new Error('a socket failed to open')));
    ws.addEventListener('message', (message) => {
      const frame = JSON.parse(String(message.data));
      if (frame.type === 'welcome') resolve();
      else if (frame.type === 'event') socket.onEvent?.(frame);
    });
  });
  return socket;
}

/** One broadcast from `sender`: resolves with the ms until every socket received it. */
function broadcastOnce(sockets, sender, nonce) {
  return new Promise((resolve) => {
    let waiting = sockets.length;
    const started = performance.now();
    for (const socket of sockets) {
      socket.onEvent = (frame) => {
        if (frame.data?.nonce !== nonce) return;
        socket.onEvent = undefined;
        waiting -= 1;
        if (waiting === 0) resolve(performance.now() - started);
      };
    }
    sender.ws.send(JSON.stringify({ type: 'publish', room: 'building', event: 'bench', data: { nonce } }));
  });
}

/** Runs the fan-out for each size in its own building of `tenant`'s owner; returns one result per size. */
export async function fanOut(server, tenant, log) {
  const results = [];
  for (const size of SIZES) {
    let sockets = [];
    try {
      if (tenant.error) throw new Error(tenant.error);
      log(`fan-out: opening ${size} sockets…`);
      sockets = await inBatches(size, () => openSocket(server.url, tenant.token, tenant.buildingId));
      // One broadcast to warm up, not measured.
      await broadcastOnce(sockets, sockets[0], 'warm-up');
      const count = BROADCASTS[size];
      const cpuBefore = cpuMs(server.pid);
      const times = [];
      for (let i = 0; i < count; i++) {
        times.push(await broadcastOnce(sockets, sockets[(i + 1) % sockets.length], `b${i}`));
      }
      const cpuPerBroadcast = (cpuMs(server.pid) - cpuBefore) / count;
      times.sort((a, b) => a - b);
      results.push({ size, count, p50: percentile(times, 50), p99: percentile(times, 99), cpuPerBroadcast });
    } catch (error) {
      results.push({ size, error: error instanceof Error ? error.message : String(error) });
    } finally {
      for (const socket of sockets) socket.ws.close(1000);
    }
  }
  return results;
}

/** The rows as a markdown table. */
export function fanOutTable(results) {
  const lines = [
    '| sockets | broadcasts | last socket has it: p50 ms | p99 ms | workerd CPU ms / broadcast |',
    '| ------: | ---------: | -------------------------: | -----: | -------------------------: |',
  ];
  for (const r of results) {
    lines.push(
      r.error
        ? `| ${r.size} | n/a (${r.error}) | | | |`
        : `| ${r.size.toLocaleString('en')} | ${r.count} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.cpuPerBroadcast.toFixed(2)} |`,
    );
  }
  return lines.join('\n');
}
