import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Artifact } from '../api/views';
import { useRunStore } from '../stores/run-store';
import { ArtifactList } from '../outputs/ArtifactList';

/** Every artifact of the run on screen (reports, charts, models). */
export function ArtifactsTab() {
  const runId = useRunStore((s) => s.runId);
  const status = useRunStore((s) => s.snapshot?.status);
  const count = useRunStore((s) => Object.values(s.snapshot?.nodes ?? {}).reduce((n, x) => n + x.artifacts.length, 0));
  const [artifacts, setArtifacts] = useState<Artifact[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!runId) return;
    let live = true;
    api
      .runArtifacts(runId)
      .then((a) => live && (setArtifacts(a), setError(null)))
      .catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [runId, status, count]);
  if (!runId) return <div className="muted pad">Artifacts of a run (reports, charts, models) appear here.</div>;
  if (error) return <div className="field-error pad">{error}</div>;
  if (!artifacts) return <div className="muted pad">Loading…</div>;
  if (!artifacts.length) return <div className="muted pad">This run has no artifacts yet.</div>;
  return <ArtifactList artifacts={artifacts} showNode />;
}
