import type { RunSnapshot } from '@coinlab/shared';

export interface RunArtifactEntry {
  id: string;
  /** The node of this run that made the artifact or, from the cache, reused it; null for run-level artifacts. */
  nodeId: string | null;
  name: string;
  contentType: string;
  /** True when a cached node reused it from the run that first made it. */
  reused: boolean;
}

/**
 * Every artifact of a run: those it made (`own`, from the artifacts table) plus those its cached
 * nodes reused, which the run manager announces as artifact events (see cached-artifacts.ts) and
 * the snapshot therefore lists under the node of this run. One list for the API, `--out` and the
 * remote CLI, so that a run served from the cache shows — and writes — the same artifacts as an
 * uncached one.
 */
export function runArtifactEntries(snap: RunSnapshot, own: readonly { id: string; nodeId: string | null; name: string; contentType: string }[]): RunArtifactEntry[] {
  const entries: RunArtifactEntry[] = own.map((a) => ({ id: a.id, nodeId: a.nodeId, name: a.name, contentType: a.contentType, reused: false }));
  const seen = new Set(entries.map((a) => a.id));
  for (const [nodeId, node] of Object.entries(snap.nodes)) {
    for (const a of node.artifacts) {
      if (seen.has(a.id)) continue;
      seen.add(a.id);
      entries.push({ id: a.id, nodeId, name: a.name, contentType: a.contentType, reused: true });
    }
  }
  return entries;
}
