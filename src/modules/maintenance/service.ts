// Maintenance request use cases: open, read, edit while open, move through the status machine, soft delete.
import { and, asc, count, eq, gt, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../platform/database';
import { newId, UUID_PATTERN } from '../../platform/ids';
import { type Page, type PageQuery, readPage } from '../../platform/paging';
import { Problem } from '../../platform/problems';
import { users } from '../auth/tables';
import { commit, newEvent, raise } from '../events';
import type {
  CreateMaintenanceRequestInput,
  MaintenanceRequest,
  UpdateMaintenanceRequestInput,
} from './schema';
import { type MaintenanceStatus, maintenanceRequests } from './tables';

/** Where each status may go next; the terminal ones go nowhere. */
export const TRANSITIONS: Readonly<Record<MaintenanceStatus, readonly MaintenanceStatus[]>> = {
  open: ['in_progress', 'rejected'],
  in_progress: ['resolved', 'rejected'],
  resolved: [],
  rejected: [],
};

export const canTransition = (from: MaintenanceStatus, to: MaintenanceStatus): boolean =>
  TRANSITIONS[from].includes(to);

const invalidTransition = (from: MaintenanceStatus, to: MaintenanceStatus) =>
  new Problem('invalid_transition', { params: { from, to }, extensions: { from, to } });

/** Who acts: their id and their standing in the building (admins act as managers). */
export interface Actor {
  id: string;
  role: 'manager' | 'resident' | 'admin';
}

const manages = (actor: Actor): boolean => actor.role !== 'resident';

/** A write that finds no version to change, this many times in a row, gives up (only under extreme contention). */
const MAX_WRITE_ATTEMPTS = 5;

/** A request joined with its opener's name: everything its representation needs, in one row. */
export interface MaintenanceRow {
  id: string;
  buildingId: string;
  title: string;
  description: string;
  status: MaintenanceStatus;
  openedBy: string;
  openerName: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

const columns = {
  id: maintenanceRequests.id,
  buildingId: maintenanceRequests.buildingId,
  title: maintenanceRequests.title,
  description: maintenanceRequests.description,
  status: maintenanceRequests.status,
  openedBy: maintenanceRequests.openedBy,
  openerName: users.name,
  createdAt: maintenanceRequests.createdAt,
  updatedAt: maintenanceRequests.updatedAt,
  version: maintenanceRequests.version,
};

export const toMaintenanceRequest = (row: MaintenanceRow): MaintenanceRequest => ({
  id: row.id,
  buildingId: row.buildingId,
  title: row.title,
  description: row.description,
  status: row.status,
  openedBy: { id: row.openedBy, name: row.openerName },
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  version: row.version,
});

/** The cursor scope: bound to the building and the filter, so a cursor cannot wander to another list. */
export const listScope = (buildingId: string, status: MaintenanceStatus | undefined): string =>
  `maintenance-requests:${buildingId}:${status ?? '*'}`;

const live = (buildingId: string): SQL | undefined =>
  and(eq(maintenanceRequests.buildingId, buildingId), isNull(maintenanceRequests.deletedAt));

const one = (buildingId: string, requestId: string): SQL | undefined =>
  and(live(buildingId), eq(maintenanceRequests.id, requestId));

const versionIn = (ifMatch: readonly number[] | undefined): SQL | undefined =>
  ifMatch === undefined ? undefined : inArray(maintenanceRequests.version, [...ifMatch]);

const withOpener = (db: Database) =>
  db.select(columns).from(maintenanceRequests).innerJoin(users, eq(users.id, maintenanceRequests.openedBy));

/**
 * One page, oldest first (the order a queue of work is done in), optionally one status only. Openers come
 * from the same query; (building_id, id) and (building_id, status, id) serve both orders without a sort.
 */
export async function listMaintenanceRequests(
  db: Database,
  buildingId: string,
  query: PageQuery & { status?: MaintenanceStatus | undefined },
  cursorSecret: string,
): Promise<Page<MaintenanceRequest>> {
  const filter = and(
    live(buildingId),
    query.status === undefined ? undefined : eq(maintenanceRequests.status, query.status),
  );
  const page = await readPage<MaintenanceRow>(
    query,
    {
      keyset: (after, limit) =>
        withOpener(db)
          .where(after === undefined ? filter : and(filter, gt(maintenanceRequests.id, after)))
          .orderBy(asc(maintenanceRequests.id))
          .limit(limit),
      offset: async (offset, limit) => {
        const [rows, totals] = await db.batch([
          withOpener(db).where(filter).orderBy(asc(maintenanceRequests.id)).limit(limit).offset(offset),
          db.select({ total: count() }).from(maintenanceRequests).where(filter),
        ]);
        return { rows, total: totals[0]?.total ?? 0 };
      },
      key: (row) => row.id,
    },
    { secret: cursorSecret, scope: listScope(buildingId, query.status) },
  );
  return { data: page.data.map(toMaintenanceRequest), page: page.page };
}

async function findRow(db: Database, buildingId: string, requestId: string): Promise<MaintenanceRow> {
  if (!UUID_PATTERN.test(requestId)) throw new Problem('not_found');
  const [row] = await withOpener(db).where(one(buildingId, requestId)).limit(1);
  if (!row) throw new Problem('not_found');
  return row;
}

/** A live request of this building; another building's id, or a deleted one, is 404. */
export async function getMaintenanceRequest(
  db: Database,
  buildingId: string,
  requestId: string,
): Promise<MaintenanceRequest> {
  return toMaintenanceRequest(await findRow(db, buildingId, requestId));
}

/** Opens it (status `open`); `maintenance_request.created` is raised in the same batch. */
export async function openMaintenanceRequest(
  db: Database,
  args: { buildingId: string; openedBy: string; input: CreateMaintenanceRequestInput; now?: Date },
): Promise<MaintenanceRequest> {
  const now = args.now ?? new Date();
  const [opener] = await db
    .select({ name: users.name })
    .from(users)
    .where(eq(users.id, args.openedBy))
    .limit(1);
  const row: MaintenanceRow = {
    id: newId(),
    buildingId: args.buildingId,
    openedBy: args.openedBy,
    openerName: opener?.name ?? '',
    title: args.input.title,
    description: args.input.description,
    status: 'open',
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const request = toMaintenanceRequest(row);
  const { openerName: _name, ...stored } = row;
  await commit(db, [
    db.insert(maintenanceRequests).values(stored),
    raise(newEvent('maintenance_request.created', args.buildingId, request, now)),
  ]);
  return request;
}

/**
 * Why a guarded write changed nothing, decided on a fresh read: gone (404), a stale `If-Match` (412), or
 * the status moved meanwhile: 409, `invalid_transition` when the move is not allowed from the new status.
 */
async function missedWrite(
  db: Database,
  args: { buildingId: string; requestId: string; ifMatch?: readonly number[] | undefined },
  seen: MaintenanceRow | undefined,
  target: MaintenanceStatus | undefined,
): Promise<never> {
  const now = await findRow(db, args.buildingId, args.requestId);
  if (args.ifMatch && !args.ifMatch.includes(now.version)) throw new Problem('precondition_failed');
  if (target !== undefined && !canTransition(now.status, target)) throw invalidTransition(now.status, target);
  if (seen !== undefined && seen.status !== now.status) throw new Problem('conflict');
  throw new Problem('precondition_failed');
}

/**
 * Managers change `status`; the opener changes `title` and `description` while the request is open.
 * The write is guarded by the status it was decided on (and the `If-Match` versions), so of two racing
 * moves from the same status only one applies.
 */
export async function updateMaintenanceRequest(
  db: Database,
  args: {
    buildingId: string;
    requestId: string;
    actor: Actor;
    changes: UpdateMaintenanceRequestInput;
    ifMatch?: readonly number[] | undefined;
    now?: Date;
  },
): Promise<MaintenanceRequest> {
  const { changes, actor } = args;
  const now = args.now ?? new Date();
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt += 1) {
    const current = await findRow(db, args.buildingId, args.requestId);
    const editsText = changes.title !== undefined || changes.description !== undefined;
    if (changes.status !== undefined && !manages(actor)) throw new Problem('forbidden');
    if (editsText && current.openedBy !== actor.id) throw new Problem('forbidden');
    if (args.ifMatch && !args.ifMatch.includes(current.version)) throw new Problem('precondition_failed');
    if (changes.status !== undefined && !canTransition(current.status, changes.status)) {
      throw invalidTransition(current.status, changes.status);
    }
    // The text is the opener's account of the problem: fixed once work has started.
    if (editsText && current.status !== 'open') throw new Problem('conflict');

    const next = toMaintenanceRequest({
      ...current,
      title: changes.title ?? current.title,
      description: changes.description ?? current.description,
      status: changes.status ?? current.status,
      updatedAt: now,
      version: current.version + 1,
    });
    // One event per write: a status move (with or without text edits) is `status_changed`.
    const event =
      next.status === current.status
        ? newEvent('maintenance_request.updated', args.buildingId, next, now)
        : newEvent(
            'maintenance_request.status_changed',
            args.buildingId,
            { ...next, previousStatus: current.status },
            now,
          );
    // Guarded by the version it was decided on, so the event carries exactly the state written, and of two
    // racing moves from the same status only one applies.
    const { raised } = await commit(db, [
      db
        .update(maintenanceRequests)
        .set({
          title: next.title,
          description: next.description,
          status: next.status,
          updatedAt: now,
          version: next.version,
        })
        .where(and(one(args.buildingId, args.requestId), eq(maintenanceRequests.version, current.version))),
      raise(event, { ifChanged: true }),
    ]);
    if (raised.length > 0) return next;
    // Lost a race. Another status: the move was decided on a state that is gone (409 / invalid_transition).
    // The same status (a text edit won): decide again on the fresh state.
    const fresh = await findRow(db, args.buildingId, args.requestId);
    if (fresh.status !== current.status) return missedWrite(db, args, current, changes.status);
  }
  return missedWrite(db, args, undefined, changes.status);
}

/** A manager or the opener removes a request (soft delete: the tombstone stays for offline sync). */
export async function deleteMaintenanceRequest(
  db: Database,
  args: {
    buildingId: string;
    requestId: string;
    actor: Actor;
    ifMatch?: readonly number[] | undefined;
    now?: Date;
  },
): Promise<void> {
  const current = await findRow(db, args.buildingId, args.requestId);
  if (!manages(args.actor) && current.openedBy !== args.actor.id) throw new Problem('forbidden');
  if (args.ifMatch && !args.ifMatch.includes(current.version)) throw new Problem('precondition_failed');
  const now = args.now ?? new Date();
  const { raised } = await commit(db, [
    db
      .update(maintenanceRequests)
      .set({ deletedAt: now, updatedAt: now, version: sql`${maintenanceRequests.version} + 1` })
      .where(and(one(args.buildingId, args.requestId), versionIn(args.ifMatch))),
    raise(newEvent('maintenance_request.deleted', args.buildingId, { id: args.requestId }, now), {
      ifChanged: true,
    }),
  ]);
  if (raised.length === 0) await missedWrite(db, args, undefined, undefined);
}
