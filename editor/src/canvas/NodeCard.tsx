import { memo, useContext } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { DetailContext } from './detail';
import { PORT_TYPE_INFO, type CatalogEntry, type PortSpec } from '@coinlab/shared';
import { categoryColor, entryFor } from '../catalog/catalog';
import { useRunStore } from '../stores/run-store';
import { useProblemsStore } from '../stores/problems-store';
import { formatDuration, plainText, shortValue } from '../util/format';
import { Elapsed, STATUS_GLYPH, STATUS_LABEL, StatusBadge } from './StatusBadge';
import './node-card.css';
import './compact-card.css';
import type { CoinNode } from '../graph/types';
import { NodeApproval } from '../approvals/NodeApproval';
import { DataWarningMark } from '../panels/DataWarningMark';
import { PlaceholderCard } from './PlaceholderCard';
import { useNodeProgress, useNodeStatus } from './run-selectors';

function portTip(name: string, spec: PortSpec, side: 'input' | 'output'): string {
  const info = PORT_TYPE_INFO[spec.type];
  const extra = [spec.optional && side === 'input' ? 'optional' : '', spec.multiple ? 'takes many' : ''].filter(Boolean).join(', ');
  return `${spec.label ?? name}: ${info.label}${extra ? ` (${extra})` : ''}. ${spec.description ?? info.description}`;
}

function PortHandle({ name, spec, side, compact }: { name: string; spec: PortSpec; side: 'input' | 'output'; compact?: boolean }) {
  const info = PORT_TYPE_INFO[spec.type];
  const tip = compact ? undefined : portTip(name, spec, side);
  return (
    <div className={`port port-${side}`} data-tip={tip}>
      <Handle
        type={side === 'input' ? 'target' : 'source'}
        position={side === 'input' ? Position.Left : Position.Right}
        id={name}
        className={`port-handle${spec.multiple ? ' port-many' : ''}${spec.optional ? ' port-optional' : ''}`}
        style={{ '--port-color': info.color } as React.CSSProperties}
        title={tip}
        data-port={name}
        data-port-type={spec.type}
      />
      {!compact && (
        <>
          <span className="port-name">{spec.label ?? name}</span>
          <span className="port-type" style={{ color: info.color }}>
            {info.label}
          </span>
        </>
      )}
    </div>
  );
}


/** Port rows with fixed heights, so handles sit at the same place in both levels of detail. */
function PortRows({ entry, compact }: { entry: CatalogEntry | undefined; compact: boolean }) {
  const inputs = entry ? Object.entries(entry.inputs) : [];
  const outputs = entry ? Object.entries(entry.outputs) : [];
  const rows = Math.max(inputs.length, outputs.length);
  if (!rows) return null;
  return (
    <div className="node-ports">
      {Array.from({ length: rows }, (_, i) => {
        const inp = inputs[i];
        const out = outputs[i];
        return (
          <div className="port-row" key={i}>
            {inp ? <PortHandle name={inp[0]} spec={inp[1]} side="input" compact={compact} /> : <span />}
            {out ? <PortHandle name={out[0]} spec={out[1]} side="output" compact={compact} /> : <span />}
          </div>
        );
      })}
    </div>
  );
}

/**
 * A node on the canvas. Memoized and fed by narrow store selectors: a run event re-renders
 * only the card whose state it changed, which keeps 1000-node graphs smooth while runs stream.
 * Zoomed out, cards render lighter versions (detail.ts): a thousand full cards cost several
 * times more to lay out and paint.
 */
function NodeCardImpl(props: NodeProps<CoinNode>) {
  const level = useContext(DetailContext);
  if (level === 'placeholder') return <PlaceholderCard id={props.id} data={props.data} selected={props.selected} />;
  return level === 'compact' ? <CompactCard {...props} /> : <FullCard {...props} />;
}

function CompactCard({ id, data, selected }: NodeProps<CoinNode>) {
  const entry = entryFor(data.nodeType);
  const status = useNodeStatus(id);
  const progress = useNodeProgress(id);
  const hasProblems = useProblemsStore((s) => s.byNode.has(id));
  return (
    <div
      className={`node-card compact status-${status}${selected ? ' selected' : ''}${hasProblems ? ' has-problems' : ''}`}
      style={{ '--cat-color': categoryColor(entry?.ui.category) } as React.CSSProperties}
      data-node-id={id}
      data-status={status}
    >
      <div className="node-head">
        <span className="compact-title">{data.label ?? entry?.ui.title ?? data.nodeType}</span>
        <DataWarningMark nodeId={id} compact />
        {status !== 'idle' && (
          <span className={`compact-status status-${status}`} title={STATUS_LABEL[status]}>
            {STATUS_GLYPH[status]}
          </span>
        )}
      </div>
      <PortRows entry={entry} compact />
      {Object.keys(data.params).length > 0 && <div className="node-params" />}
      {/* Thick enough to read at a tenth of full size; drawn over the card, so sizes do not change. */}
      {progress !== undefined && (
        <div className="compact-progress">
          <div className={progress === null ? 'indeterminate' : undefined} style={{ width: `${Math.round((progress ?? 0.3) * 100)}%` }} />
        </div>
      )}
    </div>
  );
}

function FullCard({ id, data, selected }: NodeProps<CoinNode>) {
  const entry = entryFor(data.nodeType);
  const run = useRunStore((s) => s.snapshot?.nodes[id]);
  const problems = useProblemsStore((s) => s.byNode.get(id));
  const status = run?.status ?? 'idle';
  const color = categoryColor(entry?.ui.category);
  const paramText = Object.entries(data.params)
    .slice(0, 3)
    .map(([k, v]) => `${k} ${shortValue(v)}`)
    .join(' · ');
  const title = data.label ?? entry?.ui.title ?? data.nodeType;
  const problemText = problems?.map((p) => p.message).join('\n');

  return (
    <div
      className={`node-card status-${status}${selected ? ' selected' : ''}${problems?.length ? ' has-problems' : ''}${entry ? '' : ' unknown'}`}
      style={{ '--cat-color': color } as React.CSSProperties}
      data-node-id={id}
      data-status={status}
    >
      <div className="node-head">
        <span className="node-title" title={entry ? plainText(entry.ui.description) : undefined}>
          {title}
        </span>
        <span className="node-id" title={`id ${id}`}>
          {id}
        </span>
        {problems?.length ? (
          <span className="node-problems" title={problemText}>
            {problems.length} problem{problems.length > 1 ? 's' : ''}
          </span>
        ) : null}
        <DataWarningMark nodeId={id} />
        {status !== 'idle' && <StatusBadge status={status} />}
      </div>
      <PortRows entry={entry} compact={false} />
      {paramText && <div className="node-params">{paramText}</div>}
      {(status === 'running' || run?.durationMs != null || (status === 'skipped' && run?.skipReason)) && (
        <div className="node-run">
          {status === 'running' && (
            <div className="progress" title={run?.progressMessage ?? undefined}>
              <div className={`progress-bar${run?.progress === null || run?.progress === undefined ? ' indeterminate' : ''}`} style={{ width: `${Math.round((run?.progress ?? 0.3) * 100)}%` }} />
            </div>
          )}
          <div className="node-run-line">
            <span className="node-run-msg">{status === 'running' ? (run?.progressMessage ?? (run?.progress != null ? `${Math.round(run.progress * 100)}%` : '')) : status === 'skipped' || status === 'stopped' ? (run?.skipReason ?? '') : ''}</span>
            {status === 'running' && run?.startedAt ? <Elapsed since={run.startedAt} /> : <span className="elapsed">{formatDuration(run?.durationMs)}</span>}
          </div>
        </div>
      )}
      {status === 'failed' && run?.error && (
        <div className="node-error" title={run.error}>
          {run.error}
        </div>
      )}
      {status === 'awaiting' && run?.awaiting && <NodeApproval nodeId={id} request={run.awaiting} />}
    </div>
  );
}

/** Cards draw only from id, data and selection; React Flow's position and size props (which
 * change when a node is measured or moved) need no re-render of the card. */
export const NodeCard = memo(NodeCardImpl, (a, b) => a.id === b.id && a.data === b.data && a.selected === b.selected);
