import { useCallback } from 'react';
import { CATEGORY_INFO } from '@coinlab/shared';
import { categoryColor, entryFor } from '../catalog/catalog';
import { ParamForm } from '../forms/ParamForm';
import { selectedNode, useGraphStore } from '../stores/graph-store';
import { useCatalogStore } from '../stores/catalog-store';
import { useRunStore } from '../stores/run-store';
import { useUiStore } from '../stores/ui-store';
import { useProblemsStore } from '../stores/problems-store';
import { NodeRunPanel } from './NodeRunPanel';
import { OutputsPanel } from '../outputs/OutputsPanel';
import { GraphPanel } from './GraphPanel';
import { RichText } from '../util/RichText';
import type { CoinNode } from '../graph/types';
import { PanelResizer } from './PanelResizer';
import { INSPECTOR_DEFAULT, INSPECTOR_WIDE, useInspectorWidth } from './inspector-width';
import './inspector.css';

/** The right-hand panel: the selected node (params, run state, outputs), or the graph. */
export function Inspector() {
  const node = useGraphStore(selectedNode);
  const selectedCount = useGraphStore((s) => {
    let n = 0;
    for (const x of s.nodes) if (x.selected) n++;
    return n;
  });
  const [width, setWidth] = useInspectorWidth();
  const wide = width >= INSPECTOR_WIDE;
  return (
    <>
      <PanelResizer width={width} onWidth={setWidth} defaultWidth={INSPECTOR_DEFAULT} label="Resize the inspector" />
      <aside className="inspector" style={{ width }}>
        {node ? <NodeInspector node={node} wide={wide} onToggleWide={() => setWidth(wide ? INSPECTOR_DEFAULT : INSPECTOR_WIDE)} /> : <GraphPanel selectedCount={selectedCount} />}
      </aside>
    </>
  );
}

function NodeInspector({ node, wide, onToggleWide }: { node: CoinNode; wide: boolean; onToggleWide(): void }) {
  const entry = entryFor(node.data.nodeType);
  const coins = useCatalogStore((s) => s.coins);
  const tab = useUiStore((s) => s.inspectorTab);
  const setTab = useUiStore((s) => s.setInspectorTab);
  const runState = useRunStore((s) => s.snapshot?.nodes[node.id]);
  const runId = useRunStore((s) => s.runId);
  const graphProblems = useProblemsStore((s) => s.byNode.get(node.id));
  const updateParam = useGraphStore((s) => s.updateParam);
  const readOnly = useGraphStore((s) => s.readOnly);
  const onChange = useCallback((key: string, value: unknown) => updateParam(node.id, key, value), [node.id, updateParam]);
  const nonParamProblems = graphProblems?.filter((p) => p.code !== 'bad-params') ?? [];

  if (!entry) {
    return (
      <div className="pad">
        <div className="inspector-title">Unknown node type</div>
        <p className="muted">“{node.data.nodeType}” is not in this coinlab’s catalog.</p>
      </div>
    );
  }
  const outputsCount = runState ? Object.keys(runState.outputs).length + runState.artifacts.length : 0;
  return (
    <div className="node-inspector" data-inspector-node={node.id}>
      <div className="inspector-head" style={{ '--cat-color': categoryColor(entry.ui.category) } as React.CSSProperties}>
        <div className="inspector-kicker">
          <span className="cat-dot" style={{ background: categoryColor(entry.ui.category) }} />
          {CATEGORY_INFO[entry.ui.category].label} · <span className="mono">{entry.type}</span> v{entry.version}
        </div>
        <input
          className="inspector-title-input"
          value={node.data.label ?? ''}
          placeholder={entry.ui.title}
          aria-label="Node label"
          title={node.data.label || entry.ui.title}
          onChange={(e) => useGraphStore.getState().setLabel(node.id, e.target.value)}
        />
        <div className="muted small">
          id <span className="mono">{node.id}</span> · cache {entry.cache}
        </div>
        <p className="inspector-desc">
          <RichText text={entry.ui.description} />
        </p>
      </div>
      {runState && runState.status !== 'idle' && <NodeRunPanel nodeId={node.id} state={runState} />}
      {nonParamProblems.length > 0 && (
        <div className="inspector-problems">
          {nonParamProblems.map((p, i) => (
            <div key={i} className="problem-line">
              {p.message}
            </div>
          ))}
        </div>
      )}
      <div className="tabs">
        <button className={tab === 'params' ? 'active' : ''} onClick={() => setTab('params')}>
          Parameters
        </button>
        <button className={tab === 'outputs' ? 'active' : ''} onClick={() => setTab('outputs')}>
          Outputs{outputsCount ? ` (${outputsCount})` : ''}
        </button>
        <button className="tabs-widen" onClick={onToggleWide} title={wide ? 'Narrow the panel' : 'Widen the panel for tables and charts (or drag its left edge)'} aria-label={wide ? 'Narrow the panel' : 'Widen the panel'} data-testid="inspector-widen">
          {wide ? '⇥' : '⇤'}
        </button>
      </div>
      <div className="inspector-body">
        {tab === 'params' ? (
          // A graph shared as viewer shows its params, not a way to change them.
          <fieldset className="inspector-fieldset" disabled={readOnly}>
            <ParamForm entry={entry} params={node.data.params} onChange={onChange} coins={coins} idPrefix={`p-${node.id}`} />
          </fieldset>
        ) : runId && runState ? (
          <OutputsPanel runId={runId} nodeId={node.id} state={runState} />
        ) : (
          <div className="muted pad">Run the graph to see this node’s outputs.</div>
        )}
      </div>
    </div>
  );
}
