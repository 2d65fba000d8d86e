import { decodeValue, encodeValue } from '@coinlab/shared';
import type { OutputCache } from '../engine';
import type { Store } from '../db';

/**
 * The output cache in the node_outputs table, so a re-run from the CLI or the server (or
 * after a restart) finds what an earlier run computed. Values are encoded with the NaN-safe
 * codec; a row that cannot be decoded is treated as a miss and said so in the log.
 */
export class DbOutputCache implements OutputCache {
  constructor(private readonly store: Store) {}

  async get(signature: string): Promise<Record<string, unknown> | undefined> {
    const row = await this.store.nodeOutputs.get(signature);
    if (!row) return undefined;
    try {
      const value = decodeValue(row.outputs);
      void this.store.nodeOutputs.touch(signature).catch(() => {});
      return value as Record<string, unknown>;
    } catch (err) {
      console.warn(`[coinlab] cache entry ${signature.slice(0, 12)} could not be read, recomputing: ${String(err)}`);
      return undefined;
    }
  }

  async put(signature: string, nodeType: string, outputs: Record<string, unknown>): Promise<void> {
    await this.store.nodeOutputs.put({ signature, nodeType, outputs: encodeValue(outputs) });
  }
}
