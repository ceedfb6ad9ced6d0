// fast-check arbitraries from the OpenAPI document's JSON Schemas: plausible values, near-misses and garbage.
import fc from 'fast-check';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  format?: string;
  pattern?: string;
  example?: unknown;
  default?: unknown;
  nullable?: boolean;
}

export type Components = Record<string, JsonSchema>;

/** Any JSON value, small: the garbage a client might send instead of what the schema asks. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2 });

/** Strings that tend to break parsers and validators. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '../../etc',
    '%00',
    '😀'.repeat(3),
    'a'.repeat(300),
    '-1',
    '1e309',
    'null',
  ),
);

function resolve(schema: JsonSchema, components: Components): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref !== undefined && hops < 10; hops++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    current = components[name] ?? {};
  }
  return current;
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const examples = [schema.example, schema.default].filter((v): v is string => typeof v === 'string');
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 60));
  const byFormat: Record<string, fc.Arbitrary<string>> = {
    uuid: fc.uuid(),
    email: fc.emailAddress(),
    'date-time': fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    date: fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  };
  const plain = fc.string({ minLength, maxLength });
  const formatted = schema.format === undefined ? undefined : byFormat[schema.format];
  const choices: fc.Arbitrary<string>[] = [formatted ?? plain];
  if (examples.length > 0) choices.push(fc.constantFrom(...examples));
  return fc.oneof(...choices);
}

function numberFor(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum === undefined ? -1000 : schema.exclusiveMinimum + 1);
  const max =
    schema.maximum ?? (schema.exclusiveMaximum === undefined ? 1_000_000 : schema.exclusiveMaximum - 1);
  const low = Math.max(min, -1e9);
  const high = Math.min(Math.max(max, low), 1e9);
  return integer
    ? fc.integer({ min: Math.ceil(low), max: Math.floor(high) })
    : fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true });
}

/** Values the schema describes (as far as JSON Schema says: patterns are approximated by examples). */
export function valueFor(schema: JsonSchema, components: Components, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, components);
  if (depth > 4) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum !== undefined && s.enum.length > 0) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives !== undefined && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((alt) => valueFor(alt, components, depth + 1)));
  }
  if (s.allOf !== undefined && s.allOf.length > 0) {
    const merged: JsonSchema = { type: 'object', properties: {}, required: [] };
    for (const part of s.allOf.map((p) => resolve(p, components))) {
      Object.assign(merged.properties ?? {}, part.properties);
      merged.required?.push(...(part.required ?? []));
    }
    return valueFor(merged, components, depth + 1);
  }
  const types = Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type];
  const nullable = s.nullable === true || types.includes('null');
  const type = types.find((t) => t !== 'null') ?? (s.properties ? 'object' : undefined);
  let arbitrary: fc.Arbitrary<unknown>;
  switch (type) {
    case 'string':
      arbitrary = stringFor(s);
      break;
    case 'integer':
      arbitrary = numberFor(s, true);
      break;
    case 'number':
      arbitrary = numberFor(s, false);
      break;
    case 'boolean':
      arbitrary = fc.boolean();
      break;
    case 'array':
      arbitrary = fc.array(valueFor(s.items ?? {}, components, depth + 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
      });
      break;
    case 'object': {
      const required = new Set(s.required ?? []);
      const entries = Object.entries(s.properties ?? {});
      const record = Object.fromEntries(
        entries.map(([key, prop]) => [key, valueFor(prop, components, depth + 1)]),
      );
      const optional = entries.map(([key]) => key).filter((key) => !required.has(key));
      arbitrary = fc
        .record(record, { requiredKeys: [...required].filter((key) => key in record) })
        .map((value) => value);
      if (optional.length === 0 && entries.length === 0) arbitrary = fc.constant({});
      break;
    }
    default:
      arbitrary = anyJson;
  }
  return nullable ? fc.option(arbitrary, { nil: null }) : arbitrary;
}

/** A value of the schema with one thing wrong: a key dropped or added, or one property of the wrong kind. */
export function nearMissFor(schema: JsonSchema, components: Components): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      valueFor(schema, components),
      fc.nat(),
      fc.constantFrom('drop', 'add', 'retype'),
      anyJson,
      nastyString,
    )
    .map(([value, pick, how, junk, nasty]) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return junk;
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(copy);
      const key = keys.length > 0 ? (keys[pick % keys.length] as string) : undefined;
      if (how === 'add' || key === undefined) copy[`unexpected_${pick % 7}`] = junk;
      else if (how === 'drop') delete copy[key];
      else copy[key] = typeof copy[key] === 'string' ? pick : nasty;
      return copy;
    });
}

/** A path or query value: usually plausible for the schema, sometimes anything at all. */
export function parameterFor(schema: JsonSchema, components: Components): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: valueFor(schema, components).map((value) => String(value)) },
    { weight: 1, arbitrary: nastyString },
  );
}
