// EXPLAIN QUERY PLAN on the real local D1: proves a hot query uses an index instead of scanning a table.
import { env } from 'cloudflare:workers';

export interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

export async function queryPlan(sql: string, params: unknown[] = []): Promise<PlanRow[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<PlanRow>();
  return results;
}

/** The plan steps that read a whole table (`SCAN t` without an index); empty when the query is indexed. */
export async function fullScans(sql: string, params: unknown[] = []): Promise<string[]> {
  const plan = await queryPlan(sql, params);
  return plan
    .map((row) => row.detail)
    .filter((detail) => /^SCAN /.test(detail) && !/USING (COVERING )?INDEX/.test(detail));
}
