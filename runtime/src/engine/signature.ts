import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export interface SignatureInput {
  type: string;
  version: number;
  params: Record<string, unknown>;
  /** Extra content the node depends on (e.g. a data fingerprint), '' when none. */
  fingerprint: string;
  /** For each input port, the upstream `signature:port` references in edge order. */
  inputs: Record<string, string[]>;
  /** Whose cache the result belongs to (RunGraphOptions.cacheScope); absent: the one shared cache. */
  scope?: string;
}

/**
 * The content signature of a node's result: type, version, canonical params, fingerprint and
 * the signatures of everything upstream. Position and label are not part of it, so moving or
 * renaming a node never invalidates the cache, while changing one parameter changes the
 * signature of that node and of everything downstream — exactly what must re-run. Runs of
 * different scopes never have a signature in common, so never each other's cache entries.
 */
export function nodeSignature(input: SignatureInput): string {
  return createHash('sha256')
    .update(canonicalJson(input))
    .digest('hex');
}
