import { z } from 'zod';
import { validateGraph, type Catalog, type CatalogEntry, type GraphDocument, type GraphNode, type Dimension, type ExperimentSpec } from '@coinlab/shared';
import { BACKTEST_STAT_KINDS, CLASSIFICATION_METRICS, REGRESSION_METRICS } from '@coinlab/nodes';
import { gridOf } from './space';

export interface SpecProblem {
  path: string;
  message: string;
}

/** Metrics an evaluate node's `metrics` output may hold (besides the fold-derived names). */
const EVALUATION_METRICS: ReadonlySet<string> = new Set<string>([...CLASSIFICATION_METRICS, ...REGRESSION_METRICS, 'positiveRate', 'predictedPositiveRate']);
const BACKTEST_STATS: ReadonlySet<string> = new Set(Object.keys(BACKTEST_STAT_KINDS));

/** The output an objective reads: a backtest's statistics or an evaluation's metrics. */
export type ObjectiveSource = { port: string; kind: 'backtest' | 'metrics' };

export function objectiveSourceOf(entry: CatalogEntry): ObjectiveSource | undefined {
  for (const [port, spec] of Object.entries(entry.outputs)) {
    if (spec.type === 'backtest' || spec.type === 'metrics') return { port, kind: spec.type };
  }
  return undefined;
}

/** The param names of a node type, read from its zod schema (through refinements and defaults). */
export function paramNamesOf(entry: CatalogEntry): string[] {
  const json = z.toJSONSchema(entry.params, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
  return Object.keys(json.properties ?? {});
}

/** Why the node's params schema refuses `value` for `param` (with the node's other params as they are), or null. */
function schemaRefusal(entry: CatalogEntry, node: GraphNode, patch: Record<string, unknown>): string | null {
  const parsed = entry.params.safeParse({ ...node.params, ...patch });
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `params.${issue.path.join('.')}` : 'params';
  return `${where} ${issue.message}`;
}

/** Values of a dimension worth checking against the schema: both ends and every grid point (capped), or every choice. */
function probeValues(d: Dimension): { value: unknown; path: string }[] {
  if (d.type === 'choice') return d.values.map((value, i) => ({ value, path: `values[${i}]` }));
  const grid = gridOf(d, 50);
  const probes = [
    { value: d.min, path: 'min' },
    { value: d.max, path: 'max' },
  ];
  for (const value of grid ?? []) probes.push({ value, path: d.step !== undefined ? 'step' : 'min' });
  if (d.type === 'float' && !grid) probes.push({ value: (d.min + d.max) / 2, path: 'min' });
  return probes;
}

/**
 * Checks an experiment against its graph and the node catalog: every searched param exists on
 * its node and every value the search may try passes the param's own zod schema, the objective
 * names a metric its node outputs, the constraints can be read there, and the evaluation's data
 * node takes the date range. Returns every problem with its path; none means it can run.
 */
export function specProblems(spec: ExperimentSpec, document: unknown, catalog: Catalog): { problems: SpecProblem[]; graph?: GraphDocument } {
  const validated = validateGraph(document, catalog);
  if (!validated.ok) return { problems: validated.problems.map((p) => ({ path: `graph.${p.path}`, message: `the saved graph is invalid: ${p.message}` })) };
  const graph = validated.graph;
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const problems: SpecProblem[] = [];
  const nodeAt = (id: string, path: string): { node: GraphNode; entry: CatalogEntry } | undefined => {
    const node = nodes.get(id);
    if (!node) {
      problems.push({ path, message: `the graph has no node "${id}" (nodes: ${[...nodes.keys()].join(', ')})` });
      return undefined;
    }
    const entry = catalog.get(node.type);
    if (!entry) {
      problems.push({ path, message: `node "${id}" has the unknown type "${node.type}"` });
      return undefined;
    }
    return { node, entry };
  };

  const seen = new Set<string>();
  spec.searchSpace.forEach((d, i) => {
    const at = `searchSpace[${i}]`;
    const found = nodeAt(d.node, `${at}.node`);
    if (!found) return;
    const names = paramNamesOf(found.entry);
    if (!names.includes(d.param)) {
      problems.push({ path: `${at}.param`, message: `node "${d.node}" (${found.node.type}) has no param "${d.param}" (params: ${names.join(', ')})` });
      return;
    }
    const key = `${d.node}.${d.param}`;
    if (seen.has(key)) problems.push({ path: `${at}.param`, message: `${key} is already in the search space` });
    seen.add(key);
    if (d.node === spec.evaluation.dataNode && (d.param === 'from' || d.param === 'to')) {
      problems.push({ path: `${at}.param`, message: `${key} is set by the evaluation's walk-forward windows and holdout, not searched` });
      return;
    }
    for (const probe of probeValues(d)) {
      const refusal = schemaRefusal(found.entry, found.node, { [d.param]: probe.value });
      if (refusal) {
        problems.push({ path: `${at}.${probe.path}`, message: `${JSON.stringify(probe.value)} is outside the schema of ${key}: ${refusal}` });
        break;
      }
    }
  });

  const objective = nodeAt(spec.objective.node, 'objective.node');
  if (objective) {
    const source = objectiveSourceOf(objective.entry);
    if (!source) {
      problems.push({ path: 'objective.node', message: `node "${spec.objective.node}" (${objective.node.type}) outputs no backtest or metrics: no objective can be read from it` });
    } else {
      const known = source.kind === 'backtest' ? BACKTEST_STATS : EVALUATION_METRICS;
      if (!known.has(spec.objective.metric)) problems.push({ path: 'objective.metric', message: `node "${spec.objective.node}" outputs ${source.kind} without "${spec.objective.metric}" (it has: ${[...known].join(', ')})` });
      const set = Object.keys(spec.constraints);
      if (source.kind !== 'backtest' && set.length) problems.push({ path: `constraints.${set[0]}`, message: `the objective's node "${spec.objective.node}" outputs metrics, not a backtest: win rate, Sharpe, drawdown, trades and return cannot be checked there` });
    }
  }

  const data = nodeAt(spec.evaluation.dataNode, 'evaluation.dataNode');
  if (data) {
    const names = paramNamesOf(data.entry);
    if (!names.includes('from') || !names.includes('to')) {
      problems.push({ path: 'evaluation.dataNode', message: `node "${spec.evaluation.dataNode}" (${data.node.type}) has no from/to params to choose its rows` });
    } else {
      const refusal = schemaRefusal(data.entry, data.node, { from: spec.evaluation.from, to: spec.evaluation.to });
      if (refusal) problems.push({ path: 'evaluation.from', message: `node "${spec.evaluation.dataNode}" refuses the range ${spec.evaluation.from}..${spec.evaluation.to}: ${refusal}` });
    }
  }
  return { problems, graph };
}
