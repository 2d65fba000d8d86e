/**
 * The output cache, keyed by node signature. One interface with a memory implementation
 * (tests, benchmarks, headless runs without a database) and a database one (cache-db.ts).
 */
export interface OutputCache {
  get(signature: string): Promise<Record<string, unknown> | undefined>;
  put(signature: string, nodeType: string, outputs: Record<string, unknown>): Promise<void>;
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
