import { memo, useContext } from 'react';
import { BaseEdge, getBezierPath, getStraightPath, type EdgeProps } from '@xyflow/react';
import { PORT_TYPE_INFO } from '@coinlab/shared';
import { useRunStore } from '../stores/run-store';
import type { CoinEdge } from '../graph/types';
import { DetailContext } from './detail';

/**
 * An edge coloured by the type it carries; it animates while the node it feeds runs.
 * Zoomed out, edges are too thin to pick: no wide invisible hit path. At the placeholder
 * level they are straight lines, thicker, with running shown by brightness instead of a
 * moving dash (an animation repaints every frame).
 */
function DataEdgeImpl({ id, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected }: EdgeProps<CoinEdge>) {
  const running = useRunStore((s) => s.snapshot?.nodes[target]?.status === 'running');
  const level = useContext(DetailContext);
  const far = level === 'placeholder';
  const [path] = far ? getStraightPath({ sourceX, sourceY, targetX, targetY }) : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const color = data?.portType ? PORT_TYPE_INFO[data.portType].color : '#64748b';
  return (
    <BaseEdge
      id={id}
      path={path}
      className={`data-edge${far ? ' far' : ''}${running ? ' edge-running' : ''}${selected ? ' edge-selected' : ''}`}
      style={{ stroke: color }}
      interactionWidth={level === 'full' ? 14 : 0}
    />
  );
}

export const DataEdge = memo(DataEdgeImpl);
