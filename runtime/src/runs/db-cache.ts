import { decodeValue, encodeValue, encodeValueWithRefs } from '@coinlab/shared';
import type { OutputCache } from '../engine';
import type { Store } from '../db';

/**
 * The output cache in the node_outputs table, so a re-run from the CLI or the server (or
 * after a restart) finds what an earlier run computed. Values are encoded with the NaN-safe
 * codec; a row that cannot be decoded is treated as a miss and said so in the log.
 *
 * An output that carries one of the node's inputs inside it (a split its dataset, a model its
 * splits: ~9 MB each on the peer pipeline) is stored as a reference to the input's own entry,
 * `{"$ref": "<signature>/<port>"}`, and read back whole: the value is the same, the copy is
 * not written. A reference whose entry is gone (evicted) makes the entry a miss.
 */
export class DbOutputCache implements OutputCache {
  /**
   * Outputs read back and still in use (a run's results hold them), by signature: an entry
   * referred to by several others (a dataset inside a split inside two models) is decoded
   * once and shared, as the run that computed them shared it. Weak: no output outlives its use.
   */
  private readonly live = new Map<string, WeakRef<Record<string, unknown>>>();
  private readonly forget = new FinalizationRegistry<string>((signature) => {
    if (!this.live.get(signature)?.deref()) this.live.delete(signature);
  });

  constructor(private readonly store: Store) {}

  async get(signature: string): Promise<Record<string, unknown> | undefined> {
    return readStoredOutputs(this.store, signature, {
      get: (s) => this.live.get(s)?.deref(),
      set: (s, outputs) => {
        this.live.set(s, new WeakRef(outputs));
        this.forget.register(outputs, s);
      },
    });
  }

  async put(signature: string, nodeType: string, outputs: Record<string, unknown>, inputs?: ReadonlyMap<object, string>): Promise<void> {
    const text = inputs?.size ? encodeValueWithRefs(outputs, (value) => inputs.get(value)) : encodeValue(outputs);
    await this.store.nodeOutputs.put({ signature, nodeType, outputs: text });
  }
}

interface OutputsMemo {
  get(signature: string): Record<string, unknown> | undefined;
  set(signature: string, outputs: Record<string, unknown>): void;
}

const REF_MARK = '{"$ref":';

/**
 * A node_outputs entry decoded, with its references to other entries followed (see
 * DbOutputCache); undefined when it, or an entry it refers to, is not stored (or unreadable).
 */
export async function readStoredOutputs(store: Store, signature: string, memo?: OutputsMemo, via: readonly string[] = []): Promise<Record<string, unknown> | undefined> {
  const known = memo?.get(signature);
  if (known) return known;
  if (via.includes(signature)) return undefined; // put never writes a cycle; never follow one
  const row = await store.nodeOutputs.get(signature);
  if (!row) return undefined;
  let outputs: Record<string, unknown>;
  try {
    outputs = decodeValue(row.outputs) as Record<string, unknown>;
  } catch (err) {
    console.warn(`[coinlab] cache entry ${signature.slice(0, 12)} could not be read, recomputing: ${String(err)}`);
    return undefined;
  }
  if (row.outputs.includes(REF_MARK)) {
    const resolved = await followRefs(outputs, async (ref) => {
      const slash = ref.lastIndexOf('/');
      const upstream = await readStoredOutputs(store, ref.slice(0, slash), memo, [...via, signature]);
      const port = ref.slice(slash + 1);
      return upstream && Object.hasOwn(upstream, port) ? { value: upstream[port] } : undefined;
    });
    if (!resolved) return undefined;
  }
  void store.nodeOutputs.touch(signature).catch(() => {});
  memo?.set(signature, outputs);
  return outputs;
}

/** Replaces, in place, every `{"$ref": name}` object below `value` by what `resolve` finds; false if one is not found. */
async function followRefs(value: object, resolve: (ref: string) => Promise<{ value: unknown } | undefined>): Promise<boolean> {
  const holder = value as Record<string | number, unknown>;
  const visit = async (key: string | number, v: object): Promise<boolean> => {
    const ref = refName(v);
    if (ref === undefined) return followRefs(v, resolve);
    const found = await resolve(ref);
    if (found) holder[key] = found.value;
    return found !== undefined;
  };
  if (Array.isArray(value)) {
    // Most arrays are long columns of numbers: a plain loop, no await per element.
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'object' && v !== null && !(await visit(i, v))) return false;
    }
    return true;
  }
  for (const key of Object.keys(value)) {
    const v = holder[key];
    if (typeof v === 'object' && v !== null && !(await visit(key, v))) return false;
  }
  return true;
}

function refName(v: object): string | undefined {
  if (Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  const ref = (v as { $ref?: unknown }).$ref;
  return keys.length === 1 && typeof ref === 'string' && ref.includes('/') ? ref : undefined;
}

/** The text the outputs API sends for an entry: as stored, or re-encoded whole when it holds references. */
export async function storedOutputsText(store: Store, signature: string): Promise<string | undefined> {
  const row = await store.nodeOutputs.get(signature);
  if (!row) return undefined;
  if (!row.outputs.includes(REF_MARK)) return row.outputs;
  const outputs = await readStoredOutputs(store, signature);
  return outputs && encodeValue(outputs);
}
