// Field selection (`?fields=id,name,address.city`): the selectable dot paths of a response schema, and the projection.
import type { RouteConfig } from '@hono/zod-openapi';
import type { z } from 'zod';

export interface FieldSelectionSpec {
  /** The dot paths a client may name, in the schema's declaration order. */
  allowed: readonly string[];
  /** The answer is a page `{ data: [...], page }`: selection applies to each item of `data`; the rest stays. */
  list: boolean;
}

type Schema = z.core.$ZodType;
type Def = z.core.$ZodTypes['_zod']['def'];

/** Deep enough for any real response; stops recursive (lazy) schemas. */
const MAX_DEPTH = 8;

const defOf = (schema: Schema): Def => (schema as z.core.$ZodTypes)._zod.def;

const isZodSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && '_zod' in value;

/** The schema under optional/nullable/default/readonly/catch/lazy wrappers, and a pipe's output. */
function unwrap(schema: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 32; i++) {
    const def = defOf(current);
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        current = def.innerType;
        break;
      case 'lazy':
        current = def.getter();
        break;
      case 'pipe':
        // A transform's output has no shape: describe what goes in.
        current = defOf(def.out).type === 'transform' ? def.in : def.out;
        break;
      default:
        return current;
    }
  }
  return current;
}

/** An object whose unknown keys are allowed (catchall other than never) is opaque, like a record. */
const isOpaqueObject = (def: z.core.$ZodObjectDef): boolean =>
  def.catchall !== undefined && defOf(def.catchall).type !== 'never';

function collect(schema: Schema, prefix: string, depth: number, out: Set<string>): void {
  if (depth > MAX_DEPTH) return;
  const def = defOf(unwrap(schema));
  switch (def.type) {
    case 'object': {
      if (isOpaqueObject(def)) return;
      for (const [key, child] of Object.entries(def.shape)) {
        const path = prefix === '' ? key : `${prefix}.${key}`;
        out.add(path);
        collect(child, path, depth + 1, out);
      }
      return;
    }
    case 'array':
      // A path through a list selects within each of its items.
      collect(def.element, prefix, depth + 1, out);
      return;
    case 'union':
      for (const option of def.options) collect(option, prefix, depth + 1, out);
      return;
    case 'intersection':
      collect(def.left, prefix, depth + 1, out);
      collect(def.right, prefix, depth + 1, out);
      return;
    default:
      // Scalars, records, maps, tuples: selectable as a whole, nothing below.
      return;
  }
}

/** The selectable dot paths of an object schema: every property, and the properties of nested objects. */
export function fieldPaths(schema: Schema): string[] {
  const out = new Set<string>();
  const root = defOf(unwrap(schema));
  if (root.type === 'object' || root.type === 'union' || root.type === 'intersection')
    collect(schema, '', 0, out);
  return [...out];
}

/** The item schema when `schema` is a page `{ data: array(item), page }`, else undefined. */
function pageItem(schema: Schema): Schema | undefined {
  const def = defOf(unwrap(schema));
  if (def.type !== 'object' || !('data' in def.shape) || !('page' in def.shape)) return undefined;
  const data = def.shape.data;
  if (data === undefined) return undefined;
  const dataDef = defOf(unwrap(data));
  return dataDef.type === 'array' ? dataDef.element : undefined;
}

/**
 * What `?fields=` may select for a route, from its declared 200 (else 201) JSON response schema; undefined when
 * the route has no JSON object answer to select from. Computed once, at definition time, from the schema (never
 * from data, so an empty list or a missing optional field changes nothing).
 */
export function selectableFields(responses: RouteConfig['responses']): FieldSelectionSpec | undefined {
  const response = responses['200'] ?? responses['201'];
  if (response === undefined || !('content' in response)) return undefined;
  const media = response.content?.['application/json'];
  const schema: unknown = media === undefined || '$ref' in media ? undefined : media.schema;
  if (!isZodSchema(schema)) return undefined;
  const item = pageItem(schema);
  const allowed = item === undefined ? fieldPaths(schema) : fieldPaths(item);
  return allowed.length === 0 ? undefined : { allowed, list: item !== undefined };
}

export type ParsedFields = { ok: true; paths: string[] } | { ok: false; unknown: string[] };

/**
 * The paths named by one or more `fields` values (comma-separated; repeated parameters add up). Empty names are
 * ignored, so `?fields=` selects nothing and changes nothing. Unknown names are listed once each.
 */
export function parseFields(values: readonly string[], allowed: ReadonlySet<string>): ParsedFields {
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim());
  const paths = [...new Set(names.filter((name) => name !== ''))];
  const unknown = paths.filter((name) => !allowed.has(name));
  return unknown.length > 0 ? { ok: false, unknown } : { ok: true, paths };
}

/** Selected paths as a tree: `true` keeps the whole value; a map keeps only those keys below. */
type Tree = Map<string, Tree | true>;

function toTree(paths: readonly string[]): Tree {
  const root: Tree = new Map();
  for (const path of paths) {
    const keys = path.split('.');
    let node = root;
    for (const [index, key] of keys.entries()) {
      const existing = node.get(key);
      if (existing === true) break; // an ancestor is already kept whole
      if (index === keys.length - 1) {
        node.set(key, true);
        break;
      }
      const child: Tree = existing ?? new Map();
      node.set(key, child);
      node = child;
    }
  }
  return root;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function project(value: unknown, tree: Tree): unknown {
  if (Array.isArray(value)) return value.map((item) => project(item, tree));
  if (!isRecord(value)) return value; // null, or a scalar where an object was declared: kept as it is
  const out: Record<string, unknown> = {};
  // The answer's own key order, so equal selections serialise (and tag) identically.
  for (const [key, child] of Object.entries(value)) {
    const node = tree.get(key);
    if (node === undefined) continue;
    Object.defineProperty(out, key, {
      value: node === true ? child : project(child, node),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Keeps only the selected paths of an item (or of each item of a page's `data`, leaving the rest of the page). */
export function selectFields(body: unknown, spec: FieldSelectionSpec, paths: readonly string[]): unknown {
  const tree = toTree(paths);
  if (spec.list && isRecord(body) && Array.isArray(body.data)) {
    return { ...body, data: body.data.map((item: unknown) => project(item, tree)) };
  }
  return project(body, tree);
}
