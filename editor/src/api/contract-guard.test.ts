import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as shared from '@coinlab/shared';
import ts from 'typescript';
import { z } from 'zod';
import { expect, it } from 'vitest';

/**
 * The HTTP answers and the socket messages are declared once, in shared/src/api, and parsed
 * with those schemas on both sides. An object schema in the editor whose keys are mostly a
 * contract schema's keys is a second copy that will drift from the runtime: use the shared one.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const OBJECT_BUILDERS = new Set(['object', 'looseObject', 'strictObject']);

/**
 * Every object schema of the shared API contract, with its keys: each exported one by its
 * export name, and each object nested in one (an array's element, a field's object, a union's
 * member) as `export.field` — a client copying only the inner shape (one node of the catalog
 * answer) is a copy too.
 */
function contractShapes(): Map<string, string[]> {
  const shapes = new Map<string, string[]>();
  const walk = (name: string, schema: z.ZodType, depth: number): void => {
    if (depth > 6) return;
    const def = schema.def as { type: string; innerType?: z.ZodType; element?: z.ZodType; valueType?: z.ZodType; options?: readonly z.ZodType[] };
    if (schema instanceof z.ZodObject) {
      if (!shapes.has(name)) shapes.set(name, Object.keys(schema.shape));
      for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) walk(`${name}.${key}`, field, depth + 1);
      return;
    }
    for (const inner of [def.innerType, def.element, def.valueType, ...(def.options ?? [])]) if (inner) walk(name, inner, depth + 1);
  };
  const exported = Object.entries(shared as Record<string, unknown>).flatMap(([name, value]) => (name.endsWith('Schema') && value instanceof z.ZodObject ? [[name, value] as const] : []));
  // Exports first, so a nested shape that is also exported goes by its export name.
  for (const [name, value] of exported) shapes.set(name, Object.keys(value.shape));
  for (const [name, value] of exported) walk(name, value, 0);
  return shapes;
}

/** The property names of each `z.object({...})` (and loose/strict) literal in a source text. */
export function objectSchemaLiterals(fileName: string, text: string): { line: number; keys: string[] }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { line: number; keys: string[] }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && OBJECT_BUILDERS.has(node.expression.name.text)) {
      const arg = node.arguments[0];
      if (arg && ts.isObjectLiteralExpression(arg)) {
        const keys = arg.properties.flatMap((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? [p.name.text] : []));
        found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, keys });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Each `contractSchema.extend({...})` (or safeExtend) in a source text that replaces keys the
 * contract schema declares: the client's own shape for a field of the answer (how the editor
 * once read the experiment spec) is a copy too. Adding fields of its own (the CLI's history
 * line) is not.
 */
export function overriddenKeys(fileName: string, text: string, contract: Map<string, string[]>): { line: number; schema: string; keys: string[] }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { line: number; schema: string; keys: string[] }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['extend', 'safeExtend'].includes(node.expression.name.text) && ts.isIdentifier(node.expression.expression)) {
      const schema = node.expression.expression.text;
      const arg = node.arguments[0];
      const own = contract.get(schema);
      if (own && arg && ts.isObjectLiteralExpression(arg)) {
        const keys = arg.properties.flatMap((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && own.includes(p.name.text) ? [p.name.text] : []));
        if (keys.length) found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, schema, keys });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * A literal redeclares a contract schema when it has the same keys (small schemas), or shares
 * at least three keys that make most (60%) of the schema's keys or of its own (a copy that
 * dropped fields, or added some).
 */
/** Keys nearly every resource has: sharing them says nothing about being a copy. */
const GENERIC_KEYS = new Set(['id', 'name', 'status', 'kind', 'createdAt', 'updatedAt']);

export function redeclared(keys: readonly string[], contract: Map<string, string[]>): string | null {
  // The closest schema is named (a fetch answer's pair line also shares keys with an import's answer).
  let best: { name: string; score: number } | null = null;
  for (const [name, contractKeys] of contract) {
    // A partial copy shares the schema's own keys, not only the generic ones (a portfolio and an
    // experiment's LLM spend both have an id, a name and a status).
    const shared = contractKeys.filter((k) => keys.includes(k) && !GENERIC_KEYS.has(k)).length;
    const same = keys.length === contractKeys.length && contractKeys.every((k) => keys.includes(k));
    if (!same && !(shared >= 3 && shared >= 0.6 * Math.min(contractKeys.length, keys.length))) continue;
    const score = same ? Infinity : shared / Math.max(contractKeys.length, keys.length);
    if (!best || score > best.score) best = { name, score };
  }
  return best?.name ?? null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'dist-e2e') return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.(test|test-helper)\.tsx?$/.test(name) ? [full] : [];
  });
}

/** The clients of the HTTP API: the editor, and the CLI (which talks to a running server). */
const CLIENT_DIRS = ['editor/src', 'runtime/src/cli'];

it.each(CLIENT_DIRS)('declares no copy of a shared API contract schema in %s', (dir) => {
  const contract = contractShapes();
  expect(contract.size).toBeGreaterThan(15);
  const offenders: string[] = [];
  for (const file of sourceFiles(path.join(ROOT, dir))) {
    for (const lit of objectSchemaLiterals(file, readFileSync(file, 'utf8'))) {
      const name = redeclared(lit.keys, contract);
      if (name) offenders.push(`${path.relative(ROOT, file)}:${lit.line} redeclares ${name} (use the one from @coinlab/shared)`);
    }
    for (const o of overriddenKeys(file, readFileSync(file, 'utf8'), contract)) offenders.push(`${path.relative(ROOT, file)}:${o.line} replaces ${o.schema}.${o.keys.join(', ')} with a shape of its own (declare it in @coinlab/shared)`);
  }
  expect(offenders).toEqual([]);
});

it('recognises the copies it forbids', () => {
  const contract = contractShapes();
  // The editor's own run summary before the contract moved to shared/, and a trimmed copy.
  const copy = `const runSummarySchema = z.looseObject({ id: z.string(), graphId: z.string().nullable(), graphVersion: z.number().nullable(),
    status: runStatusSchema, trigger: z.string(), createdAt: ts, startedAt: ts, finishedAt: ts, durationMs: z.number(), error: z.string() });
    const coins = z.object({ coin: z.string(), firstTs: z.number(), lastTs: z.number(), rows: z.number() });
    const deleted = z.object({ coin: z.string(), deleted: z.number() });
    const draft = z.object({ graphId: z.string(), document: z.unknown(), savedAt: z.number() });
    const pairSchema = z.object({ pair: z.string(), coin: z.string(), from: z.string(), until: z.string(), requests: z.number(), retries: z.number(), received: z.number(), inserted: z.number(), updated: z.number(), unchanged: z.number(), lastTs: z.string().nullable(), gaps: z.array(gapSchema), complete: z.boolean(), error: z.string().nullable() });
    const trigger = z.object({ id: z.string(), name: z.string(), graphId: z.string(), graphVersion: z.number().nullable(), coins: z.array(z.string()), paused: z.boolean(), watermark: z.string().nullable(), lastFireAt: z.string().nullable(), lastRunId: z.string().nullable(), lastRunStatus: z.string().nullable() });`;
  const verdicts = objectSchemaLiterals('copy.ts', copy).map((l) => redeclared(l.keys, contract));
  // The CLI's copy of a fetch answer and the editor's trimmed copy of a data trigger, before they moved to shared/ too.
  expect(verdicts).toEqual(['runSummarySchema', 'coinStatsSchema', 'coinDeletedResponseSchema', null, 'pairFetchSchema', 'dataTriggerSchema']);
});

it('recognises the catalog answer and experiment spec the editor once declared itself', () => {
  const contract = contractShapes();
  // editor/src/experiments/experiments-api.ts before GET /catalog and the spec moved to shared/
  const copy = `const catalogSchema = z.object({ nodes: z.array(z.object({ type: z.string(), outputs: z.record(z.string(), z.object({ type: z.string() }).passthrough()), paramsSchema: z.record(z.string(), z.unknown()) })) });
    const specSchema = z.looseObject({
      objective: z.object({ node: z.string(), metric: z.string(), direction: z.enum(['maximize', 'minimize']) }),
      stopRules: z.looseObject({ maxIterations: z.number() }),
      autoApprove: z.looseObject({ enabled: z.boolean() }),
    });
    export const experimentSchema = experimentViewSchema.extend({ spec: specSchema });
    const detailSchema = experimentDetailResponseSchema.extend({ experiment: experimentSchema });
    export const historyEntrySchema = runSummarySchema.extend({ graphName: z.string().nullable() });`;
  const verdicts = objectSchemaLiterals('copy.ts', copy).map((l) => redeclared(l.keys, contract));
  // (a port's `{ type }` alone, and one-key groups of the spec, are too small to tell)
  expect(verdicts).toEqual(['catalogResponseSchema', 'catalogNodeSchema', null, 'experimentCreateSchema', 'objectiveSchema', null, null]);
  expect(overriddenKeys('copy.ts', copy, contract).map((o) => `${o.schema}.${o.keys.join(',')}`)).toEqual(['experimentViewSchema.spec', 'experimentDetailResponseSchema.experiment']);
  // A nested shape that is not exported on its own is known by its path.
  expect(contract.get('catalogNodeSchema.ui')).toEqual(['title', 'category', 'description', 'tags', 'params']);
});

it('covers the socket protocol and the run snapshot', () => {
  const contract = contractShapes();
  expect([...contract.keys()]).toEqual(expect.arrayContaining(['joinRunSchema', 'runsChangedSchema', 'runSnapshotSchema', 'errorBodySchema', 'graphSummarySchema']));
});
