// Endpoint use cases: register, list, read, change, delete, rotate the secret; one scope = a building or the platform.
import { and, count, desc, eq, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../platform/database';
import { newId, UUID_PATTERN } from '../../platform/ids';
import { type Page, type PageQuery, readPage } from '../../platform/paging';
import { Problem } from '../../platform/problems';
import type { CreatedWebhook, CreateWebhookInput, UpdateWebhookInput, Webhook } from './schema';
import { generateSecret, openSecret, sealSecret } from './secrets';
import { type WebhookEndpointRow, webhookEndpoints } from './tables';
import { checkWebhookUrl } from './url-guard';

/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** Whose endpoints: a building's (managers), or the platform's (admins; `buildingId` null). */
export interface EndpointScope {
  buildingId: string | null;
}

/** What the use cases need from the configuration. */
export interface WebhookKeys {
  /** WEBHOOK_SECRET_KEY: seals signing secrets at rest. */
  sealKey: string;
  /** WEBHOOK_ALLOW_PRIVATE. */
  allowPrivate: boolean;
}

export const toWebhook = (row: WebhookEndpointRow): Webhook => ({
  id: row.id,
  buildingId: row.buildingId,
  url: row.url,
  events: JSON.parse(row.events) as string[],
  description: row.description,
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  version: row.version,
});

const inScope = (scope: EndpointScope): SQL =>
  scope.buildingId === null
    ? isNull(webhookEndpoints.buildingId)
    : eq(webhookEndpoints.buildingId, scope.buildingId);

const one = (scope: EndpointScope, id: string): SQL | undefined =>
  and(inScope(scope), eq(webhookEndpoints.id, id));

const versionIn = (ifMatch: readonly number[] | undefined): SQL | undefined =>
  ifMatch === undefined ? undefined : inArray(webhookEndpoints.version, [...ifMatch]);

/** A refused URL is a 422 naming the field and the rule, like any other invalid input. */
function safeUrl(url: string, keys: WebhookKeys): string {
  const verdict = checkWebhookUrl(url, { allowPrivate: keys.allowPrivate });
  if (verdict.ok) return verdict.url.href;
  throw new Problem('validation_failed', {
    errors: [{ path: 'url', code: 'unsafe_url', message: `url ${verdict.reason}` }],
  });
}

/** The cursor scope: a cursor of one endpoint list is refused on another. */
const listScope = (scope: EndpointScope): string => `webhooks:${scope.buildingId ?? 'platform'}`;

export async function listEndpoints(
  db: Database,
  scope: EndpointScope,
  query: PageQuery,
  cursorSecret: string,
): Promise<Page<Webhook>> {
  const page = await readPage<WebhookEndpointRow>(
    query,
    {
      keyset: (after, limit) =>
        db
          .select()
          .from(webhookEndpoints)
          .where(after === undefined ? inScope(scope) : and(inScope(scope), lt(webhookEndpoints.id, after)))
          .orderBy(desc(webhookEndpoints.id))
          .limit(limit),
      offset: async (offset, limit) => {
        const [rows, totals] = await db.batch([
          db
            .select()
            .from(webhookEndpoints)
            .where(inScope(scope))
            .orderBy(desc(webhookEndpoints.id))
            .limit(limit)
            .offset(offset),
          db.select({ total: count() }).from(webhookEndpoints).where(inScope(scope)),
        ]);
        return { rows, total: totals[0]?.total ?? 0 };
      },
      key: (row) => row.id,
    },
    { secret: cursorSecret, scope: listScope(scope) },
  );
  return { data: page.data.map(toWebhook), page: page.page };
}

/** The endpoint's row in this scope; another scope's id is 404. */
export async function findEndpoint(
  db: Database,
  scope: EndpointScope,
  id: string,
): Promise<WebhookEndpointRow> {
  if (!UUID_PATTERN.test(id)) throw new Problem('not_found');
  const [row] = await db.select().from(webhookEndpoints).where(one(scope, id)).limit(1);
  if (!row) throw new Problem('not_found');
  return row;
}

export async function createEndpoint(
  db: Database,
  args: { scope: EndpointScope; input: CreateWebhookInput; createdBy: string; keys: WebhookKeys; now?: Date },
): Promise<CreatedWebhook> {
  const url = safeUrl(args.input.url, args.keys);
  const now = args.now ?? new Date();
  const id = newId();
  const secret = generateSecret();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      id,
      buildingId: args.scope.buildingId,
      url,
      events: JSON.stringify(args.input.events),
      description: args.input.description ?? null,
      secret: await sealSecret(args.keys.sealKey, id, secret),
      createdBy: args.createdBy,
      createdAt: now,
      updatedAt: now,
      version: 1,
    })
    .returning();
  if (!row) throw new Error('webhook insert returned no row');
  return { ...toWebhook(row), secret };
}

/** Why a conditional write changed nothing: the endpoint is gone (404) or its version moved on (412). */
async function missedWrite(db: Database, scope: EndpointScope, id: string): Promise<never> {
  await findEndpoint(db, scope, id);
  throw new Problem('precondition_failed');
}

export async function updateEndpoint(
  db: Database,
  args: {
    scope: EndpointScope;
    id: string;
    changes: UpdateWebhookInput;
    ifMatch?: readonly number[];
    keys: WebhookKeys;
    now?: Date;
  },
): Promise<Webhook> {
  const current = await findEndpoint(db, args.scope, args.id);
  if (args.ifMatch && !args.ifMatch.includes(current.version)) throw new Problem('precondition_failed');
  const { url, events, description, enabled } = args.changes;
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      url: url === undefined ? undefined : safeUrl(url, args.keys),
      events: events === undefined ? undefined : JSON.stringify(events),
      description,
      enabled,
      // Re-enabling starts afresh: the reason goes, and so does the failure count that disabled it.
      ...(enabled === true ? { disabledReason: null, consecutiveFailures: 0 } : {}),
      ...(enabled === false ? { disabledReason: null } : {}),
      updatedAt: args.now ?? new Date(),
      version: sql`${webhookEndpoints.version} + 1`,
    })
    .where(and(one(args.scope, args.id), versionIn(args.ifMatch)))
    .returning();
  if (!row) return missedWrite(db, args.scope, args.id);
  return toWebhook(row);
}

/** Deletes the endpoint and, by cascade, its delivery log; a queued attempt then finds nothing and sends nothing. */
export async function deleteEndpoint(
  db: Database,
  args: { scope: EndpointScope; id: string; ifMatch?: readonly number[] },
): Promise<void> {
  if (!UUID_PATTERN.test(args.id)) throw new Problem('not_found');
  if (args.ifMatch?.length === 0) return missedWrite(db, args.scope, args.id);
  const [row] = await db
    .delete(webhookEndpoints)
    .where(and(one(args.scope, args.id), versionIn(args.ifMatch)))
    .returning({ id: webhookEndpoints.id });
  if (!row) await missedWrite(db, args.scope, args.id);
}

/** A new secret; the current one becomes the previous and keeps signing for 24 h (a second signature). */
export async function rotateSecret(
  db: Database,
  args: { scope: EndpointScope; id: string; keys: WebhookKeys; now?: Date },
): Promise<{ secret: string; previousSecretExpiresAt: string }> {
  const current = await findEndpoint(db, args.scope, args.id);
  const now = args.now ?? new Date();
  const secret = generateSecret();
  const expiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      secret: await sealSecret(args.keys.sealKey, current.id, secret),
      previousSecret: current.secret,
      previousSecretExpiresAt: expiresAt,
      updatedAt: now,
      version: sql`${webhookEndpoints.version} + 1`,
    })
    // Conditional on the secret read: of two concurrent rotations one wins, and the previous secret is always
    // the one that was current (never a secret nobody was shown).
    .where(and(one(args.scope, args.id), eq(webhookEndpoints.secret, current.secret)))
    .returning({ id: webhookEndpoints.id });
  if (!row) throw new Problem('conflict', { detail: 'The secret was rotated concurrently; try again.' });
  return { secret, previousSecretExpiresAt: expiresAt.toISOString() };
}

/** The secrets that sign now: the current one, and the previous one during its overlap. */
export async function signingSecrets(
  row: WebhookEndpointRow,
  sealKey: string,
  now: number,
): Promise<string[]> {
  const secrets = [await openSecret(sealKey, row.id, row.secret)];
  if (row.previousSecret && row.previousSecretExpiresAt && row.previousSecretExpiresAt.getTime() > now) {
    secrets.push(await openSecret(sealKey, row.id, row.previousSecret));
  }
  return secrets;
}
