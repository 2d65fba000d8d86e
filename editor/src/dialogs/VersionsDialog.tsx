import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { GraphVersion } from '../api/views';
import { readDocument } from '../app/documents';
import { restoreVersion } from '../app/graph-actions';
import { diffDocuments, type DiffLine } from '../graph/diff';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import { Modal } from './Modal';
import { VersionTable, type VersionPair } from './VersionTable';

async function loadDoc(graphId: string, version: number) {
  const { document } = await api.getGraph(graphId, version);
  const read = readDocument(document, { check: false });
  const doc = read.ok ? read.document : read.document;
  if (!doc) throw new Error(`version ${version} cannot be read`);
  return doc;
}

/** Every saved version, restore one, and compare any two (params, nodes, edges). */
export function VersionsDialog() {
  const graphId = useGraphStore((s) => s.graphId);
  const canvasVersion = useGraphStore((s) => s.savedVersion);
  const [versions, setVersions] = useState<GraphVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pair, setPair] = useState<VersionPair>([null, null]);
  const [diff, setDiff] = useState<DiffLine[] | null>(null);

  useEffect(() => {
    if (!graphId) return;
    api.listVersions(graphId).then(
      (v) => {
        const sorted = [...v].sort((a, b) => b.version - a.version);
        setVersions(sorted);
        if (sorted.length >= 2) setPair([sorted[1]!.version, sorted[0]!.version]);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [graphId]);

  useEffect(() => {
    const [a, b] = pair;
    if (!graphId || a === null || b === null) return;
    let live = true;
    setDiff(null);
    Promise.all([loadDoc(graphId, a), loadDoc(graphId, b)]).then(
      ([da, db]) => live && setDiff(diffDocuments(da, db)),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [graphId, pair]);

  if (!graphId) return null;
  const pick = (i: 0 | 1, v: number) => setPair(i === 0 ? [v, pair[1]] : [pair[0], v]);
  return (
    <Modal title="Versions" wide>
      {error && <div className="field-error">{error}</div>}
      <div className="versions">
        {versions ? (
          <VersionTable
            versions={versions}
            canvasVersion={canvasVersion}
            pair={pair}
            onPick={pick}
            onRestore={(v) => {
              useUiStore.getState().closeDialog();
              void restoreVersion(v);
            }}
          />
        ) : (
          !error && <div className="muted">Loading…</div>
        )}
        <div className="diff" data-testid="version-diff">
          <div className="diff-title">
            {pair[0] !== null && pair[1] !== null ? `Changes from v${pair[0]} to v${pair[1]}` : 'Pick two versions to compare'}
          </div>
          {diff && !diff.length && <div className="muted">No differences.</div>}
          {diff?.map((d, i) => (
            <div key={i} className={`diff-line diff-${d.change}`}>
              <span className="diff-mark">{d.change === 'added' ? '+' : d.change === 'removed' ? '−' : '~'}</span>
              <span className="diff-subject">{d.subject}</span>
              <span className="mono">{d.id}</span>
              {d.details.length > 0 && (
                <ul>
                  {d.details.map((x, j) => (
                    <li key={j}>{x}</li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </div>
      </div>
    </Modal>
  );
}
