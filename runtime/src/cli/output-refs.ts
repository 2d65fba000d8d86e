import path from 'node:path';
import type { RefFor } from '@coinlab/shared';

/** One output port of a node in an `--out` tree: its value and its file, relative to the tree. */
export interface OutputFile {
  file: string;
  value: unknown;
}

/**
 * `--out` writes each node output once. A value that carries another node's output inside it
 * (a split carries its dataset, a model the splits it was trained on: ~9 MB each on the peer
 * pipeline) refers to that node's file instead, as a JSON reference relative to the file:
 * `{"$ref": "../dataset/dataset.json"}`. Outputs are matched by value — the same `kind`, then
 * the same object or an equal one — not by identity alone, so a run whose nodes came from the
 * cache (decoded one by one) writes the same files as the run that computed them. Candidates
 * are tried in file order, so equal outputs of two nodes always resolve to the same one.
 */
export function outputRefs(files: readonly OutputFile[]): (file: OutputFile) => RefFor {
  const byKind = new Map<string, OutputFile[]>();
  for (const f of [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    const kind = kindOf(f.value);
    if (kind === undefined) continue;
    byKind.set(kind, [...(byKind.get(kind) ?? []), f]);
  }
  return (self) => (value) => {
    const kind = kindOf(value);
    if (kind === undefined) return undefined;
    const found = byKind.get(kind)?.find((c) => c.file !== self.file && (c.value === value || sameJsonValue(c.value, value)));
    return found && path.posix.relative(path.posix.dirname(self.file), found.file);
  };
}

function kindOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const kind = (value as { kind?: unknown }).kind;
  return typeof kind === 'string' ? kind : undefined;
}

const isArrayLike = (v: object): v is ArrayLike<unknown> => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
/** Properties JSON writes (undefined and functions are left out of objects). */
const jsonKeys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined && typeof o[k] !== 'function');

/** Whether two values read back equal from the output codec: NaN equals NaN, typed arrays equal arrays. */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const arrayA = isArrayLike(a);
  if (arrayA !== isArrayLike(b)) return false;
  if (arrayA) {
    const x = a as ArrayLike<unknown>;
    const y = b as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      const u = x[i];
      const v = y[i];
      if (u === v || (u !== u && v !== v)) continue; // the common case, numbers, without a call
      if (!sameJsonValue(u, v)) return false;
    }
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = jsonKeys(x);
  if (keys.length !== jsonKeys(y).length) return false;
  return keys.every((k) => Object.hasOwn(y, k) && sameJsonValue(x[k], y[k]));
}
