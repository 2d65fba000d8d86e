import type { ArtifactService } from '@coinlab/nodes';
import type { RunEventEmitter } from '../engine';
import type { Store } from '../db';
import { redactText, redactValue } from '../security/redact';

/** Content types whose bytes are text a person reads (and a secret could be written into). */
const TEXTUAL = /^(text\/|application\/(json|xml|javascript|x-ndjson|csv)\b|application\/[\w.+-]+\+(json|xml)\b|image\/svg\+xml\b)/i;

/**
 * Text artifacts (reports, transcripts, JSON) are stored redacted: a key a node or a model
 * wrote into one would otherwise be served and downloaded with it. Binary content is kept as is.
 */
function redactContent(contentType: string, content: string | Uint8Array): string | Uint8Array {
  if (typeof content === 'string') return redactText(content);
  if (!TEXTUAL.test(contentType)) return content;
  const text = Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('utf8');
  const clean = redactText(text);
  return clean === text ? content : Buffer.from(clean, 'utf8');
}

/** Artifacts saved by a node go to the artifacts table under the run's owner, with an event. */
export function dbArtifactService(store: Store, scope: { ownerId: string; runId: string; nodeId: string; emitter: RunEventEmitter }): ArtifactService {
  return {
    async save(a) {
      const saved = await store.artifacts.create({
        ownerId: scope.ownerId,
        runId: scope.runId,
        nodeId: scope.nodeId,
        kind: a.kind,
        name: redactText(a.name),
        contentType: a.contentType,
        content: redactContent(a.contentType, a.content),
        metadata: redactValue(a.metadata ?? {}),
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
