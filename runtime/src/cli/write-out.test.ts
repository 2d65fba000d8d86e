import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from '@coinlab/shared';
import { writeRunOutputs, type RunOutputSource } from './write-out';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A dataset, the split that carries it and a model that carries the split: as the nodes pass them on. */
function pipelineOutputs() {
  const dataset = { kind: 'dataset', features: ['rsi'], groups: [{ coin: 'ETH_BTC', ts: [1, 2, 3, 4], columns: { rsi: [Number.NaN, 40, 55.5, -0], target: [1, 0, 1, 0] } }] };
  const splits = { kind: 'splits', method: 'holdout', dataset, folds: [{ name: 'holdout', train: [{ coin: 'ETH_BTC', start: 0, end: 2 }], test: [{ coin: 'ETH_BTC', start: 3, end: 4 }] }] };
  const model = { kind: 'model', name: 'lr', model: { weights: [0.5, Number.POSITIVE_INFINITY] }, splits, note: undefined };
  return { load: { dataset }, split: { splits }, lr: { model } } as Record<string, Record<string, unknown>>;
}

function source(nodes: Record<string, Record<string, unknown>>): RunOutputSource {
  return {
    summary: { runId: 'r', status: 'succeeded', error: null, failedNode: null, durationMs: 1, nodes: {} },
    nodeOutputs: async () => Object.entries(nodes).map(([nodeId, ports]) => ({ nodeId, ports })),
    artifacts: async () => [],
    content: async () => undefined,
  };
}

async function write(nodes: Record<string, Record<string, unknown>>): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coinlab-out-'));
  dirs.push(dir);
  await writeRunOutputs(dir, source(nodes));
  return dir;
}

/** Reads an --out file back with its references followed, as a user's script would. */
function readResolved(dir: string, file: string): unknown {
  const follow = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(follow);
    if (typeof v !== 'object' || v === null) return v;
    const ref = (v as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && Object.keys(v).length === 1) return readResolved(dir, path.join(path.dirname(file), ref));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, follow(x)]));
  };
  return follow(decodeValue(readFileSync(path.join(dir, file), 'utf8')));
}

const files = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort();

describe('--out node outputs', () => {
  it('writes an output carried inside another once, referred to by its file; read back, every value is whole', async () => {
    const nodes = pipelineOutputs();
    const dir = await write(nodes);
    expect(readFileSync(path.join(dir, 'nodes/split/splits.json'), 'utf8')).toContain('"dataset":{"$ref":"../load/dataset.json"}');
    expect(readFileSync(path.join(dir, 'nodes/lr/model.json'), 'utf8')).toContain('"splits":{"$ref":"../split/splits.json"}');
    // The carried value itself is written in full where it is the node's own output.
    expect(readFileSync(path.join(dir, 'nodes/load/dataset.json'), 'utf8')).toBe(encodeValue(nodes.load!.dataset));
    for (const [nodeId, ports] of Object.entries(nodes)) {
      for (const [port, value] of Object.entries(ports)) expect(encodeValue(readResolved(dir, `nodes/${nodeId}/${port}.json`)), `${nodeId}.${port}`).toBe(encodeValue(value));
    }
  });

  it('writes the same files when the outputs were decoded one by one (a cached run), not shared objects', async () => {
    const fresh = await write(pipelineOutputs());
    const decoded = Object.fromEntries(Object.entries(pipelineOutputs()).map(([id, ports]) => [id, decodeValue(encodeValue(ports)) as Record<string, unknown>]));
    const cached = await write(decoded);
    expect(files(cached)).toEqual(files(fresh));
    for (const f of files(fresh)) expect(readFileSync(path.join(cached, f), 'utf8'), f).toBe(readFileSync(path.join(fresh, f), 'utf8'));
  });

  it('writes an equal value that is not another node output in full', async () => {
    const nodes = pipelineOutputs();
    // A different dataset (one value changed): no reference.
    const other = decodeValue(encodeValue(nodes.load!.dataset)) as { groups: { columns: { target: number[] } }[] };
    other.groups[0]!.columns.target[0] = 0;
    (nodes.split!.splits as { dataset: unknown }).dataset = other;
    const dir = await write(nodes);
    expect(readFileSync(path.join(dir, 'nodes/split/splits.json'), 'utf8')).not.toContain('$ref');
  });
});
