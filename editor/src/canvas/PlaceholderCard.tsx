import { memo } from 'react';
import { Handle, Position } from '@xyflow/react';
import { PORT_TYPE_INFO } from '@coinlab/shared';
import { categoryColor, entryFor } from '../catalog/catalog';
import { useProblemsStore } from '../stores/problems-store';
import { DataWarningMark } from '../panels/DataWarningMark';
import type { CoinNodeData } from '../graph/types';
import { BORDER, HANDLE, cardHandles, cardHeight, portRows } from './geometry';
import { STATUS_GLYPH, STATUS_LABEL } from './StatusBadge';
import { useNodeProgressStep, useNodeStatus } from './run-selectors';
import './placeholder-card.css';

/**
 * The farthest level of detail (detail.ts): one box the size of the full card, filled with
 * its status colour, with the real handles at the full card's places (so edges attach the
 * same and a connection can still be dragged from or to it), a thick progress bar while it
 * runs, the data-warning and problem marks as blocks of colour, and the title in large type.
 * No nested layout: a few elements a node instead of a few dozen.
 */
function PlaceholderCardImpl({ id, data, selected }: { id: string; data: CoinNodeData; selected: boolean }) {
  const entry = entryFor(data.nodeType);
  const status = useNodeStatus(id);
  const progress = useNodeProgressStep(id, 10);
  const hasProblems = useProblemsStore((s) => s.byNode.has(id));
  const height = cardHeight(portRows(entry), Object.keys(data.params).length > 0);
  const specs = { ...entry?.inputs, ...entry?.outputs };
  return (
    <div
      className={`node-card placeholder status-${status}${selected ? ' selected' : ''}${hasProblems ? ' has-problems' : ''}`}
      style={{ '--cat-color': categoryColor(entry?.ui.category), height } as React.CSSProperties}
      data-node-id={id}
      data-status={status}
      title={`${data.label ?? entry?.ui.title ?? data.nodeType} (${STATUS_LABEL[status]})`}
    >
      {cardHandles(entry).map((h) => {
        const spec = specs[h.id ?? ''];
        return (
          <Handle
            key={`${h.type}-${h.id}`}
            type={h.type}
            position={h.type === 'target' ? Position.Left : Position.Right}
            id={h.id}
            className="port-handle"
            // Centred where the full card centres it (geometry.ts), relative to the padding box.
            style={{ top: h.y + HANDLE / 2 - BORDER, '--port-color': spec ? PORT_TYPE_INFO[spec.type].color : undefined } as React.CSSProperties}
            data-port={h.id}
            data-port-type={spec?.type}
          />
        );
      })}
      {/* As the canvas layer draws it under the card, legible from zoom 0.2 up (draw-far.ts). */}
      <span className="placeholder-title">
        {STATUS_GLYPH[status] ? `${STATUS_GLYPH[status]} ` : ''}
        {data.label ?? entry?.ui.title ?? data.nodeType}
      </span>
      <DataWarningMark nodeId={id} compact />
      {progress !== undefined && (
        <div className="placeholder-progress">
          <div className={progress === null ? 'indeterminate' : undefined} style={{ width: `${Math.round((progress ?? 0.3) * 100)}%` }} />
        </div>
      )}
    </div>
  );
}

export const PlaceholderCard = memo(PlaceholderCardImpl);
