import { useEffect, useState } from 'react';
import { PORT_TYPE_INFO, portTypeSchema, type NodeRunState } from '@coinlab/shared';
import { api } from '../api/client';
import { ArtifactList } from './ArtifactList';
import { ValueView } from './ValueView';
import './outputs.css';

interface Loaded {
  key: string;
  outputs?: Record<string, unknown>;
  error?: string;
}

/** A finished node's outputs (fetched on demand, decoded with the shared codec) and artifacts. */
export function OutputsPanel({ runId, nodeId, state }: { runId: string; nodeId: string; state: NodeRunState }) {
  const done = state.status === 'succeeded' || state.status === 'cached';
  const key = `${runId}/${nodeId}/${state.status}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    if (!done) return;
    let live = true;
    api
      .nodeOutputs(runId, nodeId)
      .then((outputs) => live && setLoaded({ key, outputs }))
      .catch((err: unknown) => live && setLoaded({ key, error: err instanceof Error ? err.message : String(err) }));
    return () => {
      live = false;
    };
  }, [key, done, runId, nodeId]);
  const current = loaded?.key === key ? loaded : null;

  return (
    <div className="outputs-panel" data-outputs-node={nodeId}>
      {!done && <div className="muted pad">Outputs appear when the node succeeds (now {state.status}).</div>}
      {Object.entries(state.outputs).map(([port, summary]) => {
        const t = portTypeSchema.safeParse(summary.type);
        const info = t.success ? PORT_TYPE_INFO[t.data] : null;
        return (
          <section className="output-port" key={port} data-output-port={port}>
            <div className="output-head">
              <span className="port-dot" style={{ background: info?.color ?? '#888' }} />
              <span className="output-name">{port}</span>
              <span className="muted small">{info?.label ?? summary.type}</span>
            </div>
            <div className="output-summary">{summary.summary}</div>
            {current?.error && <div className="field-error">Could not load outputs: {current.error}</div>}
            {!current && done && <div className="muted small">Loading…</div>}
            {current?.outputs && port in current.outputs && <ValueView value={current.outputs[port]} />}
          </section>
        );
      })}
      {state.artifacts.length > 0 && (
        <section className="output-port">
          <div className="output-head">
            <span className="output-name">Artifacts</span>
          </div>
          <ArtifactList artifacts={state.artifacts} />
        </section>
      )}
    </div>
  );
}
