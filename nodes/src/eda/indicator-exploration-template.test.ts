import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem, validateGraph, type GraphDocument } from '@coinlab/shared';
import { catalog } from '../catalog';
import { nodeRegistry } from '../registry';
import { createMemoryServices } from '../offline/memory-services';
import { marketFiles, readMarketFile } from '../testing/market-files';
import { isEdaResult } from './result';

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../templates/indicator-exploration.graph.json');
const raw = JSON.parse(readFileSync(FILE, 'utf8')) as unknown;

/**
 * Executes a validated graph node by node in dependency order, with in-memory services: only
 * to show this template runs on real data end to end. The engine (runtime/src/engine) is what
 * runs graphs in the product; its own tests run the templates too.
 */
async function runInOrder(graph: GraphDocument) {
  const registry = nodeRegistry();
  const services = createMemoryServices({ candles: marketFiles().map(readMarketFile) });
  const outputs = new Map<string, Record<string, unknown>>();
  const pending = [...graph.nodes];
  while (pending.length) {
    const i = pending.findIndex((n) => graph.edges.every((e) => e.target.node !== n.id || outputs.has(e.source.node)));
    const node = pending.splice(i, 1)[0]!;
    const def = registry.get(node.type)!;
    const inputs: Record<string, unknown> = {};
    for (const [port, spec] of Object.entries(def.inputs)) {
      const values = graph.edges.filter((e) => e.target.node === node.id && e.target.port === port).map((e) => outputs.get(e.source.node)![e.source.port]);
      inputs[port] = spec.multiple ? values : values[0];
    }
    outputs.set(node.id, await def.execute({ params: node.params, inputs, services, signal: new AbortController().signal, progress: () => {}, log: () => {}, nodeId: node.id, runId: 'template' }));
  }
  return { outputs, services };
}

describe('templates/indicator-exploration.graph.json', () => {
  it('validates against the catalog', () => {
    const result = validateGraph(raw, catalog);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('runs on ETH_BTC and saves its charts', async () => {
    const result = validateGraph(raw, catalog);
    if (!result.ok) throw new Error('invalid template');
    const { outputs, services } = await runInOrder(result.graph);
    const charts = [...services.savedArtifacts.values()].filter((a) => a.ref.contentType === 'image/svg+xml');
    expect(charts.map((c) => c.ref.name).sort()).toEqual([
      'autocorrelation-abs_returns.svg',
      'autocorrelation-returns.svg',
      'correlation-columns.svg',
      'price-ETH_BTC.svg',
      'return-distribution.svg',
    ]);
    expect(isEdaResult(outputs.get('price')!.chart)).toBe(true);
    const report = outputs.get('report')!.report as { markdown: string };
    expect(report.markdown).toContain('# ETH/BTC indicator exploration');
  });
});
