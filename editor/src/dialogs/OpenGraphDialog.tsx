import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { GraphSummary } from '../api/views';
import { openGraphWithLastRun } from '../app/run-actions';
import { useUiStore } from '../stores/ui-store';
import { formatTime } from '../util/format';
import { confirmReplaceCanvas } from '../app/replace-guard';
import { Modal } from './Modal';
import { accessOf } from '../auth/graph-access-store';

export function OpenGraphDialog() {
  const [graphs, setGraphs] = useState<GraphSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  useEffect(() => {
    api.listGraphs().then(setGraphs, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  const shown = (graphs ?? []).filter((g) => g.name.toLowerCase().includes(query.toLowerCase())).sort((a, b) => b.updatedAt - a.updatedAt);
  return (
    <Modal title="Open a graph">
      <input type="search" placeholder="Filter…" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus className="full" />
      {error && <div className="field-error">{error}</div>}
      {graphs && !shown.length && <div className="muted pad">No saved graphs{query ? ' match' : ' yet'}.</div>}
      <ul className="pick-list">
        {shown.map((g) => {
          const { access, ownerName } = accessOf(g);
          return (
            <li
              key={g.id}
              onClick={() => {
                useUiStore.getState().closeDialog();
                confirmReplaceCanvas(`Opening “${g.name}”`, () => void openGraphWithLastRun(g.id));
              }}
              data-graph-id={g.id}
              data-graph-access={access}
            >
              <span className="pick-title">{g.name}</span>
              <span className="muted small">
                {access !== 'owner' && (
                  <span className="shared-mark">
                    shared by {ownerName ?? 'a teammate'} · {access} ·{' '}
                  </span>
                )}
                v{g.currentVersion} · updated {formatTime(g.updatedAt)}
              </span>
            </li>
          );
        })}
      </ul>
    </Modal>
  );
}
