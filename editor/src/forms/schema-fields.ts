import { z } from 'zod';
import type { CatalogEntry, ParamUi } from '@coinlab/shared';
import { humanize } from '../util/format';

/**
 * A params form is generated from the node's zod schema: the schema is turned into JSON
 * Schema (zod 4's toJSONSchema, input side, so defaults and optional fields show as the
 * user writes them) and each property becomes one field. The catalog's `ui.params` hints
 * pick special widgets (coin pickers, dates). Validation itself stays with zod.
 */
export type FieldKind =
  | 'number'
  | 'integer'
  | 'enum'
  | 'boolean'
  | 'string'
  | 'textarea'
  | 'code'
  | 'date'
  | 'coin'
  | 'coins'
  | 'string-list'
  | 'number-list'
  | 'enum-list'
  | 'enum-or-number'
  | 'json';

export interface FieldSpec {
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  nullable: boolean;
  description?: string;
  help?: string;
  advanced: boolean;
  default?: unknown;
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  options?: string[];
  minItems?: number;
  maxItems?: number;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `anyOf: [X, {type: 'null'}]` -> X, nullable. */
function unwrapNullable(s: Json): { schema: Json; nullable: boolean } {
  const alts = (s.anyOf ?? s.oneOf) as unknown;
  if (Array.isArray(alts)) {
    const nonNull = alts.filter((a) => !(isObj(a) && a.type === 'null'));
    if (nonNull.length === 1 && isObj(nonNull[0]) && nonNull.length < alts.length) {
      const inner = { ...nonNull[0] };
      if (s.default !== undefined && inner.default === undefined) inner.default = s.default;
      if (s.description !== undefined && inner.description === undefined) inner.description = s.description;
      return { schema: inner, nullable: true };
    }
  }
  if (Array.isArray(s.type) && s.type.includes('null')) {
    const types = s.type.filter((t) => t !== 'null');
    return { schema: { ...s, type: types.length === 1 ? types[0] : types }, nullable: true };
  }
  return { schema: s, nullable: false };
}

function enumOf(s: Json): string[] | undefined {
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string')) return s.enum as string[];
  if (typeof s.const === 'string') return [s.const];
  const alts = s.anyOf ?? s.oneOf;
  if (Array.isArray(alts) && alts.every((a) => isObj(a) && typeof a.const === 'string')) return alts.map((a) => (a as Json).const as string);
  return undefined;
}

/** `anyOf: [{enum: [...]}, {type: 'number'}]` (maxFeatures: "sqrt", "log2" or a number) -> the names. */
function namesOrNumber(s: Json): string[] | undefined {
  const alts = s.anyOf ?? s.oneOf;
  if (!Array.isArray(alts) || alts.length !== 2 || !alts.every(isObj)) return undefined;
  const names = alts.map((a) => enumOf(a as Json)).find((e) => e !== undefined);
  const numeric = alts.some((a) => (a as Json).type === 'number' || (a as Json).type === 'integer');
  return names && numeric ? names : undefined;
}

function kindOf(s: Json, ui: ParamUi | undefined): FieldKind {
  if (ui?.widget === 'coin') return 'coin';
  if (ui?.widget === 'coins') return 'coins';
  if (ui?.widget === 'date') return 'date';
  if (ui?.widget === 'textarea') return 'textarea';
  if (ui?.widget === 'code') return 'code';
  if (ui?.widget === 'json') return 'json';
  if (enumOf(s)) return 'enum';
  if (namesOrNumber(s)) return 'enum-or-number';
  switch (s.type) {
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      return s.format === 'date' || s.format === 'date-time' ? 'date' : 'string';
    case 'array': {
      const items = isObj(s.items) ? s.items : {};
      if (enumOf(items)) return 'enum-list';
      if (items.type === 'number' || items.type === 'integer') return 'number-list';
      if (items.type === 'string') return 'string-list';
      return 'json';
    }
    default:
      return 'json';
  }
}

const INT32_MAX = 2147483647;

export function fieldsFromJsonSchema(schema: unknown, uiParams: Readonly<Record<string, ParamUi>> = {}): FieldSpec[] {
  if (!isObj(schema) || !isObj(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(schema.properties).map(([key, raw]) => {
    const ui = uiParams[key];
    const { schema: s, nullable } = unwrapNullable(isObj(raw) ? raw : {});
    const kind = kindOf(s, ui);
    const field: FieldSpec = { key, label: humanize(key), kind, required: required.has(key) && s.default === undefined, nullable, advanced: ui?.advanced ?? false };
    if (typeof s.description === 'string') field.description = s.description;
    if (ui?.help) field.help = ui.help;
    if (s.default !== undefined) field.default = s.default;
    const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
    // zod's int() and int32 limits (±9007199254740991, 2147483647) mean "no limit" to a
    // person: the form leaves them out rather than print "≤ 9007199254740991".
    const bound = (v: unknown): number | undefined => (typeof v === 'number' && Math.abs(v) < INT32_MAX ? v : undefined);
    if (bound(s.minimum) !== undefined) field.min = bound(s.minimum);
    if (bound(s.maximum) !== undefined) field.max = bound(s.maximum);
    if (bound(s.exclusiveMinimum) !== undefined) {
      field.min = bound(s.exclusiveMinimum);
      field.exclusiveMin = true;
    }
    if (bound(s.exclusiveMaximum) !== undefined) {
      field.max = bound(s.exclusiveMaximum);
      field.exclusiveMax = true;
    }
    if (num(s.minItems) !== undefined) field.minItems = num(s.minItems);
    if (num(s.maxItems) !== undefined) field.maxItems = num(s.maxItems);
    const options = kind === 'enum-list' ? enumOf(isObj(s.items) ? s.items : {}) : kind === 'enum-or-number' ? namesOrNumber(s) : enumOf(s);
    if (options) field.options = options;
    return field;
  });
}

const cache = new WeakMap<CatalogEntry, FieldSpec[]>();

/** The form fields of a node type (computed once per type). */
export function fieldsFor(entry: CatalogEntry): FieldSpec[] {
  const hit = cache.get(entry);
  if (hit) return hit;
  let fields: FieldSpec[];
  try {
    fields = fieldsFromJsonSchema(z.toJSONSchema(entry.params, { io: 'input', unrepresentable: 'any' }), entry.ui.params);
  } catch {
    fields = [];
  }
  cache.set(entry, fields);
  return fields;
}
