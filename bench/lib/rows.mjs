// The bench's rows (what each one requests, from which Worker, as whom) and how one row is probed and measured.
import { call } from './http.mjs';
import { measure } from './load.mjs';
import { BARE_HOST, NOCACHE_HOST } from './server.mjs';

const building = (tenant) => `/api/v2/buildings/${tenant.buildingId}`;

/** `tenantA` owns a building; `tenantB` owns one with 100 announcements. `cacheSwitch`: see startServer. */
export function defineRows({ tenantA, tenantB, cacheSwitch, cacheSwitches, variants = [] }) {
  const rows = [
    {
      key: 'bare',
      label: 'bare Worker GET / (no middleware)',
      bare: true,
      target: () => ({ path: '/', host: BARE_HOST }),
    },
    { key: 'health', label: 'GET /health', target: () => ({ path: '/health' }) },
    {
      key: 'building-cached',
      label: 'GET /api/v2/buildings/{id} (cached)',
      tenant: tenantA,
      target: () => ({ path: building(tenantA), token: tenantA.token }),
    },
    {
      key: 'building-uncached',
      label: 'GET /api/v2/buildings/{id} (uncached)',
      tenant: tenantA,
      na: cacheSwitch ? undefined : `pending cache layer (no ${cacheSwitches.join('/')} var in src/env.ts)`,
      target: () => ({ path: building(tenantA), host: NOCACHE_HOST, token: tenantA.token }),
    },
    {
      key: 'list-100',
      label: 'GET /api/v2/buildings/{id}/announcements?limit=100',
      tenant: tenantB,
      items: 100,
      target: () => ({ path: `${building(tenantB)}/announcements?limit=100`, token: tenantB.token }),
    },
  ];
  if (variants.length === 0) return rows;
  // Each compared row runs for every variant just before the working tree's, so drift in machine load hits all alike.
  const compared = ['health', 'building-cached', 'list-100'];
  const ordered = [];
  for (const row of rows) {
    if (compared.includes(row.key)) {
      for (const variant of variants) {
        ordered.push({
          ...row,
          label: `[${variant.label}] ${row.label}`,
          variant: variant.name,
          target: () => ({ ...row.target(), host: variant.host }),
        });
      }
    }
    ordered.push(row);
  }
  return ordered;
}

/** Probes the row once (missing route or failing seed → `row.na`), then measures it into `row.result`. */
export async function runRow(server, row, options, log) {
  if (row.na) return;
  if (row.tenant?.error) {
    row.na = `n/a (${row.tenant.error})`;
    return;
  }
  const target = row.target();
  const probe = await call(server.url, target);
  const shown = `GET ${target.path.replace(/[0-9a-f-]{36}/g, '{id}')} → ${probe.status}`;
  if (probe.status === 404 || probe.status === 405) {
    row.na = `n/a (route missing: ${shown})`;
    return;
  }
  if (probe.status < 200 || probe.status >= 300) {
    row.na = `n/a (${shown}${probe.json?.title ? ` ${probe.json.title}` : ''})`;
    return;
  }
  const items = probe.json?.data?.length;
  if (row.items && items !== row.items) row.note = `(${items ?? '?'} items)`;
  log(
    `${row.label}: ${options.warmupSeconds} s warm-up, ${options.seconds} s measured, ${options.connections} connections…`,
  );
  row.result = await measure(server, target, options);
  const st = row.result.serverTiming;
  if (row.key === 'building-cached' && st && st.hits + st.misses === 0)
    row.note = '— no cache layer yet, D1 path';
  if (row.key === 'building-uncached' && st && st.hits > 0) row.note = '— cache switch ignored? (hits seen)';
}
