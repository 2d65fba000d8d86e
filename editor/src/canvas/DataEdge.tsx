import { memo, useContext } from 'react';
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { PORT_TYPE_INFO } from '@coinlab/shared';
import { useRunStore } from '../stores/run-store';
import type { CoinEdge } from '../graph/types';
import { ZoomedOutContext } from './detail';

/** An edge coloured by the type it carries; it animates while the node it feeds runs. */
function DataEdgeImpl({ id, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected }: EdgeProps<CoinEdge>) {
  const running = useRunStore((s) => s.snapshot?.nodes[target]?.status === 'running');
  // Zoomed far out, edges are too thin to pick anyway: skip their wide invisible hit path.
  const far = useContext(ZoomedOutContext);
  const [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const color = data?.portType ? PORT_TYPE_INFO[data.portType].color : '#64748b';
  return (
    <BaseEdge
      id={id}
      path={path}
      className={`data-edge${running ? ' edge-running' : ''}${selected ? ' edge-selected' : ''}`}
      style={{ stroke: color }}
      interactionWidth={far ? 0 : 14}
    />
  );
}

export const DataEdge = memo(DataEdgeImpl);
