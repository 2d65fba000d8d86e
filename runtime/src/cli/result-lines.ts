import { asQuantityKind, formatCount, formatQuantity, formatRatio, type QuantityKind, type RunSnapshot } from '@coinlab/shared';

/**
 * The figures a user reads at the end of a headless run: each backtest's stats and each
 * model's test metrics, formatted by kind with the rule the inspector and the report follow
 * (shared/src/format/quantity.ts): returns as percentages, Sharpe and AUC as ratios, trades
 * and rows as counts. Only the ports typed `backtest` or `metrics` are read.
 */
export const RESULT_PORT_TYPES = new Set(['backtest', 'metrics']);

/** The (node, port) pairs of a finished run whose values make result lines, in the run's node order. */
export function resultPorts(snap: RunSnapshot): { nodeId: string; port: string }[] {
  return Object.entries(snap.nodes).flatMap(([nodeId, n]) =>
    n.status === 'succeeded' || n.status === 'cached' ? Object.entries(n.outputs).filter(([, o]) => RESULT_PORT_TYPES.has(o.type)).map(([port]) => ({ nodeId, port })) : [],
  );
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const numbers = (v: unknown): [string, number][] => (isObj(v) ? Object.entries(v).filter((e): e is [string, number] => typeof e[1] === 'number') : []);

function kindsOf(v: unknown): Record<string, QuantityKind> {
  const out: Record<string, QuantityKind> = {};
  for (const [k, kind] of isObj(v) ? Object.entries(v) : []) {
    const q = asQuantityKind(kind);
    if (q) out[k] = q;
  }
  return out;
}

/** One line per result value; values of other kinds give none. */
export function resultLine(label: string, value: unknown): string | null {
  if (!isObj(value)) return null;
  if (value.kind === 'backtest') {
    const kinds = kindsOf(isObj(value.kinds) ? value.kinds.stats : undefined);
    // A stat without a declared kind (a backtest stored before kinds were) reads as a ratio.
    const stats = numbers(value.stats).map(([k, v]) => `${k} ${formatQuantity(kinds[k] ?? 'ratio', v)}`);
    const rule = typeof value.rule === 'string' ? ` (${value.rule})` : '';
    return `${label}: ${stats.join(', ')}${rule}`;
  }
  if (value.kind === 'metrics') {
    const metrics = numbers(value.metrics).map(([k, v]) => `${k} ${formatRatio(v)}`);
    const rows = typeof value.testRows === 'number' ? ` on ${formatCount(value.testRows)} rows` : '';
    const sample = value.sample === 'in-sample' || value.sample === 'mixed' ? ` [${value.sample}: scored rows the model was trained on]` : '';
    return `${label}: ${metrics.join(', ')}${rows}${sample}`;
  }
  return null;
}

/** The result lines of a run, given a reader of one port's value (local memory or the server's API). */
export async function resultLines(snap: RunSnapshot, labels: Record<string, string>, read: (nodeId: string, port: string) => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  for (const { nodeId, port } of resultPorts(snap)) {
    const line = resultLine(labels[nodeId] ?? nodeId, await read(nodeId, port));
    if (line) lines.push(`  ${line}`);
  }
  return lines;
}
