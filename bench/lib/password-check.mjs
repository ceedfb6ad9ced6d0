// The first password check of an isolate loads the zxcvbn dictionaries: what it costs, and the same check again.
import { call } from './http.mjs';
import { cpuMs } from './server.mjs';

const CHECK = {
  method: 'POST',
  path: '/api/v2/auth/password-strength',
  body: { password: 'Quartz-Meadow-Lantern-42' },
};

/**
 * Two password checks on the Worker behind `host`, one after the other: workerd CPU (whole process, 10 ms ticks;
 * nothing else is loading it meanwhile) and wall time of each. Afterwards that isolate holds the dictionaries, as one
 * that has served a registration does, so every Worker compared is measured in that same state.
 */
export async function passwordCheckCost(server, host) {
  const one = async () => {
    const before = cpuMs(server.pid);
    const started = performance.now();
    const res = await call(server.url, { ...CHECK, host });
    if (res.status !== 200) throw new Error(`password check on ${host ?? 'doorman'} → ${res.status}`);
    return { cpuMs: cpuMs(server.pid) - before, wallMs: performance.now() - started };
  };
  const first = await one();
  const second = await one();
  return { first, second };
}

export const formatCheck = (cost) =>
  cost
    ? `${cost.first.cpuMs.toFixed(0)} ms CPU / ${cost.first.wallMs.toFixed(0)} ms wall (then ${cost.second.cpuMs.toFixed(0)} / ${cost.second.wallMs.toFixed(0)})`
    : '–';
