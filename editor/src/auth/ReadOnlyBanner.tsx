import { useGraphStore } from '../stores/graph-store';
import { useCanvasAccess } from './graph-access-store';
import { runACopy } from './run-copy';
import './account.css';

/** Over the canvas of a graph shared as viewer: whose it is, and the way to run it anyway. */
export function ReadOnlyBanner() {
  const graphId = useGraphStore((s) => s.graphId);
  const readOnly = useGraphStore((s) => s.readOnly);
  const { ownerName } = useCanvasAccess(graphId);
  if (!readOnly) return null;
  return (
    <div className="read-only-banner" role="status">
      <span>Shared with you as viewer by {ownerName ?? 'its owner'}: you can look, not change.</span>
      <button className="btn small primary" onClick={() => void runACopy()}>
        Run a copy
      </button>
    </div>
  );
}
