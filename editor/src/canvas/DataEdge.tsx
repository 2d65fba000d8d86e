import { memo, useContext } from 'react';
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { PORT_TYPE_INFO } from '@coinlab/shared';
import { useRunStore } from '../stores/run-store';
import type { CoinEdge } from '../graph/types';
import { DetailContext } from './detail';
import './edges.css';

/**
 * An edge coloured by the type it carries; it animates while the node it feeds runs.
 * Zoomed out (compact cards) edges are too thin to pick: no wide invisible hit path, and
 * running is shown by a solid, brighter line instead of a moving dash (an animation
 * repaints every frame). At the placeholder level the canvas layer draws edges instead.
 */
function DataEdgeImpl({ id, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected }: EdgeProps<CoinEdge>) {
  const running = useRunStore((s) => s.snapshot?.nodes[target]?.status === 'running');
  const level = useContext(DetailContext);
  const far = level !== 'full';
  const [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const color = data?.portType ? PORT_TYPE_INFO[data.portType].color : '#64748b';
  return (
    <BaseEdge
      id={id}
      path={path}
      className={`data-edge${far ? ' far' : ''}${running ? ' edge-running' : ''}${selected ? ' edge-selected' : ''}`}
      style={{ stroke: color }}
      interactionWidth={far ? 0 : 14}
    />
  );
}

export const DataEdge = memo(DataEdgeImpl);
