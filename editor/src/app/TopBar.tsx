import { useRef, useState, type ReactNode } from 'react';
import { useGraphStore } from '../stores/graph-store';
import { isRunActive, useRunStore } from '../stores/run-store';
import { useUiStore } from '../stores/ui-store';
import { InlineName } from '../panels/InlineName';
import { deleteGraph, duplicateGraph, newGraph, saveGraph } from './graph-actions';
import { cancelRun, runGraph } from './run-actions';
import { exportGraph, importFile } from './file-actions';
import { PlanButton } from '../planner/PlanButton';
import { confirmReplaceCanvas } from './replace-guard';
import { useCanvasAccess } from '../auth/graph-access-store';
import './topbar.css';

/** `status`: indicators beside the help button (the app passes the alert bell; unit tests render none). */
export function TopBar({ status }: { status?: ReactNode } = {}) {
  const dirty = useGraphStore((s) => s.rev !== s.savedRev);
  const version = useGraphStore((s) => s.savedVersion);
  const graphId = useGraphStore((s) => s.graphId);
  const readOnly = useGraphStore((s) => s.readOnly);
  const { access } = useCanvasAccess(graphId);
  const active = useRunStore(isRunActive);
  const runStatus = useRunStore((s) => s.snapshot?.status);
  const live = useRunStore((s) => s.live);
  const busy = useUiStore((s) => s.busy);
  const openDialog = useUiStore((s) => s.openDialog);
  const fileInput = useRef<HTMLInputElement>(null);
  const [menu, setMenu] = useState(false);

  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" />
        coinlab
      </div>
      <InlineName className="graph-name" />
      <span className={`save-state${dirty ? ' dirty' : ''}`} data-save-state={dirty ? 'dirty' : 'saved'}>
        {graphId ? (dirty ? `v${version} · unsaved changes` : `v${version} · saved`) : dirty ? 'not saved' : 'new graph'}
      </span>
      <nav className="topbar-actions">
        <button className="btn ghost" onClick={() => confirmReplaceCanvas('A new graph', () => newGraph())} title="New graph">
          New
        </button>
        <button className="btn ghost" onClick={() => openDialog({ kind: 'open' })} title="Open a saved graph">
          Open
        </button>
        <PlanButton />
        <button className="btn ghost" onClick={() => openDialog({ kind: 'templates' })} title="Start from a template">
          Templates
        </button>
        <button className="btn ghost" onClick={() => fileInput.current?.click()} title="Import a .graph.json file (candle files go to the Data tab)">
          Import
        </button>
        <button className="btn ghost" onClick={exportGraph} title="Download the graph as JSON">
          Export
        </button>
        <button className="btn ghost" disabled={!graphId} onClick={() => openDialog({ kind: 'versions' })} title="Versions of this graph">
          Versions
        </button>
        {access === 'owner' && (
          <button className="btn ghost" disabled={!graphId} onClick={() => openDialog({ kind: 'share' })} title={graphId ? 'Share this graph with the team or a person' : 'Save the graph to share it'}>
            Share
          </button>
        )}
        <div className="menu-wrap">
          <button className="btn ghost" onClick={() => setMenu(!menu)} aria-haspopup="menu" aria-expanded={menu} title="More">
            ⋯
          </button>
          {menu && (
            <div className="menu" role="menu" onMouseLeave={() => setMenu(false)}>
              <button role="menuitem" disabled={!graphId} onClick={() => (setMenu(false), void duplicateGraph())}>
                Duplicate graph
              </button>
              <button
                role="menuitem"
                className="danger"
                onClick={() => {
                  setMenu(false);
                  openDialog({
                    kind: 'confirm',
                    title: 'Delete this graph?',
                    message: 'The graph and all its versions are deleted. Runs stay in the history.',
                    confirmLabel: 'Delete',
                    onConfirm: () => void deleteGraph(),
                  });
                }}
              >
                Delete graph
              </button>
            </div>
          )}
        </div>
        <input
          ref={fileInput}
          type="file"
          accept=".json,.csv,application/json,text/csv"
          hidden
          data-testid="import-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </nav>
      <div className="topbar-run">
        <button className="btn" onClick={() => void saveGraph()} disabled={!!busy || readOnly} title={graphId && !dirty ? `No changes since v${version} (Ctrl+S)` : 'Save a new version (Ctrl+S)'}>
          Save
        </button>
        {active ? (
          <button className="btn danger" onClick={() => void cancelRun()} title="Cancel the run">
            ■ Cancel
          </button>
        ) : readOnly ? null : (
          <button className="btn primary" onClick={() => void runGraph()} disabled={!!busy} title="Run the graph (Ctrl+Enter)">
            ▶ Run
          </button>
        )}
        {runStatus && (
          <span className={`run-pill status-${runStatus}`} data-run-status={runStatus} title={live === 'offline' ? 'reconnecting to the live stream…' : undefined}>
            {runStatus}
            {live === 'offline' && active ? ' · reconnecting' : ''}
          </span>
        )}
        {status}
        <button className="icon-btn help-btn" onClick={() => openDialog({ kind: 'help' })} title="Keyboard shortcuts (?)">
          ?
        </button>
      </div>
    </header>
  );
}
