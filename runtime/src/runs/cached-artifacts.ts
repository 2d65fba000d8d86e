import type { EngineHooks } from '../engine';
import type { Store } from '../db';

/**
 * When a node's outputs come from the cache, the artifacts its original execution saved
 * (reports, charts, models) belong to this run too: announce them as artifact events, so the
 * run view, the snapshot and `--out` show them as if the node had just made them.
 */
export function cachedArtifactsHook(store: Store): EngineHooks['onCacheHit'] {
  return async ({ nodeId, signature, emitter }) => {
    const origin = await store.kysely
      .selectFrom('node_runs')
      .select(['run_id', 'node_id'])
      .where('signature', '=', signature)
      .where('status', '=', 'succeeded')
      .orderBy('finished_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!origin) return;
    const artifacts = await store.kysely
      .selectFrom('artifacts')
      .select(['id', 'kind', 'name', 'content_type'])
      .where('run_id', '=', origin.run_id)
      .where('node_id', '=', origin.node_id)
      .orderBy('created_at')
      .execute();
    for (const a of artifacts) emitter.emit({ kind: 'artifact.created', nodeId, artifactId: a.id, artifactKind: a.kind, name: a.name, contentType: a.content_type });
  };
}
