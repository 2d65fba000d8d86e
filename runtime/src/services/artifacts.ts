import type { ArtifactService } from '@coinlab/nodes';
import type { RunEventEmitter } from '../engine';
import type { Store } from '../db';

/** Artifacts saved by a node go to the artifacts table under the run's owner, with an event. */
export function dbArtifactService(store: Store, scope: { ownerId: string; runId: string; nodeId: string; emitter: RunEventEmitter }): ArtifactService {
  return {
    async save(a) {
      const saved = await store.artifacts.create({
        ownerId: scope.ownerId,
        runId: scope.runId,
        nodeId: scope.nodeId,
        kind: a.kind,
        name: a.name,
        contentType: a.contentType,
        content: a.content,
        metadata: a.metadata ?? {},
      });
      scope.emitter.emit({ kind: 'artifact.created', nodeId: scope.nodeId, artifactId: saved.id, artifactKind: saved.kind, name: saved.name, contentType: saved.contentType });
      return { id: saved.id, kind: saved.kind, name: saved.name, contentType: saved.contentType };
    },
    async load(id) {
      const row = await store.artifacts.get(id);
      if (!row) return null;
      return { ref: { id: row.id, kind: row.kind, name: row.name, contentType: row.contentType }, content: row.content, metadata: row.metadata };
    },
  };
}
