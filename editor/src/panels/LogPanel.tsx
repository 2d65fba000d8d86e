import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRunStore } from '../stores/run-store';
import { selectedNode, useGraphStore } from '../stores/graph-store';
import { focusNode } from '../canvas/flow-instance';

const ROW = 22;

/** Node logs of the run on screen, streaming; follows the tail unless scrolled up. */
export function LogPanel() {
  const logs = useRunStore((s) => s.logs);
  const runId = useRunStore((s) => s.runId);
  const selected = useGraphStore((s) => selectedNode(s)?.id ?? null);
  const [onlySelected, setOnlySelected] = useState(false);
  const [level, setLevel] = useState<'all' | 'warn'>('all');
  const shown = useMemo(
    () => logs.filter((l) => (!onlySelected || l.nodeId === selected) && (level === 'all' || l.level === 'warn' || l.level === 'error')),
    [logs, onlySelected, selected, level],
  );
  const parent = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const v = useVirtualizer({ count: shown.length, getScrollElement: () => parent.current, estimateSize: () => ROW, overscan: 20 });
  useEffect(() => {
    if (atBottom.current && shown.length) v.scrollToIndex(shown.length - 1, { align: 'end' });
  }, [shown.length, v]);

  if (!runId) return <div className="muted pad">Run the graph to see its logs here.</div>;
  return (
    <div className="log-panel">
      <div className="log-tools">
        <label className="check">
          <input type="checkbox" checked={onlySelected} onChange={(e) => setOnlySelected(e.target.checked)} /> only selected node
        </label>
        <label className="check">
          <input type="checkbox" checked={level === 'warn'} onChange={(e) => setLevel(e.target.checked ? 'warn' : 'all')} /> warnings and errors
        </label>
        <span className="muted small">{shown.length.toLocaleString()} lines</span>
      </div>
      <div
        className="log-lines"
        ref={parent}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW * 2;
        }}
      >
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((item) => {
            const l = shown[item.index]!;
            return (
              <div key={l.seq} className={`log-line level-${l.level}`} style={{ transform: `translateY(${item.start}px)`, height: ROW }}>
                <span className="log-time">{new Date(l.ts).toISOString().slice(11, 23)}</span>
                <button className="log-node mono" onClick={() => focusNode(l.nodeId)}>
                  {l.nodeId}
                </button>
                <span className="log-level">{l.level}</span>
                <span className="log-msg" title={l.message}>
                  {l.message}
                </span>
              </div>
            );
          })}
        </div>
        {!shown.length && <div className="muted pad">No log lines yet.</div>}
      </div>
    </div>
  );
}
