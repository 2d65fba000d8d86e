import type { PlannedNode } from './plan';

/**
 * The output cache, keyed by node signature. One interface with a memory implementation
 * (tests, benchmarks, headless runs without a database) and a database one (cache-db.ts).
 */
export interface OutputCache {
  get(signature: string): Promise<Record<string, unknown> | undefined>;
  /**
   * `inputs`: the node's input values that are themselves stored outputs, each with the name
   * of its entry, `<signature>/<port>`. An output that carries one of them inside (a split its
   * dataset, a model its splits) may store a reference to that entry instead of a copy.
   */
  put(signature: string, nodeType: string, outputs: Record<string, unknown>, inputs?: ReadonlyMap<object, string>): Promise<void>;
}

/** The stored inputs of a node for OutputCache.put: each input value object -> `<upstream output signature>/<port>`. */
export function storedInputs(planned: Pick<PlannedNode, 'def' | 'inputs'>, inputs: Record<string, unknown>, upstreamSignatures: ReadonlyMap<string, string>): Map<object, string> {
  const stored = new Map<object, string>();
  for (const [port, refs] of Object.entries(planned.inputs)) {
    const values = planned.def.inputs[port]?.multiple ? (inputs[port] as unknown[] | undefined) ?? [] : [inputs[port]];
    refs.forEach((r, i) => {
      const value = values[i];
      const signature = upstreamSignatures.get(r.node);
      if (typeof value === 'object' && value !== null && signature && !stored.has(value)) stored.set(value, `${signature}/${r.port}`);
    });
  }
  return stored;
}

export class MemoryOutputCache implements OutputCache {
  private readonly entries = new Map<string, Record<string, unknown>>();

  async get(signature: string): Promise<Record<string, unknown> | undefined> {
    return this.entries.get(signature);
  }

  async put(signature: string, _nodeType: string, outputs: Record<string, unknown>): Promise<void> {
    this.entries.set(signature, outputs);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A cache that never hits: `--no-cache`. */
export const noCache: OutputCache = {
  get: async () => undefined,
  put: async () => {},
};

/**
 * Never hits, but stores: a cluster run asked without the cache still keeps each finished
 * node's outputs, so that a worker taking the run over after a crash does not execute it again.
 */
export function writeOnlyCache(inner: OutputCache): OutputCache {
  return { get: async () => undefined, put: (signature, nodeType, outputs, inputs) => inner.put(signature, nodeType, outputs, inputs) };
}
